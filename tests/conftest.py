"""Shared fixtures: a real PostgreSQL for every test session, in a fresh database.

``NEWS_ETL_TEST_DATABASE_URL`` points at a server to use (an admin database on it, e.g.
``postgresql://postgres@127.0.0.1:5432/postgres``); unset, an embedded server is started in a
temporary directory. Either way each test session creates its own databases and drops them.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from etl.settings import PROJECT_ROOT, get_settings
from etl.store.db import libpq_url, make_engine, migrate

SEEDS = PROJECT_ROOT / "seeds"
CONTRACT_TABLES = (
    "articles",
    "entities",
    "entity_aliases",
    "entity_mentions",
    "quotes",
    "events",
    "event_mentions",
    "event_participants",
)
ALL_TABLES = (
    *CONTRACT_TABLES,
    "sources",
    "quarantine",
    "etl_runs",
    "event_merge_queue",
    "place_inclusions",
    "event_statement_dates",
    "event_statement_places",
    "event_statement_totals",
)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory) -> Iterator[str]:
    """libpq URL of an admin database on a real PostgreSQL server."""
    configured = os.environ.get("NEWS_ETL_TEST_DATABASE_URL")
    if configured:
        yield libpq_url(configured)
        return
    from etl.store.embedded import EmbeddedPostgres

    server = EmbeddedPostgres(tmp_path_factory.mktemp("embedded-pg"), port=0)
    info = server.start()
    try:
        yield info.url("postgres", driver="postgresql")
    finally:
        server.stop()


class DatabaseFactory:
    """Creates fresh databases on the test server and drops them at the end of the session."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.created: list[str] = []

    def create(self, prefix: str = "news_etl_test") -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.server_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return (
            make_url(self.server_url)
            .set(drivername="postgresql+psycopg", database=name)
            .render_as_string(hide_password=False)
        )

    def drop_all(self) -> None:
        with psycopg.connect(self.server_url, autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def databases(server_url) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(server_url)
    try:
        yield factory
    finally:
        factory.drop_all()


@pytest.fixture(scope="session")
def migrated_url(databases) -> str:
    """A database of this session at the head revision."""
    url = databases.create()
    migrate(url)
    return url


@pytest.fixture()
def db_url(migrated_url, monkeypatch) -> Iterator[str]:
    """The migrated database, emptied before the test, and set as DATABASE_URL."""
    engine = make_engine(migrated_url)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(ALL_TABLES)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    get_settings.cache_clear()
    yield migrated_url
    get_settings.cache_clear()


@pytest.fixture()
def engine(db_url):
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture()
def seeds_copy(tmp_path) -> Path:
    """A private copy of seeds/ that a test may edit."""
    dest = tmp_path / "input"
    shutil.copytree(SEEDS, dest)
    return dest


def table_snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every contract table, in id order: two equal snapshots mean equal tables."""
    snap = {}
    with engine.connect() as conn:
        for table in CONTRACT_TABLES:
            cols = [
                c
                for c in conn.execute(text(f"SELECT * FROM {table} LIMIT 0")).keys()  # noqa: SIM118 (keys: the columns)
                if c not in ("created_at", "updated_at", "run_id", "fts")
            ]
            rows = conn.execute(text(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1, 2")).all()
            snap[table] = [tuple(r) for r in rows]
    return snap
