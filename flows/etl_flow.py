"""The ETL as a Prefect 3 flow: coarse tasks, one per batch of files (never one per article)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import subprocess
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote
from sqlalchemy import Engine

from etl import __version__, pipeline
from etl.pages.discover import discover
from etl.pipeline import Counts, Plan, PreparedBatch, batched, fingerprint, frozen_heap, gather, load_prepared, prepare
from etl.records import SourceFile
from etl.settings import PROJECT_ROOT, get_settings
from etl.store import corpus_passes, load, runs
from etl.store.db import make_engine, migrate, redact, redact_secret, resolve_database_url
from etl.store.load import StoredSource
from etl.store.search_vectors import SearchVectors

ProgressCallback = Callable[[str, int], None]
_progress: list[ProgressCallback] = []


@contextmanager
def progress_hook(callback: ProgressCallback):
    """Call ``callback(event, n)`` while the flow runs: ('total', files) then ('advance', files)."""
    _progress.append(callback)
    try:
        yield
    finally:
        _progress.remove(callback)


def _report(event: str, n: int) -> None:
    for cb in list(_progress):
        cb(event, n)


@dataclass(frozen=True)
class RunSummary:
    """What a run did."""

    run_id: int
    status: str
    counts: dict[str, int]
    input_dir: str
    note: str = ""
    timings: dict[str, float] = field(default_factory=dict)


def code_version() -> str:
    """Package version plus the git commit when run from a checkout."""
    try:
        sha = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha = ""
    return f"{__version__}+g{sha}" if sha else __version__


@task(name="learn-template", cache_policy=NO_CACHE)
def learn_template(
    database_url: str, chunks: Iterable[list[SourceFile]], max_bytes: int, min_pages: int
) -> frozenset[str]:
    """The site template: fingerprints of the pages to read (``chunks``: a stream of batches of
    files), streamed batch by batch to PostgreSQL, which counts them with the stored articles'
    (less those about to be reprocessed)."""
    pages = (fingerprint(chunk, max_bytes) for chunk in chunks)
    return load.learn_template(_engine(database_url), pages, min_pages)


_yielded: list[bool] = []


def _yield_to_loader(niceness: int) -> None:
    """In a worker process, once: a lower CPU priority (``niceness``). Transforms fill every core;
    the loader is one process (the pipeline's serial stage) and, with PostgreSQL, gets a core as
    soon as it needs one instead of waiting behind the workers for its share."""
    if not _yielded and multiprocessing.parent_process() is not None:
        _yielded.append(True)
        with contextlib.suppress(OSError):  # not allowed here: the worker keeps the flow's priority
            os.nice(max(0, niceness - os.nice(0)))


class BatchJob:
    """One batch's work for :func:`prepare_batch`. A plain object on purpose: Prefect walks every
    element of a task's list, dict and dataclass parameters looking for futures, which cost as
    much CPU as transforming the batch's files (its file list, stored sources and template)."""

    __slots__ = ("files", "languages", "max_bytes", "ner_models", "niceness", "reprocess", "stored", "template")

    def __init__(
        self,
        files: list[SourceFile],
        stored: dict[str, StoredSource],
        max_bytes: int,
        reprocess: bool,
        template: frozenset[str],
        languages: tuple[str, ...],
        ner_models: dict[str, str],
        niceness: int = 0,
    ) -> None:
        self.files, self.stored, self.max_bytes, self.reprocess = files, stored, max_bytes, reprocess
        self.template, self.languages, self.ner_models, self.niceness = template, languages, ner_models, niceness

    def __repr__(self) -> str:
        return f"BatchJob({len(self.files)} files)"


@task(name="prepare-batch", cache_policy=NO_CACHE)
def prepare_batch(job: BatchJob) -> PreparedBatch:
    """Read, hash and transform one batch of files."""
    _yield_to_loader(job.niceness)
    return prepare(job.files, job.stored, job.max_bytes, job.reprocess, job.template, job.languages, job.ner_models)


_engines: dict[str, Engine] = {}


def _engine(database_url: str) -> Engine:
    """The engine the run's in-process tasks share for ``database_url`` (a new connection per
    batch would cost PostgreSQL a backend and its catalog caches each time); disposed when the
    run ends."""
    engine = _engines.get(database_url)
    if engine is None:
        engine = _engines[database_url] = make_engine(database_url)
    return engine


def _dispose_engines() -> None:
    while _engines:
        _engines.popitem()[1].dispose()


@task(name="load-batch", cache_policy=NO_CACHE, retries=3, retry_delay_seconds=[1, 5, 15])
def load_batch(database_url: str, run_id: int, batch: PreparedBatch, vectors: SearchVectors | None = None) -> Counts:
    """Load one prepared batch, with the text-search vectors computed ahead for it; retried on
    database errors (every write is an upsert, and a broken connection is replaced: the engine
    pings before handing one out)."""
    return load_prepared(_engine(database_url), run_id, batch, vectors)


@task(name="finalize-corpus", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 10])
def finalize_corpus(database_url: str) -> None:
    """Corpus-level passes after loading: events tied by what later articles taught, dates
    that need an anchor, speakers known by their function."""
    engine = _engine(database_url)
    corpus_passes.merge_events(engine)
    if corpus_passes.resolve_relative_dates(engine):
        corpus_passes.merge_events(engine)  # the events dated now may be one with another
    corpus_passes.resolve_speakers_by_role(engine)
    corpus_passes.reorder_events(engine)


