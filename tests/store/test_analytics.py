"""The BI layer: documented views in the analytics schema, a read-only role, example queries."""

import re
import uuid

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from etl.pages.discover import discover
from etl.pipeline import load_prepared, prepare
from etl.settings import PROJECT_ROOT
from etl.store import corpus_passes, runs
from etl.store.db import make_engine, migrate

QUERIES = (PROJECT_ROOT / "docs" / "queries.sql").read_text(encoding="utf-8")
VIEWS = (
    "article_overview",
    "article_text",
    "entity_leaderboard",
    "quotes",
    "quotes_by_speaker",
    "entity_cooccurrence",
    "event_timeline",
    "articles_per_day",
)


def named_queries() -> list[tuple[str, str]]:
    parts = re.split(r"^-- name: (\w+)\s*$", QUERIES, flags=re.MULTILINE)
    return [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts), 2)]


@pytest.fixture(scope="module")
def seeded(databases) -> str:
    """A database with the seeds loaded (the library, without Prefect)."""
    url = databases.create("news_etl_analytics")
    migrate(url)
    engine = make_engine(url)
    run = runs.start_run(engine, "seeds", "test", None)
    files = list(discover(PROJECT_ROOT / "seeds"))
    load_prepared(engine, run, prepare(files, {}, 10_000_000))
    corpus_passes.merge_events(engine)
    corpus_passes.resolve_relative_dates(engine)
    corpus_passes.resolve_speakers_by_role(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def reader(seeded):
    """A login role in the read-only group, and a libpq URL to connect as it."""
    name = f"news_etl_test_bi_{uuid.uuid4().hex[:8]}"
    admin = make_url(seeded).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD 'test-only' IN ROLE news_etl_reader")
    yield make_url(admin).set(username=name, password="test-only").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP ROLE IF EXISTS "{name}"')


def test_every_view_and_column_is_documented(seeded):
    engine = make_engine(seeded)
    with engine.connect() as conn:
        views = {
            r[0]
            for r in conn.execute(
                text("SELECT table_name FROM information_schema.views WHERE table_schema = 'analytics'")
            )
        }
        assert set(VIEWS) <= views
        missing = conn.execute(
            text("""
            SELECT c.table_schema || '.' || c.table_name || '.' || c.column_name
              FROM information_schema.columns c
              JOIN pg_class t ON t.relname = c.table_name
              JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = c.table_schema
             WHERE c.table_schema IN ('analytics', 'public') AND c.table_name <> 'alembic_version'
               AND col_description(t.oid, c.ordinal_position) IS NULL""")
        ).all()
        assert missing == []
        undocumented = conn.execute(
            text("""
            SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname IN ('analytics', 'public') AND c.relkind IN ('r', 'v') AND c.relname <> 'alembic_version'
               AND obj_description(c.oid) IS NULL""")
        ).all()
        assert undocumented == []
    engine.dispose()


def test_the_reader_reads_views_and_nothing_else(reader):
    with psycopg.connect(reader, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM analytics.article_overview").fetchone()[0] == 5
        for view in VIEWS:
            conn.execute(f"SELECT * FROM analytics.{view} LIMIT 1").fetchall()
        for statement in (
            "SELECT * FROM public.articles",
            "SELECT * FROM public.entities",
            "INSERT INTO public.articles (source_path, content_sha256, language, body) VALUES ('x', 'x', 'fr', 'x')",
            "DELETE FROM analytics.article_text",
            "UPDATE analytics.article_text SET publisher = 'x'",
            "CREATE TABLE analytics.mine (id int)",
            "CREATE TABLE public.mine (id int)",
            "CREATE VIEW analytics.mine AS SELECT 1",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


def test_views_created_later_are_readable_too(seeded, reader):
    admin = make_url(seeded).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("CREATE VIEW analytics.later_view AS SELECT count(*) AS n FROM public.articles")
    try:
        with psycopg.connect(reader) as conn:
            assert conn.execute("SELECT n FROM analytics.later_view").fetchone()[0] == 5
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("DROP VIEW analytics.later_view")


def test_there_are_enough_example_queries():
    assert len(named_queries()) >= 10


@pytest.mark.parametrize("name,sql", named_queries(), ids=[n for n, _ in named_queries()])
def test_example_query_runs_as_the_reader(reader, name, sql):
    with psycopg.connect(reader) as conn:
        rows = conn.execute(sql).fetchall()
    if name in (
        "french_full_text_search",
        "most_mentioned_people",
        "event_timeline",
        "top_speakers",
        "who_said_what_about_whom",
        "scare_quotes",
        "events_by_place",
        "what_a_person_said_over_time",
    ):
        assert rows, f"{name} returned nothing on the seeds"
