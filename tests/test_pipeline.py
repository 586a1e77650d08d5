import gc
from pathlib import Path
from types import SimpleNamespace

import pytest

from etl.pipeline import (
    Counts,
    PreparedBatch,
    batched,
    collector_paused,
    frozen_heap,
    gather,
    load_prepared,
    plan,
    prepare,
    scan,
)
from etl.records import Rejected, SourceFile
from etl.store.load import FileFacts, StoredSource


def _file(tmp_path: Path, name: str, data: bytes) -> SourceFile:
    p = tmp_path / name
    p.write_bytes(data)
    st = p.stat()
    return SourceFile(name, p, st.st_size, st.st_mtime_ns)


BODY = (
    "Titre de l'article de test\n\n" + "Une phrase de prose qui compte largement plus de douze mots pour "
    "passer le filtre du nettoyeur de pages.\n"
).encode()


def test_plan_skips_files_whose_size_and_mtime_are_known(tmp_path):
    a, b = _file(tmp_path, "a.txt", BODY), _file(tmp_path, "b.txt", BODY)
    stored = {
        "a.txt": StoredSource("a.txt", "h", a.size, a.mtime_ns, "loaded"),
        "b.txt": StoredSource("b.txt", "h", b.size, b.mtime_ns + 1, "loaded"),
    }
    p = plan([a, b], stored)
    assert [f.path for f in p.to_read] == ["b.txt"]
    assert [u[0] for u in p.unchanged] == ["a.txt"]
    assert [f.path for f in plan([a, b], stored, rehash=True).to_read] == ["a.txt", "b.txt"]


def test_scan_plans_a_stream_of_files_chunk_by_chunk_against_their_own_stored_versions(tmp_path):
    files = [_file(tmp_path, f"{i}.txt", BODY) for i in range(5)]
    known = {f.path: StoredSource(f.path, "h", f.size, f.mtime_ns + (f.path == "3.txt"), "loaded") for f in files[1:4]}
    asked: list[list[str]] = []

    def lookup(paths: list[str]) -> dict[str, StoredSource]:
        asked.append(paths)
        return {p: known[p] for p in paths if p in known}

    plans = scan(iter(files), lookup, chunk=2)
    assert asked == []  # a stream: nothing planned before it is read
    plans = list(plans)
    assert asked == [["0.txt", "1.txt"], ["2.txt", "3.txt"], ["4.txt"]]  # one query per chunk, its own paths
    assert [[f.path for f in p.to_read] for p in plans] == [["0.txt"], ["3.txt"], ["4.txt"]]
    assert [[u[0] for u in p.unchanged] for p in plans] == [["1.txt"], ["2.txt"], []]
    assert [[(f.path, s and s.sha256) for f, s in p.jobs()] for p in plans] == [
        [("0.txt", None)],
        [("3.txt", "h")],
        [("4.txt", None)],
    ]
    assert [len(p.to_read) for p in scan(iter(files), lookup, rehash=True, chunk=2)] == [2, 2, 1]


def test_prepare_marks_same_hash_as_unchanged_and_transforms_the_rest(tmp_path):
    from etl.transform import sha256_hex

    a, b = _file(tmp_path, "a.txt", BODY), _file(tmp_path, "b.txt", BODY + b"x")
    c, d = _file(tmp_path, "c.txt", b""), _file(tmp_path, "d.txt", b"y" * 500)
    stored = {"a.txt": StoredSource("a.txt", sha256_hex(BODY), 0, 0, "loaded")}
    batch = prepare([a, b, c, d], stored, max_bytes=400)
    assert [u[0] for u in batch.unchanged] == ["a.txt"]
    assert [x.source_path for x, _ in batch.articles] == ["b.txt"]
    assert {(r.source_path, r.reason) for r, _ in batch.rejected} == {("c.txt", "empty"), ("d.txt", "too_large")}
    too_large = next(r for r, _ in batch.rejected if r.reason == "too_large")
    assert too_large.sha256 == sha256_hex(b"y" * 500)  # recorded, so an unchanged big file is not re-read
    assert [x.source_path for x, _ in prepare([a], stored, 10_000, reprocess=True).articles] == ["a.txt"]


def test_counts_add():
    c = Counts(files_seen=1, loaded=1)
    c.add(Counts(files_seen=2, quarantined=2))
    assert c.as_dict() == {"files_seen": 3, "loaded": 1, "unchanged": 0, "duplicates": 0, "quarantined": 2, "failed": 0}


def test_batched():
    assert [len(b) for b in batched(list(range(7)), 3)] == [3, 3, 1]


