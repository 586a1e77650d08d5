"""Database plumbing: the URL to use, engines, and migrations (Alembic is the only DDL path)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from etl.settings import PROJECT_ROOT, Settings

log = logging.getLogger(__name__)

EMBEDDED_DATABASE = "news_etl"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def redact(url: str) -> str:
    """``url`` with its password hidden, safe for logs and messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL must not leak either
        return "<unparseable database URL>"


def redact_secret(message: str, url: str | None) -> str:
    """``message`` with the password of ``url`` (if any) replaced by ``***``."""
    if not url:
        return message
    try:
        password = make_url(url).password
    except Exception:  # noqa: BLE001 - an unparseable URL has no password to hide
        return message
    return message.replace(str(password), "***") if password else message


def normalise_url(url: str) -> str:
    """Make a libpq or SQLAlchemy URL use the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def libpq_url(url: str) -> str:
    """The same URL for psql, psycopg and BI tools (no ``+driver``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def resolve_database_url(settings: Settings) -> str:
    """``DATABASE_URL`` when set; otherwise the embedded server, started on demand."""
    if settings.database_url:
        return normalise_url(settings.database_url)
    from etl.store.embedded import EmbeddedPostgres, EmbeddedPostgresError  # noqa: PLC0415

    server = EmbeddedPostgres(settings.data_dir, settings.embedded_port, settings.embedded_os_user)
    server.ensure_database(EMBEDDED_DATABASE)
    info = server.status()
    if info is None:
        raise EmbeddedPostgresError(f"the embedded server in {settings.data_dir} stopped as soon as it started")
    return info.url(EMBEDDED_DATABASE)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (psycopg 3), with pre-ping so a dropped connection is replaced.

    Its sessions run without PostgreSQL's JIT: the ETL sends many mid-sized statements, and JIT
    compiled the event-candidate query of each batch for 0.7-1.3 s, longer than it then ran."""
    engine = create_engine(normalise_url(url), pool_pre_ping=True, future=True)
    event.listen(engine, "connect", _without_jit)
    return engine


def _without_jit(dbapi_connection, _record) -> None:
    with dbapi_connection.cursor() as cur:
        cur.execute("SET jit = off")
    dbapi_connection.commit()


def alembic_config(url: str):
    """An Alembic Config pointing at the project's migrations and ``url``."""
    from alembic.config import Config  # noqa: PLC0415

    cfg = Config(str(PROJECT_ROOT / "alembic.ini")) if (PROJECT_ROOT / "alembic.ini").exists() else Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["database_url"] = normalise_url(url)
    cfg.attributes["skip_logging_config"] = True  # keep the caller's logging as it is
    return cfg


MIGRATION_LOCK_KEY = 0x6E657773_6D6967  # one migration at a time per database


def migrate(url: str, revision: str = "head") -> None:
    """Upgrade the schema at ``url`` to ``revision`` (under an advisory lock, so that two runs
    started together on a fresh database do not both create it)."""
    from alembic import command  # noqa: PLC0415
    from sqlalchemy import text  # noqa: PLC0415

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            conn.commit()
            try:
                cfg = alembic_config(url)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                conn.commit()
            finally:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
                conn.commit()
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    """The schema revision the database is at, or None when it was never migrated."""
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def migrations_path() -> Path:
    """Where the Alembic scripts live."""
    return MIGRATIONS_DIR


def explain_failure(exc: BaseException) -> str:
    """A one-line, password-free explanation of a failure."""
    from sqlalchemy.exc import OperationalError  # noqa: PLC0415

    from etl.store.embedded import EmbeddedPostgresError  # noqa: PLC0415

    url = os.environ.get("DATABASE_URL")
    if isinstance(exc, OperationalError):
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        where = redact(url) if url else "the embedded server"
        message = f"cannot reach the database at {where}: {first}"
    elif isinstance(exc, EmbeddedPostgresError):
        message = f"embedded PostgreSQL: {exc}"
    else:
        message = f"{type(exc).__name__}: {exc}"
    return redact_secret(message, url)
