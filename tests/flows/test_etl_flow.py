"""The Prefect flow end to end on the seeds, under a temporary Prefect server."""

import os

import pytest
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import text

from flows.etl_flow import etl_flow, lookahead, progress_hook
from tests.conftest import table_snapshot


@pytest.fixture(scope="module", autouse=True)
def prefect_server():
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    with prefect_test_harness(server_startup_timeout=120):
        yield


def test_transforms_run_ahead_by_half_a_load_transaction_and_two_tasks_per_worker():
    assert lookahead(workers=2, batch_size=50, load_size=2000) == 20  # 1,000 files ahead of a 2,000-file load
    assert lookahead(workers=2, batch_size=50, load_size=500) == 5
    assert lookahead(workers=2, batch_size=50, load_size=100) == 4  # never fewer than two per worker
    assert lookahead(workers=8, batch_size=1, load_size=3) == 16


def rows(engine, sql):
    with engine.connect() as conn:
        return conn.execute(text(sql)).all()


def test_first_run_loads_every_seed_and_records_the_run(db_url, engine, seeds_copy):
    events = []
    with progress_hook(lambda event, n: events.append((event, n))):
        summary = etl_flow(input_dir=str(seeds_copy), batch_size=2)
    assert summary.status == "succeeded"
    assert summary.counts == {
        "files_seen": 5,
        "loaded": 5,
        "unchanged": 0,
        "duplicates": 0,
        "quarantined": 0,
        "failed": 0,
    }
    assert events[0] == ("total", 5) and sum(n for e, n in events if e == "advance") == 5
    assert rows(engine, "SELECT count(*) FROM articles") == [(5,)]
    assert rows(engine, "SELECT count(*) FROM sources WHERE outcome = 'loaded'") == [(5,)]
    [run] = rows(
        engine,
        "SELECT status, files_seen, loaded, prefect_flow_run_id IS NOT NULL, finished_at IS NOT NULL FROM etl_runs",
    )
    assert run == ("succeeded", 5, 5, True, True)
    # French full-text search over the loaded articles
    hits = rows(engine, "SELECT count(*) FROM articles WHERE fts @@ plainto_tsquery('french', 'sommets')")
    assert hits[0][0] >= 3


def test_second_run_changes_nothing_and_an_edit_reprocesses_one_file(db_url, engine, seeds_copy):
    etl_flow(input_dir=str(seeds_copy))
    before = table_snapshot(engine)
    again = etl_flow(input_dir=str(seeds_copy))
    assert again.counts["unchanged"] == 5 and again.counts["loaded"] == 0
    assert table_snapshot(engine) == before  # same rows, same ids

    # touching a file without changing it: hashed again, still unchanged
    target = seeds_copy / "003_7df4e40b30a9d221.txt"
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    assert etl_flow(input_dir=str(seeds_copy)).counts["unchanged"] == 5
    assert table_snapshot(engine) == before

    [(old_id, old_sha)] = rows(
        engine, "SELECT id, content_sha256 FROM articles WHERE source_path = '003_7df4e40b30a9d221.txt'"
    )
    target.write_text(
        target.read_text(encoding="utf-8") + "\nUne phrase ajoutée à la fin de l'article pour le test de "
        "retraitement, assez longue pour être de la prose.\n",
        encoding="utf-8",
    )
    edited = etl_flow(input_dir=str(seeds_copy))
    assert edited.counts == {
        "files_seen": 5,
        "loaded": 1,
        "unchanged": 4,
        "duplicates": 0,
        "quarantined": 0,
        "failed": 0,
    }
    [(new_id, new_sha, body)] = rows(
        engine, "SELECT id, content_sha256, body FROM articles WHERE source_path = '003_7df4e40b30a9d221.txt'"
    )
    assert new_id == old_id and new_sha != old_sha and body.endswith("assez longue pour être de la prose.")
    versions = rows(engine, "SELECT sha256 FROM sources WHERE path = '003_7df4e40b30a9d221.txt' ORDER BY id")
    assert [v[0] for v in versions] == [old_sha, new_sha]  # the previous version stays recorded
    after = table_snapshot(engine)
    assert after["articles"][:2] == before["articles"][:2]


def test_the_folder_is_planned_in_chunks_and_a_rerun_reads_only_what_changed(db_url, engine, seeds_copy, monkeypatch):
    """With chunks of two files (three walks of three chunks), the run loads every file; the
    re-run after an edit in the last chunk reads that file alone."""
    from etl.settings import get_settings

    monkeypatch.setenv("NEWS_ETL_SCAN_CHUNK_SIZE", "2")
    get_settings.cache_clear()
    events = []
    with progress_hook(lambda event, n: events.append((event, n))):
        first = etl_flow(input_dir=str(seeds_copy), batch_size=1, load_batch_size=1)
    assert first.counts["loaded"] == 5 and ("total", 5) in events
    [last] = sorted(seeds_copy.glob("*.txt"))[-1:]
    last.write_text(
        last.read_text(encoding="utf-8") + "\nUne phrase ajoutée à la fin de l'article pour le test de "
        "retraitement, assez longue pour être de la prose.\n",
        encoding="utf-8",
    )
    again = etl_flow(input_dir=str(seeds_copy))
    assert again.counts == {
        "files_seen": 5,
        "loaded": 1,
        "unchanged": 4,
        "duplicates": 0,
        "quarantined": 0,
        "failed": 0,
    }
    assert rows(engine, "SELECT count(*) FROM articles WHERE body LIKE '%assez longue pour être de la prose.'") == [
        (1,)
    ]
    get_settings.cache_clear()


