"""place_inclusions: each stated place inclusion once, with how many articles state it, kept by
triggers on place_links; the loader walks it instead of every article's statement (place_links
grows with the corpus, the inclusions with the places)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-21 20:30:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNT_FUNCTION = """
CREATE FUNCTION place_inclusions_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE place_inclusions i SET articles = i.articles - gone.n
        FROM (SELECT child_entity_id, parent_entity_id, count(*) AS n FROM old_rows GROUP BY 1, 2) AS gone
        WHERE i.child_entity_id = gone.child_entity_id AND i.parent_entity_id = gone.parent_entity_id;
        DELETE FROM place_inclusions i
        WHERE i.articles <= 0 AND (i.child_entity_id, i.parent_entity_id) IN
              (SELECT child_entity_id, parent_entity_id FROM old_rows);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO place_inclusions AS i (child_entity_id, parent_entity_id, articles)
        SELECT child_entity_id, parent_entity_id, count(*) FROM new_rows GROUP BY 1, 2
        ON CONFLICT (child_entity_id, parent_entity_id) DO UPDATE SET articles = i.articles + excluded.articles;
    END IF;
    RETURN NULL;
END
$$
"""

TRIGGERS = {
    'place_links_inserted': 'AFTER INSERT ON place_links REFERENCING NEW TABLE AS new_rows',
    'place_links_deleted': 'AFTER DELETE ON place_links REFERENCING OLD TABLE AS old_rows',
    'place_links_updated': 'AFTER UPDATE ON place_links REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
}


def upgrade() -> None:
    op.create_table(
        'place_inclusions',
        sa.Column('child_entity_id', sa.BigInteger(), nullable=False, comment='The smaller place.'),
        sa.Column('parent_entity_id', sa.BigInteger(), nullable=False, comment='The larger place that contains it.'),
        sa.Column('articles', sa.Integer(), nullable=False, comment='How many articles state it.'),
        sa.ForeignKeyConstraint(['child_entity_id'], ['entities.id'],
                                name=op.f('fk_place_inclusions_child_entity_id_entities'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['parent_entity_id'], ['entities.id'],
                                name=op.f('fk_place_inclusions_parent_entity_id_entities'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('child_entity_id', 'parent_entity_id', name=op.f('pk_place_inclusions')),
        comment='Each place inclusion the articles state, once, with how many articles state it '
                '(kept by triggers on place_links).',
    )
    op.create_index(op.f('ix_place_inclusions_parent_entity_id'), 'place_inclusions', ['parent_entity_id'],
                    unique=False)
    op.execute("INSERT INTO place_inclusions (child_entity_id, parent_entity_id, articles) "
               "SELECT child_entity_id, parent_entity_id, count(*) FROM place_links GROUP BY 1, 2")
    op.execute(COUNT_FUNCTION)
    for name, when in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} FOR EACH STATEMENT EXECUTE FUNCTION place_inclusions_count()")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON place_links")
    op.execute("DROP FUNCTION place_inclusions_count()")
    op.drop_index(op.f('ix_place_inclusions_parent_entity_id'), table_name='place_inclusions')
    op.drop_table('place_inclusions')