@flow(name="news-etl", log_prints=False, validate_parameters=True)
def etl_flow(
    input_dir: str | None = None,
    batch_size: int | None = None,
    rehash: bool = False,
    reprocess: bool = False,
    load_batch_size: int | None = None,
) -> RunSummary:
    """Discover input files, skip unchanged ones, transform and load the rest, record the run.

    The database comes from the settings (``DATABASE_URL`` or the embedded server), never from a
    parameter, so no credential reaches Prefect's records.
    """
    logger = get_run_logger()
    settings = get_settings()
    root = Path(input_dir) if input_dir else settings.input_dir
    size = batch_size or settings.batch_size
    load_size = load_batch_size or settings.load_batch_size
    url = resolve_database_url(settings)
    logger.info("database %s, input %s", redact(url), root)
    migrate(url)
    engine = make_engine(url)  # the run's bookkeeping and its lock; tasks share another (_engine)
    flow_run_id = str(flow_run.get_id() or "") or None
    lock = runs.acquire_run_lock(engine)
    if lock is None:
        why = "another news-etl run is in progress on this database"
        run_id = runs.record_skipped_run(engine, str(root), code_version(), flow_run_id, why)
        engine.dispose()
        logger.warning("run %s skipped: %s", run_id, why)
        return RunSummary(run_id, "skipped", Counts().as_dict(), str(root), why)
    runs.close_stale_runs(engine)
    run_id = runs.start_run(engine, str(root), code_version(), flow_run_id)
    vectors = SearchVectors(_engine(url))  # computed as batches arrive, while the flow waits for the next
    counts = Counts()
    timings: dict[str, float] = {"template": 0.0, "prepare_wait": 0.0, "load": 0.0, "finalize": 0.0}
    started = time.perf_counter()
    try:
        to_read = 0  # first walk: what changed; the unchanged files recorded as seen
        for work in _scan(root, settings, engine, rehash):
            counts.files_seen += len(work.unchanged)
            counts.unchanged += len(work.unchanged)
            load.touch_sources(engine, run_id, work.unchanged)
            to_read += len(work.to_read)
        _report("total", counts.unchanged + to_read)
        _report("advance", counts.unchanged)
        clock = time.perf_counter()  # second walk: the template learnt from the pages to read
        template = (
            learn_template(
                url,
                quote(batched((f for f, _ in _to_read(root, settings, engine, rehash)), size)),
                settings.max_file_bytes,
                settings.template_min_pages,
            )
            if to_read
            else frozenset()
        )
        timings["template"] = time.perf_counter() - clock
        # third walk, as the jobs are submitted: transformed in tasks of `size` files, written in
        # transactions of `load_size` files
        jobs = (
            BatchJob(
                [f for f, _ in chunk],
                {f.path: known for f, known in chunk if known is not None},
                settings.max_file_bytes,
                reprocess,
                template,
                tuple(settings.languages),
                dict(settings.ner_models),
                settings.worker_niceness,
            )
            for chunk in batched(_to_read(root, settings, engine, rehash) if to_read else (), size)
        )
        n_jobs = -(-to_read // size)
        prepared_batches = _prepared_batches(
            jobs, n_jobs, settings, timings, batch_size=size, load_size=load_size, vectors=vectors
        )
        with frozen_heap():
            for prepared in gather(prepared_batches, load_size):
                clock = time.perf_counter()
                # quote: Prefect does not walk them (and unwraps them before the call, which its types
                # cannot say)
                counts.add(load_batch(url, run_id, quote(prepared), quote(vectors)))  # type: ignore[call-overload]
                timings["load"] += time.perf_counter() - clock
                _report("advance", prepared.file_count())
        if counts.loaded or corpus_passes.merge_work_pending(engine):  # or what an interrupted run left
            clock = time.perf_counter()
            finalize_corpus(url)
            timings["finalize"] = time.perf_counter() - clock
        status = "completed_with_errors" if counts.quarantined or counts.failed else "succeeded"
        runs.finish_run(engine, run_id, status, counts.as_dict())
    except BaseException as exc:
        runs.finish_run(engine, run_id, "failed", counts.as_dict(), error=redact_secret(str(exc), url))
        raise
    finally:
        vectors.close()
        runs.release_run_lock(lock)
        engine.dispose()
        _dispose_engines()
    timings["total"] = time.perf_counter() - started
    summary = RunSummary(
        run_id, status, counts.as_dict(), str(root), timings={k: round(v, 3) for k, v in timings.items()}
    )
    _publish(summary)
    logger.info("run %s %s: %s", run_id, status, counts.as_dict())
    return summary


def _scan(root: Path, settings, engine: Engine, rehash: bool) -> Iterator[Plan]:
    """One walk of the input folder, planned ``scan_chunk_size`` files at a time against the
    stored versions of their paths. A run walks the folder up to three times (what changed; the
    template; the transforms), so that it never holds the file list: memory stays flat whatever
    the folder's size. A file changed between two walks is read as it is when the last one meets it."""
    return pipeline.scan(
        discover(root, settings.file_patterns), partial(load.latest_sources, engine), rehash, settings.scan_chunk_size
    )


def _to_read(root: Path, settings, engine: Engine, rehash: bool) -> Iterator[tuple[SourceFile, StoredSource | None]]:
    """One walk of the input folder: the files to read, each with its stored version."""
    return (job for work in _scan(root, settings, engine, rehash) for job in work.jobs())


def task_runner(settings, workers: int):
    """The task runner that transforms batches: a local process pool, or a Dask cluster (an
    existing one at ``dask_address``, else a local one of ``workers`` processes)."""
    if settings.task_runner == "dask":
        from prefect_dask import DaskTaskRunner  # noqa: PLC0415

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
        )
    from prefect.task_runners import ProcessPoolTaskRunner  # noqa: PLC0415

    return ProcessPoolTaskRunner(max_workers=workers)


