"""Migration tests (pytest-alembic) against a fresh real PostgreSQL database."""

import pytest
from pytest_alembic.config import Config
from pytest_alembic.tests import (  # noqa: F401  (collected as tests of this module)
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import create_engine, inspect, text

from etl.db import alembic_config as project_alembic_config


@pytest.fixture(scope="module")
def _migration_db(databases):
    return databases.create("news_etl_migrations")


@pytest.fixture()
def alembic_config(_migration_db):
    return Config(alembic_config=project_alembic_config(_migration_db))


@pytest.fixture()
def alembic_engine(_migration_db):
    engine = create_engine(_migration_db)
    yield engine
    engine.dispose()


def test_schema_has_contract_and_operational_tables(migrated_url):
    engine = create_engine(migrated_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"articles", "entities", "entity_aliases", "entity_mentions", "quotes", "events",
                "event_mentions", "event_participants", "sources", "etl_runs", "quarantine",
                "alembic_version"} <= tables
        with engine.connect() as conn:
            # every foreign key column is indexed
            unindexed = conn.execute(text("""
                SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.contype = 'f' AND NOT EXISTS (
                    SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
            """)).all()
            assert unindexed == []
            # article children cascade
            rules = dict(conn.execute(text("""
                SELECT conrelid::regclass::text, confdeltype FROM pg_constraint
                WHERE contype = 'f' AND confrelid = 'articles'::regclass""")).all())
            assert rules == {"entity_mentions": "c", "quotes": "c", "event_mentions": "c", "article_lines": "c",
                             "place_links": "c", "sources": "n"}  # a source version outlives its article
            # French full-text search works on the generated column
            kind = conn.execute(text("SELECT is_generated FROM information_schema.columns "
                                     "WHERE table_name = 'articles' AND column_name = 'fts'")).scalar()
            assert kind == "ALWAYS"
            gin = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_articles_fts'")).scalar()
            assert "USING gin" in gin
    finally:
        engine.dispose()