def test_bad_files_are_quarantined_and_the_run_goes_on(db_url, engine, seeds_copy):
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "blank.txt").write_text(" \n\t\n")
    (seeds_copy / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (seeds_copy / "latin1.txt").write_bytes(
        (
            "Un titre en Latin-1 pour le test\n\nLe ministre a déclaré que l'été serait décisif pour la "
            "sécurité européenne et la défense commune.\n"
        ).encode("latin-1")
    )
    summary = etl_flow(input_dir=str(seeds_copy))
    assert summary.status == "completed_with_errors"
    assert summary.counts["loaded"] == 6 and summary.counts["quarantined"] == 3
    assert sorted(rows(engine, "SELECT path, reason FROM quarantine")) == [
        ("blank.txt", "empty"),
        ("empty.txt", "empty"),
        ("image.txt", "binary"),
    ]
    assert rows(engine, "SELECT body LIKE '%été serait décisif%' FROM articles WHERE source_path = 'latin1.txt'") == [
        (True,)
    ]
    # unchanged bad files are not quarantined again
    assert etl_flow(input_dir=str(seeds_copy)).counts["unchanged"] == 9
    assert rows(engine, "SELECT count(*) FROM quarantine") == [(3,)]


def test_a_second_concurrent_run_exits_cleanly(db_url, engine, seeds_copy):

    from etl.store import runs

    held = runs.acquire_run_lock(engine)  # another run in progress
    try:
        summary = etl_flow(input_dir=str(seeds_copy))
        assert summary.status == "skipped" and "in progress" in summary.note
        assert rows(engine, "SELECT count(*) FROM articles") == [(0,)]
        assert rows(engine, "SELECT status, error LIKE '%in progress%' FROM etl_runs") == [("skipped", True)]
    finally:
        runs.release_run_lock(held)
    assert etl_flow(input_dir=str(seeds_copy)).status == "succeeded"


def test_no_password_reaches_prefect(db_url, seeds_copy, monkeypatch):
    from prefect.client.orchestration import get_client
    from sqlalchemy.engine import make_url

    from etl.settings import get_settings

    password = "pw-never-shown-4242"
    monkeypatch.setenv("DATABASE_URL", make_url(db_url).set(password=password).render_as_string(hide_password=False))
    get_settings.cache_clear()
    summary = etl_flow(input_dir=str(seeds_copy))
    assert summary.status == "succeeded"
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts()
        runs = client.read_flow_runs()
    assert artifacts and runs
    text_seen = repr([a.model_dump() for a in artifacts]) + repr([r.model_dump() for r in runs])
    assert password not in text_seen


@pytest.mark.slow
def test_transforms_on_a_local_dask_cluster_of_two_workers(db_url, engine, seeds_copy, monkeypatch, databases):
    """NEWS_ETL_TASK_RUNNER=dask: batches are transformed by two Dask worker processes (the
    option for a multi-machine cluster) and the tables equal those of a run in-process."""
    from etl.settings import get_settings
    from etl.store.db import migrate
    from tests.test_reliability import checksums, run_library

    monkeypatch.setenv("NEWS_ETL_TASK_RUNNER", "dask")
    monkeypatch.setenv("NEWS_ETL_WORKERS", "2")
    get_settings.cache_clear()
    try:
        summary = etl_flow(input_dir=str(seeds_copy), batch_size=1)
    finally:
        get_settings.cache_clear()
    assert summary.status == "succeeded" and summary.counts["loaded"] == 5
    clean = databases.create("news_etl_dask_reference")
    migrate(clean)
    run_library(clean, seeds_copy)
    assert checksums(db_url) == checksums(clean)


def test_transform_tasks_are_gathered_into_bigger_load_transactions(db_url, engine, seeds_copy, databases):
    """Five one-file transform tasks are written in transactions of at least two files (2, 2, 1),
    and the tables equal those of the five files written in one transaction."""
    from etl.store.db import migrate
    from tests.test_reliability import checksums, run_library

    events = []
    with progress_hook(lambda event, n: events.append((event, n))):
        summary = etl_flow(input_dir=str(seeds_copy), batch_size=1, load_batch_size=2)
    assert summary.status == "succeeded" and summary.counts["loaded"] == 5
    assert [n for e, n in events if e == "advance"] == [0, 2, 2, 1]  # none unchanged, then each load
    assert rows(engine, "SELECT count(DISTINCT run_id) FROM articles") == [(1,)]
    clean = databases.create("news_etl_gathered_reference")
    migrate(clean)
    run_library(clean, seeds_copy)
    assert checksums(db_url) == checksums(clean)
