"""events indexed by (day, id), (place, family, id) and (people, id): the latest candidates of a
busy day or place are read newest first, without reading all of them

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21 15:00:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the single-column index each replaces -> the new index's columns
REPLACED = {
    'ix_events_event_date': ['event_date', 'id'],
    'ix_events_location_entity_id': ['location_entity_id', 'event_type', 'id'],
    'ix_events_people_key': ['people_key', 'id'],
}


def _name(columns: list[str]) -> str:
    return 'ix_events_' + '_'.join(columns)


def upgrade() -> None:
    for old, columns in REPLACED.items():
        op.create_index(_name(columns), 'events', columns, unique=False)
        op.drop_index(old, table_name='events')


def downgrade() -> None:
    for old, columns in REPLACED.items():
        op.create_index(old, 'events', [columns[0]], unique=False)
        op.drop_index(_name(columns), table_name='events')
