"""event_merge_queue: the events and places the next corpus merge pass must look at, so that the
pass starts from what a run changed instead of re-reading every event

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-21 17:00:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'event_merge_queue',
        sa.Column('kind', sa.Text(), nullable=False, comment="'event' or 'place'."),
        sa.Column('ref_id', sa.BigInteger(), nullable=False,
                  comment='The event id, or the entity id of the smaller place of a new inclusion.'),
        sa.CheckConstraint("kind IN ('event', 'place')", name=op.f('ck_event_merge_queue_kind')),
        sa.PrimaryKeyConstraint('kind', 'ref_id', name=op.f('pk_event_merge_queue')),
        comment='Work for the next corpus merge pass: events whose statements changed, places newly stated '
                'to lie in another. Emptied by the pass.',
    )
    # the databases loaded before this revision: every event is work for the first pass
    op.execute("INSERT INTO event_merge_queue (kind, ref_id) SELECT 'event', id FROM events")


def downgrade() -> None:
    op.drop_table('event_merge_queue')
