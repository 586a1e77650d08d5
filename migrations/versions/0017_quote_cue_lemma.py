"""quotes.cue_lemma: the lemma of the cue's reporting verb (issue 31)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 17:20:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'quotes',
        sa.Column(
            'cue_lemma',
            sa.Text(),
            nullable=True,
            comment="The lemma of the cue's reporting verb (déclarer, say), or selon / according to.",
        ),
    )


def downgrade() -> None:
    op.drop_column('quotes', 'cue_lemma')