@contextmanager
def _workers_share_api():
    """Worker processes report to this run's Prefect API. Without ``PREFECT_API_URL`` (a one-off
    run on the temporary server Prefect starts), each spawned worker would start a server of its
    own: 220 MB and a share of the CPU each, and task runs the run's server never sees."""
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    from prefect.client.orchestration import get_client  # noqa: PLC0415

    os.environ["PREFECT_API_URL"] = str(get_client(sync_client=True).api_url).rstrip("/")
    try:
        yield
    finally:
        os.environ.pop("PREFECT_API_URL", None)


def lookahead(workers: int, batch_size: int, load_size: int) -> int:
    """How many transform tasks run ahead of the loader: two per worker, and at least half a load
    transaction's files, so that the workers still have batches to transform while the flow writes
    one (a load of 2,000 files lasts longer than two batches of 50 per worker take to transform)."""
    return max(2 * workers, -(-load_size // (2 * batch_size)))


def _prepared_batches(
    jobs: Iterator[BatchJob],
    n_jobs: int,
    settings,
    timings: dict[str, float],
    *,
    batch_size: int,
    load_size: int,
    vectors: SearchVectors,
) -> Iterator[PreparedBatch]:
    """Yield the prepared batches in order, each one's text-search vectors submitted to
    ``vectors`` as it arrives. With more than one worker (or on Dask),
    batches are prepared by the task runner (the spaCy model loaded once per process), a bounded
    number ahead of the loader (:func:`lookahead`) so that memory stays flat whatever the corpus
    size."""
    workers = settings.resolved_workers()
    if settings.task_runner == "process" and (workers <= 1 or n_jobs <= 1):
        for job in jobs:
            clock = time.perf_counter()
            prepared = prepare_batch(job)
            timings["prepare_wait"] += time.perf_counter() - clock
            vectors.submit(a for a, _ in prepared.articles)
            yield prepared
        return
    with _workers_share_api(), task_runner(settings, workers) as runner:
        pending: deque = deque()
        ahead = lookahead(workers, batch_size, load_size)
        for job in jobs:
            pending.append(runner.submit(prepare_batch, {"job": job}))
            if len(pending) >= ahead:
                break
        while pending:
            future = pending.popleft()
            clock = time.perf_counter()
            prepared = future.result()
            timings["prepare_wait"] += time.perf_counter() - clock
            vectors.submit(a for a, _ in prepared.articles)
            nxt = next(jobs, None)
            if nxt is not None:
                pending.append(runner.submit(prepare_batch, {"job": nxt}))
            yield prepared


def _publish(summary: RunSummary) -> None:
    rows = [{"outcome": k, "files": v} for k, v in summary.counts.items()]
    create_table_artifact(
        key="news-etl-run-summary",
        table=rows,
        description=f"news-etl run {summary.run_id} on {summary.input_dir}: {summary.status}",
    )