def test_gather_combines_prepared_batches_in_order_up_to_a_file_count():
    facts = FileFacts(1, 1)

    def prepared(*paths: str) -> PreparedBatch:
        b = PreparedBatch()
        for p in paths:
            if p.startswith("bad"):
                b.rejected.append((Rejected(p, "", "empty", "no text"), facts))
            elif p.startswith("same"):
                b.unchanged.append((p, "sha", facts))
            else:
                b.articles.append((SimpleNamespace(source_path=p), facts))
                b.line_hashes[p] = frozenset({p})
        return b

    batches = [prepared("a", "bad1"), prepared("b"), prepared("same1", "c", "d"), prepared("e")]
    out = list(gather(iter(batches), 3))
    assert [b.file_count() for b in out] == [3, 3, 1]  # at least 3 files each, the rest last
    assert [[a.source_path for a, _ in b.articles] for b in out] == [["a", "b"], ["c", "d"], ["e"]]
    assert [r.source_path for r, _ in out[0].rejected] == ["bad1"] and out[1].unchanged[0][0] == "same1"
    assert set(out[1].line_hashes) == {"c", "d"}
    assert [b.file_count() for b in gather(iter(batches), 1)] == [2, 1, 3, 1]  # already big enough: as they are
    assert list(gather(iter([]), 3)) == []


# ------------------------------------------------------------------ batch loads against PostgreSQL
@pytest.fixture(scope="module")
def generated_batch(tmp_path_factory):
    """Twenty-four generated pages, read and transformed once for the module."""
    from etl.bench.corpus import CorpusGenerator
    from etl.pages.discover import discover
    from etl.settings import PROJECT_ROOT

    folder = tmp_path_factory.mktemp("corpus")
    for _ in CorpusGenerator(PROJECT_ROOT / "seeds", seed=11).write(folder, 24):
        pass
    files = sorted(discover(folder), key=lambda f: f.path)
    return prepare(files, {}, 10_000_000)


def _load_in_batches(url: str, batch: PreparedBatch, size: int) -> Counts:
    from etl.store import corpus_passes, runs
    from etl.store.db import make_engine

    engine = make_engine(url)
    run = runs.start_run(engine, "corpus", "test", None)
    counts = Counts()
    for i in range(0, len(batch.articles), size):
        part = PreparedBatch(articles=batch.articles[i : i + size], line_hashes=batch.line_hashes)
        counts.add(load_prepared(engine, run, part))
    corpus_passes.merge_events(engine)
    engine.dispose()
    return counts


def test_one_batch_gives_the_tables_of_one_article_per_transaction(databases, generated_batch):
    """Entity and event resolution in a batch decide article after article: loading 24 pages in
    one batch or one page per transaction gives the same rows (natural columns)."""
    from etl.store.db import migrate
    from tests.test_reliability import checksums

    whole, single = databases.create("news_etl_batch_whole"), databases.create("news_etl_batch_single")
    migrate(whole)
    migrate(single)
    assert _load_in_batches(whole, generated_batch, 24).loaded == 24
    assert _load_in_batches(single, generated_batch, 1).loaded == 24
    got, expected = checksums(whole), checksums(single)
    assert {t for t in got if got[t] != expected[t]} == set()


def test_a_bad_article_costs_only_itself_in_a_batch(engine, generated_batch):
    """The batch transaction fails on one article's data: the others load, that one is quarantined."""
    from dataclasses import replace

    from sqlalchemy import text

    from etl.store import runs

    articles = list(generated_batch.articles[:6])
    bad, facts = articles[2]
    broken = replace(bad.mentions[0], start=5, end=2)  # breaks the span check constraint
    articles[2] = (replace(bad, mentions=(broken, *bad.mentions[1:])), facts)
    run = runs.start_run(engine, "corpus", "test", None)
    counts = load_prepared(engine, run, PreparedBatch(articles=articles, line_hashes=generated_batch.line_hashes))
    assert (counts.loaded, counts.failed) == (5, 1)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 5
        assert conn.execute(text("SELECT path, reason FROM quarantine")).all() == [(bad.source_path, "load_error")]


def test_the_same_page_twice_in_one_batch_is_one_article(engine, generated_batch):
    from dataclasses import replace

    from sqlalchemy import text

    from etl.store import runs

    article, facts = generated_batch.articles[0]
    twin = replace(article, source_path="copy-of-" + article.source_path)
    run = runs.start_run(engine, "corpus", "test", None)
    counts = load_prepared(engine, run, PreparedBatch(articles=[(article, facts), (twin, facts)]))
    assert (counts.loaded, counts.duplicates) == (1, 1)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT path, outcome, article_id IS NOT NULL FROM sources ORDER BY path")).all()
    assert rows == sorted([(article.source_path, "loaded", True), (twin.source_path, "duplicate", True)])


