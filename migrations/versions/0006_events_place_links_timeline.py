"""events: mention status, date expressions, place links, timeline view

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 09:04:00.993061
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TIMELINE = """
CREATE VIEW event_timeline AS
SELECT e.id AS event_id,
       e.event_date,
       e.date_text,
       e.event_type,
       e.title,
       e.status,
       loc.name AS place,
       (SELECT string_agg(x.name, ', ' ORDER BY x.name)
          FROM event_participants p JOIN entities x ON x.id = p.entity_id
         WHERE p.event_id = e.id) AS participants,
       (SELECT count(DISTINCT em.article_id) FROM event_mentions em WHERE em.event_id = e.id) AS articles
  FROM events e
  LEFT JOIN entities loc ON loc.id = e.location_entity_id
 ORDER BY e.event_date NULLS LAST, e.id
"""


def upgrade() -> None:
    op.create_table('place_links',
    sa.Column('article_id', sa.BigInteger(), nullable=False),
    sa.Column('child_entity_id', sa.BigInteger(), nullable=False),
    sa.Column('parent_entity_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_place_links_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['child_entity_id'], ['entities.id'], name=op.f('fk_place_links_child_entity_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_entity_id'], ['entities.id'], name=op.f('fk_place_links_parent_entity_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'child_entity_id', 'parent_entity_id', name=op.f('pk_place_links'))
    )
    op.create_index(op.f('ix_place_links_article_id'), 'place_links', ['article_id'], unique=False)
    op.create_index(op.f('ix_place_links_child_entity_id'), 'place_links', ['child_entity_id'], unique=False)
    op.create_index(op.f('ix_place_links_parent_entity_id'), 'place_links', ['parent_entity_id'], unique=False)
    op.add_column('event_mentions', sa.Column('status', sa.Text(), nullable=True))
    op.add_column('event_mentions', sa.Column('date_expr', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.execute(TIMELINE)
    op.execute("COMMENT ON VIEW event_timeline IS 'One row per real-world event: day, type, title, place, "
               "participants and how many articles state it, in date order.'")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS event_timeline")
    op.drop_column('event_mentions', 'date_expr')
    op.drop_column('event_mentions', 'status')
    op.drop_index(op.f('ix_place_links_parent_entity_id'), table_name='place_links')
    op.drop_index(op.f('ix_place_links_child_entity_id'), table_name='place_links')
    op.drop_index(op.f('ix_place_links_article_id'), table_name='place_links')
    op.drop_table('place_links')
