"""The ETL's steps as plain functions, for the Prefect flow (or any other runner) to call.

plan    : discovered files + what the database knows → files to read, files unchanged
scan    : plan a stream of discovered files chunk by chunk (memory bounded, whatever the folder)
prepare : read, hash and transform a batch of files (no database)
gather  : prepared batches combined into load batches (bigger: the loader's queries are per batch)
load    : write a prepared batch (one transaction per batch, COPY and set-based statements)
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DataError, IntegrityError, ProgrammingError

from etl.pages.decode import decode_bytes
from etl.pages.discover import read_document, sha256_file
from etl.pages.html import looks_like_html
from etl.pages.language import DEFAULT_LANGUAGES
from etl.pages.template import fingerprints
from etl.records import Article, InputError, RawDocument, Rejected, SourceFile
from etl.store import load
from etl.store.load import FileFacts, StoredSource
from etl.store.search_vectors import SearchVectors
from etl.transform import transform_documents

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class Plan:
    """Which discovered files need reading and which are known unchanged from (size, mtime)."""

    to_read: list[SourceFile] = field(default_factory=list)
    unchanged: list[tuple[str, str, FileFacts]] = field(default_factory=list)
    stored: dict[str, StoredSource] = field(default_factory=dict)  # the known versions of to_read

    def jobs(self) -> Iterator[tuple[SourceFile, StoredSource | None]]:
        """The files to read, each with its stored version (None for a new path)."""
        return ((f, self.stored.get(f.path)) for f in self.to_read)


@dataclass
class PreparedBatch:
    """A batch after reading and transforming: what to load, quarantine or merely mark as seen."""

    articles: list[tuple[Article, FileFacts]] = field(default_factory=list)
    line_hashes: dict[str, frozenset[str]] = field(default_factory=dict)
    rejected: list[tuple[Rejected, FileFacts | None]] = field(default_factory=list)
    unchanged: list[tuple[str, str, FileFacts]] = field(default_factory=list)

    def extend(self, other: PreparedBatch) -> None:
        """Append another batch's files to this one, in order."""
        self.articles += other.articles
        self.line_hashes.update(other.line_hashes)
        self.rejected += other.rejected
        self.unchanged += other.unchanged

    def file_count(self) -> int:
        """The files the batch accounts for."""
        return len(self.articles) + len(self.rejected) + len(self.unchanged)


@dataclass
class Counts:
    """Outcomes of a run, by kind."""

    files_seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    duplicates: int = 0
    quarantined: int = 0
    failed: int = 0

    def add(self, other: Counts) -> None:
        """Add another tally to this one."""
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        """The counts as a plain dict."""
        return dict(vars(self))


def _facts(f: SourceFile) -> FileFacts:
    return FileFacts(f.size, f.mtime_ns)


def plan(files: Iterable[SourceFile], stored: dict[str, StoredSource], rehash: bool = False) -> Plan:
    """Split files into those to read and those unchanged since the last run.

    A file whose size and mtime equal those recorded for its latest version is unchanged without
    reading a byte; ``rehash`` forces every file to be read and hashed.
    """
    out = Plan()
    for f in files:
        known = stored.get(f.path)
        if (
            not rehash
            and known is not None
            and known.size_bytes == f.size
            and known.mtime_ns is not None
            and known.mtime_ns == f.mtime_ns
        ):
            out.unchanged.append((f.path, known.sha256, _facts(f)))
        else:
            out.to_read.append(f)
            if known is not None:
                out.stored[f.path] = known
    return out


def scan(
    files: Iterable[SourceFile],
    lookup: Callable[[list[str]], dict[str, StoredSource]],
    rehash: bool = False,
    chunk: int = 5000,
) -> Iterator[Plan]:
    """:func:`plan` over a stream of discovered files, ``chunk`` files at a time, each chunk
    against the stored versions of its own paths (``lookup``, one query): neither the file list
    nor the stored sources are ever held whole, so memory does not grow with the folder."""
    for files_chunk in batched(files, chunk):
        yield plan(files_chunk, lookup([f.path for f in files_chunk]), rehash)


def fingerprint(files: Sequence[SourceFile], max_bytes: int) -> dict[str, frozenset[str]]:
    """Template fingerprints of ``files`` by path (unreadable files left out): what the flow
    learns the site template from before transforming."""
    out: dict[str, frozenset[str]] = {}
    for f in files:
        try:
            out[f.path] = page_fingerprints(read_document(f, max_bytes).data)
        except InputError:
            continue
    return out


def page_fingerprints(data: bytes) -> frozenset[str]:
    """Template fingerprints of one page's bytes (none for HTML, which has its own structure)."""
    text = decode_bytes(data)
    return frozenset() if looks_like_html(text) else fingerprints(text)


def prepare(
    files: Sequence[SourceFile],
    stored: dict[str, StoredSource],
    max_bytes: int,
    reprocess: bool = False,
    template: Collection[str] = (),
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
    ner_models: dict[str, str] | None = None,
) -> PreparedBatch:
    """Read, hash and transform a batch of files; no database access.

    A file whose content hash equals the stored one is only marked as seen (unless ``reprocess``).
    ``template`` holds the fingerprints of lines the corpus shows to be site furniture.
    """
    batch = PreparedBatch()
    todo: list[tuple[SourceFile, RawDocument]] = []
    for f in files:
        facts = _facts(f)
        try:
            doc = read_document(f, max_bytes)
        except InputError as exc:
            sha = _safe_sha(f) if exc.reason == "too_large" else ""
            batch.rejected.append((Rejected(f.path, sha, exc.reason, exc.detail), facts if sha else None))
            continue
        known = stored.get(f.path)
        if not reprocess and known is not None and known.sha256 == doc.sha256:
            batch.unchanged.append((f.path, doc.sha256, facts))
            continue
        todo.append((f, doc))
    outputs = transform_documents([doc for _, doc in todo], template, languages, ner_models)
    for (f, doc), out in zip(todo, outputs, strict=True):
        facts = _facts(f)
        if isinstance(out, Article):
            batch.articles.append((out, facts))
            batch.line_hashes[out.source_path] = page_fingerprints(doc.data)
        else:
            batch.rejected.append((out, facts))
    return batch


