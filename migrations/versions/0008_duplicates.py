"""the same content under two names: one article, every path recorded

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21 09:28:51.388014
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_constraint(op.f('ck_sources_outcome'), 'sources', type_='check')
    op.create_check_constraint(op.f('ck_sources_outcome'), 'sources', "outcome IN ('loaded', 'quarantined', 'duplicate')")
    op.add_column('etl_runs', sa.Column('duplicates', sa.Integer(), server_default='0', nullable=False, comment="Files whose content is already another file's article (recorded as its sources)."))
    op.add_column('sources', sa.Column('article_id', sa.BigInteger(), nullable=True, comment='The article made from this version (for a duplicate, the article with the same content).'))
    op.alter_column('sources', 'outcome',
               existing_type=sa.TEXT(),
               comment="loaded, quarantined, or duplicate (same content as another file's article).",
               existing_comment='loaded or quarantined.',
               existing_nullable=False)
    op.create_index(op.f('ix_sources_article_id'), 'sources', ['article_id'], unique=False)
    op.create_foreign_key(op.f('fk_sources_article_id_articles'), 'sources', 'articles', ['article_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    op.execute("DELETE FROM sources WHERE outcome = 'duplicate'")
    op.drop_constraint(op.f('ck_sources_outcome'), 'sources', type_='check')
    op.create_check_constraint(op.f('ck_sources_outcome'), 'sources', "outcome IN ('loaded', 'quarantined')")
    op.drop_constraint(op.f('fk_sources_article_id_articles'), 'sources', type_='foreignkey')
    op.drop_index(op.f('ix_sources_article_id'), table_name='sources')
    op.alter_column('sources', 'outcome',
               existing_type=sa.TEXT(),
               comment='loaded or quarantined.',
               existing_comment="loaded, quarantined, or duplicate (same content as another file's article).",
               existing_nullable=False)
    op.drop_column('sources', 'article_id')
    op.drop_column('etl_runs', 'duplicates')
