"""Writing articles in batches: one transaction per batch, set-based statements and COPY.

A batch is written in one transaction, so each of its articles is there whole or not at all
(re-processing an article replaces its children). The statements are set-based whatever the
batch size: articles and sources are upserted with one multi-row statement each, children go
in with ``COPY``, and entity and event resolution fetch their candidates once per batch, then
decide in memory (:mod:`etl.store.entity_decisions`, :mod:`etl.store.event_decisions`) article
after article, in input order, exactly as if the articles were loaded one by one.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from etl.records import Article
from etl.store import models as m
from etl.store.bulk import copy_rows
from etl.store.entity_decisions import RefKey, decide_entities, entity_candidates, entity_refs, ref_id, write_entities
from etl.store.event_decisions import decide_events, event_work
from etl.store.event_writes import refresh_events, store_events


@dataclass(frozen=True)
class FileFacts:
    """Size and mtime of the file version being recorded."""

    size_bytes: int
    mtime_ns: int | None


@dataclass(frozen=True)
class ArticleLoad:
    """One article to write, with the facts of its file, its template fingerprints and, when it
    was computed ahead (:class:`etl.store.search_vectors.SearchVectors`), its text-search vector."""

    article: Article
    facts: FileFacts
    line_hashes: Collection[str] = ()
    search_vector: str | None = None  # articles.fts as text; None: the trigger computes it


def write_articles(conn: Connection, run_id: int, items: Sequence[ArticleLoad]) -> list[int]:
    """Write the articles and all their children; return their ids in input order."""
    if not items:
        return []
    articles = [it.article for it in items]
    refs = [entity_refs(a) for a in articles]
    known = entity_candidates(conn, (item for r in refs for item in r.items())) if any(refs) else []
    # The entity decisions are pure Python and need nothing the article rows give: they are made
    # on a thread while this one waits for PostgreSQL to write the articles (the batch's costliest
    # statement, more so when their text-search vectors were not computed ahead), not after it.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="load-decisions") as thread:
        deciding = thread.submit(decide_entities, refs, known)
        ids, reprocessed = _upsert_articles(conn, run_id, articles, [it.search_vector for it in items])
        article_ids = [ids[a.source_path] for a in articles]
        old_entities, old_events = delete_children(conn, sorted(reprocessed)) if reprocessed else (set(), set())
        copy_rows(
            conn,
            "article_lines",
            ("article_id", "line_hash"),
            ((aid, h) for aid, it in zip(article_ids, items, strict=True) for h in sorted(set(it.line_hashes))),
        )
        batch, decided = deciding.result()
        real = write_entities(conn, batch)
        resolved = [{tk: real.get(i, i) for tk, i in d.items()} for d in decided]
        links = _place_links(articles, resolved)
        new_links = _new_links(conn, {pair for pairs in links for pair in pairs})
        copy_rows(
            conn,
            "place_links",
            ("article_id", "child_entity_id", "parent_entity_id"),
            ((aid, c, p) for aid, pairs in zip(article_ids, links, strict=True) for c, p in pairs),
        )
        work = event_work(conn, article_ids, articles, resolved, links)  # reads what the places just written tell
        # likewise, the events are decided while PostgreSQL writes the mentions and quotes (no
        # event statement reads them)
        deciding_events = thread.submit(decide_events, work) if work is not None else None
        _copy_mentions(conn, article_ids, articles, resolved)
        _copy_quotes(conn, article_ids, articles, resolved)
        rows = deciding_events.result() if deciding_events is not None else []
    touched = store_events(conn, work.pool, rows, work.persons) if work is not None else set()
    collect_garbage(conn, old_entities, old_events - touched)
    queue_merge_work(conn, touched | old_events, {child for child, _ in new_links})
    _upsert_sources(conn, run_id, [(it, aid) for it, aid in zip(items, article_ids, strict=True)])
    return article_ids


def _new_links(conn: Connection, links: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The place inclusions no stored article states yet."""
    if not links:
        return set()
    children = sorted({c for c, _ in links})
    known = set(
        conn.execute(
            text("SELECT child_entity_id, parent_entity_id FROM place_inclusions WHERE child_entity_id = ANY(:c)"),
            {"c": children},
        ).tuples()
    )
    return links - known


