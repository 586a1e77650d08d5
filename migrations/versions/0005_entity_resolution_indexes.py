"""entity resolution: alias keys, last words, trigram index

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 09:10:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # pg_trgm is a trusted extension: the database owner may create it (no superuser needed)
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.add_column("entities", sa.Column("last_word", sa.Text(),
                                        sa.Computed("regexp_replace(norm_name, '^.* ', '')", persisted=True),
                                        nullable=False))
    op.create_index(op.f("ix_entities_last_word"), "entities", ["last_word"], unique=False)
    op.create_index("ix_entities_norm_name_trgm", "entities", ["norm_name"], unique=False,
                    postgresql_using="gin", postgresql_ops={"norm_name": "gin_trgm_ops"})
    op.add_column("entity_aliases", sa.Column("alias_key", sa.Text(), nullable=True))
    op.execute("UPDATE entity_aliases SET alias_key = lower(alias)")
    op.alter_column("entity_aliases", "alias_key", nullable=False)
    op.create_index(op.f("ix_entity_aliases_alias_key"), "entity_aliases", ["alias_key"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_entity_aliases_alias_key"), table_name="entity_aliases")
    op.drop_column("entity_aliases", "alias_key")
    op.drop_index("ix_entities_norm_name_trgm", table_name="entities")
    op.drop_index(op.f("ix_entities_last_word"), table_name="entities")
    op.drop_column("entities", "last_word")
