"""article line fingerprints

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 08:39:51.283489
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('article_lines',
    sa.Column('article_id', sa.BigInteger(), nullable=False),
    sa.Column('line_hash', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_lines_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'line_hash', name=op.f('pk_article_lines'))
    )
    op.create_index(op.f('ix_article_lines_article_id'), 'article_lines', ['article_id'], unique=False)
    op.create_index(op.f('ix_article_lines_line_hash'), 'article_lines', ['line_hash'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_article_lines_line_hash'), table_name='article_lines')
    op.drop_index(op.f('ix_article_lines_article_id'), table_name='article_lines')
    op.drop_table('article_lines')
