"""Transform worker processes report to the run's own Prefect server, never to one of their own."""

import json
import os
import subprocess
import sys

import pytest

from etl.settings import PROJECT_ROOT

SCRIPT = """
import json, os
from prefect import flow, task
from prefect.task_runners import ProcessPoolTaskRunner

from flows.etl_flow import _workers_share_api


@task
def where():
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import get_current_settings
    return {"api": get_current_settings().api.url, "own_servers": len(SubprocessASGIServer._instances)}


@flow
def probe():
    from prefect.server.api.server import SubprocessASGIServer
    run_server = SubprocessASGIServer._instances[None].api_url
    with _workers_share_api(), ProcessPoolTaskRunner(max_workers=2) as runner:
        workers = [f.result() for f in [runner.submit(where, {}) for _ in range(2)]]
    return {"run_server": run_server, "workers": workers, "env_after": os.environ.get("PREFECT_API_URL")}


if __name__ == "__main__":
    print("RESULT " + json.dumps(probe()))
"""


@pytest.mark.slow
def test_workers_use_the_runs_temporary_prefect_server(tmp_path):
    script = tmp_path / "probe.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
        PREFECT_LOGGING_LEVEL="WARNING",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    done = subprocess.run(
        [sys.executable, str(script)], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, done.stderr[-3000:]
    result = json.loads(lines[-1].removeprefix("RESULT "))
    assert result["run_server"].startswith("http://127.0.0.1:")
    assert [w["api"] for w in result["workers"]] == [result["run_server"]] * 2
    assert [w["own_servers"] for w in result["workers"]] == [0, 0]  # no worker started a server
    assert result["env_after"] is None  # the run's URL does not outlive the workers


def _niceness_in_a_worker(target: int, out) -> None:
    from flows.etl_flow import _yield_to_loader

    _yield_to_loader(target)
    _yield_to_loader(target + 5)  # once per process: a second batch changes nothing
    out.put(os.nice(0))


def test_a_transform_process_takes_the_configured_niceness_and_the_flow_keeps_its_own():
    import multiprocessing

    from flows.etl_flow import _yield_to_loader

    mine = os.nice(0)
    context = multiprocessing.get_context("spawn")  # as Prefect's process pool starts its workers
    out = context.Queue()
    worker = context.Process(target=_niceness_in_a_worker, args=(mine + 7, out))
    worker.start()
    worker.join(120)
    assert out.get(timeout=10) == min(19, mine + 7)
    _yield_to_loader(mine + 7)  # in the flow's own process (a one-worker run): no change
    assert os.nice(0) == mine
