"""full-text search in each article's language

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 08:50:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PER_LANGUAGE = (
    "to_tsvector(CASE language WHEN 'fr' THEN 'french'::regconfig WHEN 'en' THEN 'english'::regconfig "
    "WHEN 'de' THEN 'german'::regconfig WHEN 'es' THEN 'spanish'::regconfig "
    "WHEN 'it' THEN 'italian'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig "
    "WHEN 'nl' THEN 'dutch'::regconfig ELSE 'simple'::regconfig END, coalesce(title, '') || ' ' || body)"
)
FRENCH_ONLY = "to_tsvector('french'::regconfig, coalesce(title, '') || ' ' || body)"


def _replace_fts(expression: str) -> None:
    op.drop_index(op.f("ix_articles_fts"), table_name="articles", postgresql_using="gin")
    op.drop_column("articles", "fts")
    op.add_column("articles", sa.Column("fts", postgresql.TSVECTOR(), sa.Computed(expression, persisted=True),
                                        nullable=False))
    op.create_index(op.f("ix_articles_fts"), "articles", ["fts"], unique=False, postgresql_using="gin")


def upgrade() -> None:
    _replace_fts(PER_LANGUAGE)


def downgrade() -> None:
    _replace_fts(FRENCH_ONLY)
