"""events.party_ids: every party's entity id on the event's own row, so that consolidation
checks a shared party on the event it reads (no lookup of event_participants per candidate)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-22 01:30:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = ("Entity ids of every party (event_participants, as sorted ids): what consolidation checks "
           "a statement shares with the event, read with the event itself.")


def upgrade() -> None:
    op.add_column('events', sa.Column('party_ids', postgresql.ARRAY(sa.BigInteger()), server_default='{}',
                                      nullable=False, comment=COMMENT))
    op.execute("""
        UPDATE events e SET party_ids = p.ids
        FROM (SELECT event_id, array_agg(entity_id ORDER BY entity_id) AS ids FROM event_participants
              GROUP BY event_id) AS p
        WHERE p.event_id = e.id""")


def downgrade() -> None:
    op.drop_column('events', 'party_ids')