def gather(batches: Iterable[PreparedBatch], files: int) -> Iterator[PreparedBatch]:
    """Consecutive prepared batches combined, in order, until each holds at least ``files`` files
    (the last one may hold fewer). The loader's work per transaction is mostly per batch (entity
    and event candidates are searched once for all its articles), so a bigger load batch costs
    less per article than the transform tasks' batches would; memory stays bounded by ``files``."""
    pending: PreparedBatch | None = None
    for batch in batches:
        if pending is None:
            pending = PreparedBatch()
        pending.extend(batch)
        if pending.file_count() >= files:
            yield pending
            pending = None
    if pending is not None:
        yield pending


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Leave the objects alive when the block starts (the file list, the stored sources, the
    model and Prefect's own) out of the garbage collector's full collections until it ends
    (``gc.freeze``). A run's loading allocates a great deal; each full collection otherwise walks
    that whole heap again, and there are more of them the longer the run (120 at 100,000 files)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while the block runs (``gc.disable``), the collector's previous state
    given back after it. A load transaction builds many short-lived containers (parameters, rows,
    the batch's entity and event pools) that reference counting frees; collections in between
    would only walk them again and again (a tenth of a transaction's time at 100,000 articles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _safe_sha(f: SourceFile) -> str:
    try:
        return sha256_file(f.abs_path)
    except OSError:
        return ""


def load_prepared(engine: Engine, run_id: int, batch: PreparedBatch, vectors: SearchVectors | None = None) -> Counts:
    """Write a prepared batch: its articles in one transaction, quarantine rows, seen-again sources.
    ``vectors``: where the articles' text-search vectors were submitted ahead (the others are
    computed by the database as they are written).

    When the batch transaction fails on an article's own data, the batch is written again one
    article per transaction and the article that breaks a rule is quarantined. Safe to call
    again after a failure part-way: every write is an upsert.
    """
    with collector_paused():
        return _load_prepared(engine, run_id, batch, vectors)


def _load_prepared(engine: Engine, run_id: int, batch: PreparedBatch, vectors: SearchVectors | None) -> Counts:
    counts = Counts(files_seen=len(batch.articles) + len(batch.rejected) + len(batch.unchanged))
    load.touch_sources(engine, run_id, batch.unchanged)
    counts.unchanged = len(batch.unchanged)
    items, duplicates = _split_duplicates(engine, batch, vectors.take(a for a, _ in batch.articles) if vectors else {})
    try:
        load.load_articles(engine, run_id, items)
        counts.loaded += len(items)
    except (IntegrityError, DataError, ProgrammingError) as exc:
        log.warning("batch of %d articles refused (%s): writing them one by one", len(items), exc.orig)
        for item in items:
            if _load_one(engine, run_id, item):
                counts.loaded += 1
            else:
                counts.failed += 1
    for item in duplicates:
        if load.load_duplicate(engine, run_id, item.article, item.facts) is not None:
            counts.duplicates += 1  # the same page under another name: one article, both paths recorded
        elif _load_one(engine, run_id, item):
            counts.loaded += 1
        else:
            counts.failed += 1
    for rejected, facts in batch.rejected:
        load.quarantine(engine, run_id, rejected, facts)
        counts.quarantined += 1
    return counts


def _split_duplicates(
    engine: Engine, batch: PreparedBatch, vectors: dict[tuple[str, str], str]
) -> tuple[list[load.ArticleLoad], list[load.ArticleLoad]]:
    """The batch's articles to write, and those whose content another path already has (stored,
    or earlier in the batch): these are recorded as duplicates once the batch is written (or
    written as articles when that other one is gone). Each with its text-search vector from
    ``vectors`` (by path and sha256) where it was computed ahead."""
    stored = load.existing_contents(engine, {a.content_sha256 for a, _ in batch.articles})
    seen: dict[str, str] = {}
    items, duplicates = [], []
    for article, facts in batch.articles:
        item = load.ArticleLoad(
            article,
            facts,
            batch.line_hashes.get(article.source_path, ()),
            vectors.get((article.source_path, article.content_sha256)),
        )
        others = [p for p in stored.get(article.content_sha256, []) if p != article.source_path]
        if others or seen.get(article.content_sha256, article.source_path) != article.source_path:
            duplicates.append(item)
            continue
        seen[article.content_sha256] = article.source_path
        items.append(item)
    return items, duplicates


def _load_one(engine: Engine, run_id: int, item: load.ArticleLoad) -> bool:
    """Write one article in its own transaction; quarantine it when its data breaks a rule.
    Connection and server errors (OperationalError) propagate so that the caller can retry."""
    try:
        load.load_articles(engine, run_id, [item])
        return True
    except (IntegrityError, DataError, ProgrammingError) as exc:
        article = item.article
        log.error("could not load %s: %s", article.source_path, exc.orig)
        reason = Rejected(
            article.source_path,
            article.content_sha256,
            "load_error",
            f"{type(exc.orig).__name__}: {str(exc.orig).splitlines()[0]}",
        )
        load.quarantine(engine, run_id, reason, item.facts)
        return False


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive batches of at most ``size`` items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
