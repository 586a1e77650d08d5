"""drop the single-column indexes that repeat the first column of a primary key or unique
constraint (article_lines, place_links, event_participants, quarantine): the composite index
serves the same lookups, and every row the loader copies updated one index more

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-21 20:00:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# index -> (table, column); each column leads the table's primary key or a unique constraint
DROPPED = {
    'ix_article_lines_article_id': ('article_lines', 'article_id'),
    'ix_place_links_article_id': ('place_links', 'article_id'),
    'ix_event_participants_event_id': ('event_participants', 'event_id'),
    'ix_quarantine_run_id': ('quarantine', 'run_id'),
}


def upgrade() -> None:
    for name, (table, _column) in DROPPED.items():
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, (table, column) in DROPPED.items():
        op.create_index(name, table, [column], unique=False)
