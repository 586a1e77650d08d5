"""articles display title

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 08:34:32.320021
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('articles', sa.Column('display_title', sa.Text(), nullable=True))
    op.add_column('articles', sa.Column('title_is_derived', sa.Boolean(), server_default='false', nullable=False))


def downgrade() -> None:
    op.drop_column('articles', 'title_is_derived')
    op.drop_column('articles', 'display_title')
