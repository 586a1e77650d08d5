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

from etl.store.db import alembic_config as project_alembic_config
from etl.store.models import FTS_EXPRESSION


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
        assert {
            "articles",
            "entities",
            "entity_aliases",
            "entity_mentions",
            "quotes",
            "events",
            "event_mentions",
            "event_participants",
            "sources",
            "etl_runs",
            "quarantine",
            "alembic_version",
        } <= tables
        with engine.connect() as conn:
            # every foreign key column is indexed
            unindexed = conn.execute(
                text("""
                SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.contype = 'f' AND NOT EXISTS (
                    SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
            """)
            ).all()
            assert unindexed == []
            # article children cascade
            rules = dict(
                conn.execute(
                    text("""
                SELECT conrelid::regclass::text, confdeltype FROM pg_constraint
                WHERE contype = 'f' AND confrelid = 'articles'::regclass""")
                ).all()
            )
            assert rules == {
                "entity_mentions": "c",
                "quotes": "c",
                "event_mentions": "c",
                "article_lines": "c",
                "place_links": "c",
                "sources": "n",
            }  # a source version outlives its article
            gin = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_articles_fts'")).scalar()
            assert "USING gin" in gin
    finally:
        engine.dispose()


def test_search_vector_is_kept_by_the_trigger_unless_written_with_the_row(migrated_url):
    """articles.fts: computed (FTS_EXPRESSION) when a row comes without one, and again when an
    update changes the title, body or language without bringing its own; kept when written."""
    engine = create_engine(migrated_url)
    expected = f"SELECT {FTS_EXPRESSION} FROM articles WHERE id = :i"
    try:
        with engine.begin() as conn:
            i = conn.execute(
                text(
                    "INSERT INTO articles (source_path, content_sha256, title, language, body) "
                    "VALUES ('t/fts.txt', 'x', 'Les sommets', 'fr', 'Le président parlait.') "
                    "RETURNING id"
                )
            ).scalar()
            fts = conn.execute(text("SELECT fts FROM articles WHERE id = :i"), {"i": i}).scalar()
            assert fts == conn.execute(text(expected), {"i": i}).scalar()
            assert "'sommet':2" in fts and "'parl':5" in fts  # French stems, not 'simple'
            conn.execute(
                text("UPDATE articles SET body = 'The presidents talked.', language = 'en' WHERE id = :i"), {"i": i}
            )
            fts = conn.execute(text("SELECT fts FROM articles WHERE id = :i"), {"i": i}).scalar()
            assert fts == conn.execute(text(expected), {"i": i}).scalar() and "'talk':5" in fts
            conn.execute(text("UPDATE articles SET body = 'Autre texte.', fts = 'écrit:1' WHERE id = :i"), {"i": i})
            assert conn.execute(text("SELECT fts::text FROM articles WHERE id = :i"), {"i": i}).scalar() == "'écrit':1"
            conn.rollback()
    finally:
        engine.dispose()
