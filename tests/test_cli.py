"""The command line as a user runs it: real processes, the embedded server, a dead database."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from etl.settings import PROJECT_ROOT

CLI = [sys.executable, "-m", "etl.cli"]


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NEWS_ETL_DATABASE_URL")}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", **extra)
    return env


def _cli(*args, env, timeout=300):
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=timeout, cwd=PROJECT_ROOT)


@pytest.mark.slow
def test_quick_start_with_the_embedded_server(tmp_path):
    """`news-etl run` with no DATABASE_URL loads the seeds into a persistent embedded server."""
    env = _env(NEWS_ETL_DATA_DIR=str(tmp_path / "state"), NEWS_ETL_EMBEDDED_PORT="0")
    try:
        first = _cli("run", str(PROJECT_ROOT / "seeds"), env=env)
        assert first.returncode == 0, first.stderr
        assert "loaded" in first.stdout and "succeeded" in first.stdout
        url = _cli("db", "url", env=env)
        assert url.returncode == 0, url.stderr
        dsn = url.stdout.strip()
        assert dsn.startswith("postgresql://postgres@127.0.0.1:")
        with psycopg.connect(dsn) as conn:
            assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        # the server stays up for psql and BI tools, a second run reuses it and changes nothing
        second = _cli("run", str(PROJECT_ROOT / "seeds"), env=env)
        assert second.returncode == 0, second.stderr
        with psycopg.connect(dsn) as conn:
            assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
            assert conn.execute("SELECT unchanged FROM etl_runs ORDER BY id DESC LIMIT 1").fetchone()[0] == 5
        assert _cli("db", "status", env=env).returncode == 0
    finally:
        stopped = _cli("db", "stop", env=env)
    assert stopped.returncode == 0
    assert _cli("db", "status", env=env).returncode == 3
    assert (tmp_path / "state" / "pgdata" / "PG_VERSION").exists()  # data kept for the next run


def test_unreachable_database_is_one_clear_line(tmp_path):
    env = _env(DATABASE_URL="postgresql+psycopg://etl:s3cret-pw@127.0.0.1:1/news")
    result = _cli("run", str(PROJECT_ROOT / "seeds"), env=env, timeout=60)
    assert result.returncode == 1
    assert "cannot reach the database at postgresql+psycopg://etl:***@127.0.0.1:1/news" in result.stderr
    assert "s3cret-pw" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_missing_input_folder(tmp_path):
    result = _cli("run", str(tmp_path / "nope"), env=_env(DATABASE_URL="postgresql://x@127.0.0.1:1/x"), timeout=60)
    assert result.returncode == 1 and "input folder not found" in result.stderr


def test_help_lists_the_commands():
    result = _cli("--help", env=_env(), timeout=60)
    assert result.returncode == 0
    for command in ("run", "migrate", "db"):
        assert command in result.stdout


def test_embedded_server_start_stop(tmp_path):
    from etl.store.embedded import EmbeddedPostgres

    server = EmbeddedPostgres(tmp_path / "pg", port=0)
    info = server.start()
    try:
        assert server.start() == info  # already running: same server
        server.ensure_database("demo")
        with psycopg.connect(info.url("demo", driver="postgresql")) as conn:
            assert conn.execute("SELECT current_database()").fetchone()[0] == "demo"
    finally:
        assert server.stop() is True
    assert server.status() is None and server.stop() is False
    again = server.start()  # restart on the kept data directory
    try:
        with psycopg.connect(again.url("demo", driver="postgresql")) as conn:
            assert conn.execute("SELECT 1").fetchone()[0] == 1
    finally:
        server.stop()
    assert isinstance(Path(server.pgdata), Path)
