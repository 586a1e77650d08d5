"""events found by date and by their people: consolidation candidates without scanning a person's events

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21 14:10:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PEOPLE_KEY_COMMENT = ("The people taking part, as sorted entity ids (e.g. 12,40): finds the events of the same "
                      "people when consolidating; NULL when no person takes part.")


def upgrade() -> None:
    op.add_column('events', sa.Column('people_key', sa.Text(), nullable=True, comment=PEOPLE_KEY_COMMENT))
    op.execute("""
        UPDATE events e SET people_key = k.key
        FROM (SELECT p.event_id, string_agg(p.entity_id::text, ',' ORDER BY p.entity_id) AS key
              FROM event_participants p JOIN entities x ON x.id = p.entity_id AND x.type = 'PERSON'
              GROUP BY p.event_id) AS k
        WHERE k.event_id = e.id""")
    op.create_index(op.f('ix_events_people_key'), 'events', ['people_key'], unique=False)
    op.create_index(op.f('ix_events_event_date'), 'events', ['event_date'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_events_event_date'), table_name='events')
    op.drop_index(op.f('ix_events_people_key'), table_name='events')
    op.drop_column('events', 'people_key')