def queue_merge_work(conn: Connection, events: Iterable[int], places: Iterable[int]) -> None:
    """Tell the next corpus merge pass (etl.store.corpus_passes.merge_events) to look at these events (their
    statements changed) and at the events placed in these places (a new inclusion ties them)."""
    rows = [("event", e) for e in sorted(set(events))] + [("place", p) for p in sorted(set(places))]
    if rows:
        conn.execute(
            text(
                "INSERT INTO event_merge_queue (kind, ref_id) SELECT * FROM unnest(CAST(:k AS text[]), "
                "CAST(:i AS bigint[])) ON CONFLICT DO NOTHING"
            ),
            {"k": [k for k, _ in rows], "i": [i for _, i in rows]},
        )


_ARTICLE_COLUMNS = (  # column, SQL type of its array parameter
    ("source_path", "text"),
    ("content_sha256", "text"),
    ("title", "text"),
    ("display_title", "text"),
    ("title_is_derived", "boolean"),
    ("language", "text"),
    ("published_on", "date"),
    ("updated_on", "date"),
    ("publisher", "text"),
    ("author", "text"),
    ("body", "text"),
    ("captions", "jsonb"),
    ("fts", "tsvector"),
)


def _upsert_articles(
    conn: Connection, run_id: int, articles: Sequence[Article], vectors: Sequence[str | None]
) -> tuple[dict[str, int], set[int]]:
    """Upsert the article rows, with their text-search ``vectors`` where computed ahead (the
    trigger ``articles_fts`` computes the others); return ids by path and the ids that already
    existed. One statement whatever the batch size: each column is sent as one array (a statement
    with a placeholder per value would cost the driver more to parse than PostgreSQL to run)."""
    values = {
        "source_path": [a.source_path for a in articles],
        "content_sha256": [a.content_sha256 for a in articles],
        "title": [a.title for a in articles],
        "display_title": [a.display_title or a.title for a in articles],
        "title_is_derived": [a.title is None and bool(a.display_title) for a in articles],
        "language": [a.language for a in articles],
        "published_on": [a.published_on for a in articles],
        "updated_on": [a.updated_on for a in articles],
        "publisher": [a.publisher for a in articles],
        "author": [a.author for a in articles],
        "body": [a.body for a in articles],
        "captions": [
            json.dumps([{"text": c.text, "credit": c.credit} for c in a.captions], ensure_ascii=False)
            if a.captions
            else None
            for a in articles
        ],
        "fts": list(vectors),
    }
    names = [c for c, _ in _ARTICLE_COLUMNS]
    arrays = ", ".join(f"CAST(:{c} AS {'text' if t == 'jsonb' else t}[])" for c, t in _ARTICLE_COLUMNS)
    picked = ", ".join(f"CAST({c} AS jsonb)" if t == "jsonb" else c for c, t in _ARTICLE_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in [*names[1:], "run_id"])
    ids: dict[str, int] = {}
    existed: set[int] = set()
    for article_id, path, was_there in conn.execute(
        text(f"""
            INSERT INTO articles ({", ".join(names)}, run_id)
            SELECT {picked}, CAST(:run_id AS bigint) FROM unnest({arrays}) AS x({", ".join(names)})
            ON CONFLICT (source_path) DO UPDATE SET {updates}, updated_at = now()
            RETURNING id, source_path, (xmax <> 0)"""),  # noqa: S608 (names and types: _ARTICLE_COLUMNS)
        {**values, "run_id": run_id},
    ):
        ids[path] = article_id
        if was_there:
            existed.add(article_id)
    return ids, existed


def upsert_source(
    conn: Connection, run_id: int, path: str, sha256: str, facts: FileFacts, outcome: str, article_id: int | None = None
) -> None:
    """Record a version (path, sha256) of an input file as seen by ``run_id`` with ``outcome``."""
    _upsert_source_rows(conn, run_id, [(path, sha256, facts, outcome, article_id)])


def _upsert_sources(conn: Connection, run_id: int, loaded: Sequence[tuple[ArticleLoad, int]]) -> None:
    _upsert_source_rows(
        conn,
        run_id,
        [(it.article.source_path, it.article.content_sha256, it.facts, "loaded", aid) for it, aid in loaded],
    )


def _upsert_source_rows(
    conn: Connection, run_id: int, rows: Sequence[tuple[str, str, FileFacts, str, int | None]]
) -> None:
    if not rows:
        return
    stmt = pg_insert(m.Source)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["path", "sha256"],
            set_={
                "last_run_id": stmt.excluded.last_run_id,
                "last_seen_at": text("now()"),
                "outcome": stmt.excluded.outcome,
                "size_bytes": stmt.excluded.size_bytes,
                "mtime_ns": stmt.excluded.mtime_ns,
                "article_id": stmt.excluded.article_id,
            },
        ),
        [
            {
                "path": p,
                "sha256": s,
                "size_bytes": f.size_bytes,
                "mtime_ns": f.mtime_ns,
                "outcome": o,
                "first_run_id": run_id,
                "last_run_id": run_id,
                "article_id": a,
            }
            for p, s, f, o, a in rows
        ],
    )


