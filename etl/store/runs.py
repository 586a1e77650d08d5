"""ETL runs: the database's run lock, the ``etl_runs`` rows, and the tables' row counts."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from etl.store import models as m

RUN_LOCK_KEY = 0x6E657773_65746C  # "news" "etl": one ETL run at a time per database


def acquire_run_lock(engine: Engine) -> Connection | None:
    """Take the database's run lock (a session advisory lock) on a connection of its own; None
    when another run holds it. The lock goes with the connection, even if the process dies."""
    conn = engine.connect()
    got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": RUN_LOCK_KEY}).scalar()
    conn.commit()
    if got:
        return conn
    conn.close()
    return None


def release_run_lock(conn: Connection) -> None:
    """Give the run lock back."""
    try:
        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": RUN_LOCK_KEY})
        conn.commit()
    finally:
        conn.close()


def close_stale_runs(engine: Engine) -> int:
    """Mark runs left 'running' by a process that died as failed (call while holding the lock)."""
    with engine.begin() as conn:
        return conn.execute(
            text(
                "UPDATE etl_runs SET status = 'failed', finished_at = now(), "
                "error = 'interrupted: the process ended before the run finished' WHERE status = 'running'"
            )
        ).rowcount


def record_skipped_run(engine: Engine, input_dir: str, code_version: str, flow_run_id: str | None, why: str) -> int:
    """An ``etl_runs`` row for a run that did nothing, and why."""
    with engine.begin() as conn:
        return conn.execute(
            pg_insert(m.EtlRun)
            .values(
                input_dir=input_dir,
                code_version=code_version,
                prefect_flow_run_id=flow_run_id,
                status="skipped",
                error=why,
                finished_at=text("now()"),
            )
            .returning(m.EtlRun.id)
        ).scalar_one()


def start_run(engine: Engine, input_dir: str, code_version: str, flow_run_id: str | None) -> int:
    """Insert an ``etl_runs`` row in status 'running' and return its id."""
    with engine.begin() as conn:
        return conn.execute(
            pg_insert(m.EtlRun)
            .values(input_dir=input_dir, code_version=code_version, prefect_flow_run_id=flow_run_id)
            .returning(m.EtlRun.id)
        ).scalar_one()


def finish_run(engine: Engine, run_id: int, status: str, counts: dict[str, int], error: str | None = None) -> None:
    """Close a run with its final status and counts."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE etl_runs SET finished_at = now(), status = :status, error = :error, "
                "files_seen = :files_seen, loaded = :loaded, unchanged = :unchanged, "
                "quarantined = :quarantined, failed = :failed WHERE id = :id"
            ),
            {
                "id": run_id,
                "status": status,
                "error": error,
                **{k: counts.get(k, 0) for k in ("files_seen", "loaded", "unchanged", "quarantined", "failed")},
            },
        )


def table_counts(engine: Engine) -> dict[str, int]:
    """Row counts of the contract tables (for summaries and tests)."""
    tables = (
        "articles",
        "entities",
        "entity_aliases",
        "entity_mentions",
        "quotes",
        "events",
        "event_mentions",
        "event_participants",
    )
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}  # noqa: S608
