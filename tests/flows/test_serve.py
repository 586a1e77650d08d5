"""Scheduled runs against a real Prefect server started for the test (loopback, own PREFECT_HOME)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import text

from etl.settings import PROJECT_ROOT
from etl.store.db import make_engine

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, timeout: float, what: str, procs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                raise AssertionError(f"{what}: a process exited early ({p.args[:3]}, code {p.returncode})")
        try:
            if predicate():
                return
        except Exception:  # noqa: BLE001 - not ready yet
            pass
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@pytest.mark.slow
def test_a_scheduled_run_loads_the_seeds(db_url, tmp_path, seeds_copy):
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_API_URL=api,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_UI_ENABLED="false",
        PREFECT_LOGGING_LEVEL="WARNING",
        DATABASE_URL=db_url,
    )
    server_log = open(tmp_path / "server.log", "w")  # noqa: SIM115
    serve_log = open(tmp_path / "serve.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    serve = None
    try:
        _wait(
            lambda: urllib.request.urlopen(f"{api}/health", timeout=2).status == 200,
            120,
            "the Prefect server",
            [server],
        )
        serve = subprocess.Popen(
            [str(BIN / "news-etl"), "serve", str(seeds_copy), "--interval", "5", "--name", "seeds-every-5s"],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=serve_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        engine = make_engine(db_url)

        def loaded() -> bool:
            with engine.connect() as conn:
                ok = conn.execute(
                    text("SELECT count(*) FROM etl_runs WHERE status = 'succeeded' AND prefect_flow_run_id IS NOT NULL")
                ).scalar()
                return ok >= 1 and conn.execute(text("SELECT count(*) FROM articles")).scalar() == 5

        _wait(loaded, 240, "a scheduled run that loads the seeds", [server, serve])
        engine.dispose()
        _stop(serve)
        # stopping the serving process must not pause the schedule
        request = urllib.request.Request(
            f"{api}/deployments/filter", data=b"{}", method="POST", headers={"Content-Type": "application/json"}
        )
        deployments = json.loads(urllib.request.urlopen(request, timeout=10).read())
        [deployment] = [d for d in deployments if d["name"] == "seeds-every-5s"]
        assert deployment["paused"] is False
        assert deployment["schedules"] and deployment["schedules"][0]["active"] is True
    except AssertionError:
        server_log.flush()
        serve_log.flush()
        print((tmp_path / "serve.log").read_text()[-3000:])
        raise
    finally:
        if serve is not None:
            _stop(serve)
        _stop(server)
        server_log.close()
        serve_log.close()