def delete_children(conn: Connection, article_ids: Sequence[int]) -> tuple[set[int], set[int]]:
    """Delete the articles' children; return the entity and event ids they referenced."""
    p = {"a": list(article_ids)}
    conn.execute(text("DELETE FROM article_lines WHERE article_id = ANY(:a)"), p)
    entities = {
        r[0]
        for r in conn.execute(text("DELETE FROM entity_mentions WHERE article_id = ANY(:a) RETURNING entity_id"), p)
    }
    entities |= {
        r[0]
        for r in conn.execute(text("DELETE FROM quotes WHERE article_id = ANY(:a) RETURNING speaker_entity_id"), p)
        if r[0] is not None
    }
    for child, parent in conn.execute(
        text("DELETE FROM place_links WHERE article_id = ANY(:a) RETURNING child_entity_id, parent_entity_id"), p
    ):
        entities |= {child, parent}
    events: set[int] = set()
    for ev, loc, parts in conn.execute(
        text(
            "DELETE FROM event_mentions WHERE article_id = ANY(:a) "
            "RETURNING event_id, location_entity_id, participant_ids"
        ),
        p,
    ):
        events.add(ev)
        entities |= {loc} if loc is not None else set()
        entities |= set(parts or ())
    return entities, events


def _copy_mentions(
    conn: Connection, article_ids: Sequence[int], articles: Sequence[Article], resolved: Sequence[dict[RefKey, int]]
) -> None:
    copy_rows(
        conn,
        "entity_mentions",
        ("article_id", "entity_id", "surface", "start_char", "end_char", "role"),
        (
            (aid, ref_id(ids, x.entity), x.surface, x.start, x.end, x.role)
            for aid, a, ids in zip(article_ids, articles, resolved, strict=True)
            for x in a.mentions
        ),
    )


def _copy_quotes(
    conn: Connection, article_ids: Sequence[int], articles: Sequence[Article], resolved: Sequence[dict[RefKey, int]]
) -> None:
    copy_rows(
        conn,
        "quotes",
        (
            "article_id",
            "text",
            "kind",
            "speaker_entity_id",
            "speaker_text",
            "cue",
            "cue_lemma",
            "start_char",
            "end_char",
        ),
        (
            (aid, q.text, q.kind, ref_id(ids, q.speaker), q.speaker_text, q.cue, q.cue_lemma, q.start, q.end)
            for aid, a, ids in zip(article_ids, articles, resolved, strict=True)
            for q in a.quotes
        ),
    )


def _place_links(articles: Sequence[Article], resolved: Sequence[dict[RefKey, int]]) -> list[list[tuple[int, int]]]:
    """Each article's stated place inclusions as (child, parent) entity ids."""
    return [
        sorted({(ref_id(ids, c), ref_id(ids, p)) for c, p in a.place_links} - {(i, i) for i in ids.values()})
        for a, ids in zip(articles, resolved, strict=True)
    ]


def collect_garbage(conn: Connection, entity_ids: Iterable[int], event_ids: Iterable[int]) -> None:
    """Delete events and entities that no article refers to any more; rebuild touched events."""
    events = sorted(set(event_ids))
    if events:
        conn.execute(
            text(
                "DELETE FROM events e WHERE e.id = ANY(:ids) AND NOT EXISTS "
                "(SELECT 1 FROM event_mentions em WHERE em.event_id = e.id)"
            ),
            {"ids": events},
        )
        refresh_events(conn, events)  # those still stated elsewhere: rebuilt from what remains
    entities = sorted(set(entity_ids))
    if entities:
        conn.execute(
            text(
                "DELETE FROM entities e WHERE e.id = ANY(:ids) "
                "AND NOT EXISTS (SELECT 1 FROM entity_mentions x WHERE x.entity_id = e.id) "
                "AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_entity_id = e.id) "
                "AND NOT EXISTS (SELECT 1 FROM event_mentions em WHERE em.location_entity_id = e.id "
                "                OR e.id = ANY(em.participant_ids)) "
                "AND NOT EXISTS (SELECT 1 FROM place_inclusions pl WHERE pl.child_entity_id = e.id) "
                "AND NOT EXISTS (SELECT 1 FROM place_inclusions pl WHERE pl.parent_entity_id = e.id)"
            ),
            {"ids": entities},
        )