def test_the_heap_alive_when_a_run_starts_is_left_out_of_full_collections_until_it_ends():
    """frozen_heap moves what is alive to the collector's permanent generation for the block (a
    full collection then walks only what the block allocates) and gives it back afterwards, even
    when the block fails; what the block frees without a cycle is freed as usual."""
    assert gc.get_freeze_count() == 0
    kept = [{"n": i} for i in range(1000)]
    with pytest.raises(RuntimeError), frozen_heap():
        frozen = gc.get_freeze_count()
        assert frozen >= len(kept)
        made = [[i] for i in range(1000)]
        assert made and gc.get_freeze_count() == frozen  # what the block makes is collected as usual
        raise RuntimeError("a failing run")
    assert gc.get_freeze_count() == 0


def test_no_collection_runs_during_a_load_and_the_collector_is_given_back_after_it():
    """collector_paused (around each load transaction) stops the collector for the block and gives
    its previous state back afterwards, even when the block fails; cycles made meanwhile are
    collected once it is enabled again."""
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: the outer block's state (disabled) is kept
            assert not gc.isenabled()
        assert not gc.isenabled()
        cycle: list = []
        cycle.append(cycle)
        raise RuntimeError("a failing load")
    assert gc.isenabled()
    del cycle
    assert gc.collect() >= 1
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller that had disabled it keeps it disabled
    finally:
        gc.enable()


def test_vectors_computed_ahead_are_the_ones_the_database_computes(engine, generated_batch):
    """The flow's text-search vectors, computed ahead on another connection, are written with the
    rows and equal the expression of articles.fts; each is handed out once, and an article whose
    vector is missing gets it from the trigger."""
    from sqlalchemy import text

    from etl.store import runs
    from etl.store.models import FTS_EXPRESSION
    from etl.store.search_vectors import SearchVectors

    vectors = SearchVectors(engine)
    try:
        first, rest = generated_batch.articles[:8], generated_batch.articles[8:16]
        vectors.submit(a for a, _ in first)
        vectors.submit(a for a, _ in rest[:4])  # the rest's other half is never submitted
        taken = vectors.take(a for a, _ in first)
        assert len(taken) == 8 and vectors.take(a for a, _ in first) == {}  # handed out once
        assert all("'" in v for v in taken.values())
        vectors.submit(a for a, _ in first)  # again, for the load below
        run = runs.start_run(engine, "corpus", "test", None)
        counts = load_prepared(
            engine, run, PreparedBatch(articles=first + rest, line_hashes=generated_batch.line_hashes), vectors
        )
        assert counts.loaded == 16
        with engine.connect() as conn:
            assert conn.execute(text(f"SELECT count(*) FROM articles WHERE fts = {FTS_EXPRESSION}")).scalar_one() == 16
            stored = {
                (path, sha): v
                for path, sha, v in conn.execute(
                    text("SELECT source_path, content_sha256, CAST(fts AS text) FROM articles")
                ).tuples()
            }
        assert {k: stored[k] for k in taken} == taken
    finally:
        vectors.close()


def test_vectors_that_cannot_be_computed_ahead_are_left_to_the_database(engine, generated_batch):
    from sqlalchemy import text

    from etl.store import runs
    from etl.store.db import make_engine
    from etl.store.models import FTS_EXPRESSION
    from etl.store.search_vectors import SearchVectors

    unreachable = make_engine("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    vectors = SearchVectors(unreachable)
    try:
        vectors.submit(a for a, _ in generated_batch.articles[:3])
        assert vectors.take(a for a, _ in generated_batch.articles[:3]) == {}
        vectors.submit(a for a, _ in generated_batch.articles[:3])  # not tried again once it failed
        assert vectors._pending == []
        run = runs.start_run(engine, "corpus", "test", None)
        counts = load_prepared(
            engine,
            run,
            PreparedBatch(articles=generated_batch.articles[:3], line_hashes=generated_batch.line_hashes),
            vectors,
        )
        assert counts.loaded == 3
        with engine.connect() as conn:
            assert conn.execute(text(f"SELECT count(*) FROM articles WHERE fts = {FTS_EXPRESSION}")).scalar_one() == 3
    finally:
        vectors.close()
        unreachable.dispose()
