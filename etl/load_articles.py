"""Writing articles in batches: one transaction per batch, set-based statements and COPY.

A batch is written in one transaction, so each of its articles is there whole or not at all
(re-processing an article replaces its children). The statements are set-based whatever the
batch size: articles and sources are upserted with one multi-row statement each, children go
in with ``COPY``, and entity and event resolution fetch their candidates once per batch, then
decide in memory (:class:`etl.resolve.EntityPool`, :mod:`etl.resolve_events`) article after
article, in input order, exactly as if the articles were loaded one by one.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date

import psycopg
from sqlalchemy import Connection, Row, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import DBAPIError

from etl import models as m
from etl.gazetteer import default_gazetteer
from etl.normalize import entity_key
from etl.records import Article, EntityRef
from etl.resolve import Candidate, EntityPool
from etl.resolve_events import GROUPS as EVENT_GROUPS
from etl.resolve_events import (FUTURE, EventCandidate, MentionFacts, NewMention, Places, choose_event, same_time,
                                 summarize)

RefKey = tuple[str, str]  # (type, normalised name)
NEW_EVENT = 1 << 60  # ids from here on are events the batch creates, in creation order, not yet stored


@dataclass(frozen=True)
class FileFacts:
    """Size and mtime of the file version being recorded."""

    size_bytes: int
    mtime_ns: int | None


@dataclass(frozen=True)
class ArticleLoad:
    """One article to write, with the facts of its file, its template fingerprints and, when it
    was computed ahead (:class:`etl.load_search.SearchVectors`), its text-search vector."""

    article: Article
    facts: FileFacts
    line_hashes: Collection[str] = ()
    search_vector: str | None = None  # articles.fts as text; None: the trigger computes it


def copy_rows(conn: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """``COPY table (columns) FROM STDIN`` on the connection's transaction; returns rows written."""
    n = 0
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    except psycopg.Error as err:  # raised as SQLAlchemy raises the others (IntegrityError, OperationalError…)
        raise DBAPIError.instance(sql, None, err, psycopg.Error) from err
    finally:
        cursor.close()
    return n


def write_articles(conn: Connection, run_id: int, items: Sequence[ArticleLoad]) -> list[int]:
    """Write the articles and all their children; return their ids in input order."""
    if not items:
        return []
    articles = [it.article for it in items]
    refs = [entity_refs(a) for a in articles]
    known = _candidates(conn, (item for r in refs for item in r.items())) if any(refs) else []
    # The entity decisions are pure Python and need nothing the article rows give: they are made
    # on a thread while this one waits for PostgreSQL to write the articles (the batch's costliest
    # statement, more so when their text-search vectors were not computed ahead), not after it.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="load-decisions") as thread:
        deciding = thread.submit(_decide_entities, refs, known)
        ids, reprocessed = _upsert_articles(conn, run_id, articles, [it.search_vector for it in items])
        article_ids = [ids[a.source_path] for a in articles]
        old_entities, old_events = delete_children(conn, sorted(reprocessed)) if reprocessed else (set(), set())
        copy_rows(conn, "article_lines", ("article_id", "line_hash"),
                  ((aid, h) for aid, it in zip(article_ids, items, strict=True) for h in sorted(set(it.line_hashes))))
        batch, decided = deciding.result()
        real = _write_entities(conn, batch)
        resolved = [{tk: real.get(i, i) for tk, i in d.items()} for d in decided]
        links = _place_links(articles, resolved)
        new_links = _new_links(conn, {pair for pairs in links for pair in pairs})
        copy_rows(conn, "place_links", ("article_id", "child_entity_id", "parent_entity_id"),
                  ((aid, c, p) for aid, pairs in zip(article_ids, links, strict=True) for c, p in pairs))
        work = _event_work(conn, article_ids, articles, resolved, links)  # reads what the places just written tell
        # likewise, the events are decided while PostgreSQL writes the mentions and quotes (no
        # event statement reads them)
        deciding = thread.submit(_decide_events, work) if work is not None else None
        _copy_mentions(conn, article_ids, articles, resolved)
        _copy_quotes(conn, article_ids, articles, resolved)
        rows = deciding.result() if deciding is not None else []
    touched = _store_events(conn, work.pool, rows, work.persons) if work is not None else set()
    collect_garbage(conn, old_entities, old_events - touched)
    queue_merge_work(conn, touched | old_events, {child for child, _ in new_links})
    _upsert_sources(conn, run_id, [(it, aid) for it, aid in zip(items, article_ids, strict=True)])
    return article_ids


def _new_links(conn: Connection, links: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The place inclusions no stored article states yet."""
    if not links:
        return set()
    children = sorted({c for c, _ in links})
    known = set(conn.execute(text("SELECT child_entity_id, parent_entity_id FROM place_inclusions "
                                  "WHERE child_entity_id = ANY(:c)"), {"c": children}).tuples())
    return links - known


def queue_merge_work(conn: Connection, events: Iterable[int], places: Iterable[int]) -> None:
    """Tell the next corpus merge pass (etl.load.merge_events) to look at these events (their
    statements changed) and at the events placed in these places (a new inclusion ties them)."""
    rows = [("event", e) for e in sorted(set(events))] + [("place", p) for p in sorted(set(places))]
    if rows:
        conn.execute(text("INSERT INTO event_merge_queue (kind, ref_id) SELECT * FROM unnest(CAST(:k AS text[]), "
                          "CAST(:i AS bigint[])) ON CONFLICT DO NOTHING"),
                     {"k": [k for k, _ in rows], "i": [i for _, i in rows]})


# ---------------------------------------------------------------- articles and sources
_ARTICLE_COLUMNS = (  # column, SQL type of its array parameter
    ("source_path", "text"), ("content_sha256", "text"), ("title", "text"), ("display_title", "text"),
    ("title_is_derived", "boolean"), ("language", "text"), ("published_on", "date"), ("updated_on", "date"),
    ("publisher", "text"), ("author", "text"), ("body", "text"), ("captions", "jsonb"), ("fts", "tsvector"),
)


def _upsert_articles(conn: Connection, run_id: int, articles: Sequence[Article],
                     vectors: Sequence[str | None]) -> tuple[dict[str, int], set[int]]:
    """Upsert the article rows, with their text-search ``vectors`` where computed ahead (the
    trigger ``articles_fts`` computes the others); return ids by path and the ids that already
    existed. One statement whatever the batch size: each column is sent as one array (a statement
    with a placeholder per value would cost the driver more to parse than PostgreSQL to run)."""
    values = {
        "source_path": [a.source_path for a in articles], "content_sha256": [a.content_sha256 for a in articles],
        "title": [a.title for a in articles], "display_title": [a.display_title or a.title for a in articles],
        "title_is_derived": [a.title is None and bool(a.display_title) for a in articles],
        "language": [a.language for a in articles], "published_on": [a.published_on for a in articles],
        "updated_on": [a.updated_on for a in articles], "publisher": [a.publisher for a in articles],
        "author": [a.author for a in articles], "body": [a.body for a in articles],
        "captions": [json.dumps([{"text": c.text, "credit": c.credit} for c in a.captions], ensure_ascii=False)
                     if a.captions else None for a in articles],
        "fts": list(vectors),
    }
    names = [c for c, _ in _ARTICLE_COLUMNS]
    arrays = ", ".join(f"CAST(:{c} AS {'text' if t == 'jsonb' else t}[])" for c, t in _ARTICLE_COLUMNS)
    picked = ", ".join(f"CAST({c} AS jsonb)" if t == "jsonb" else c for c, t in _ARTICLE_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in [*names[1:], "run_id"])
    ids: dict[str, int] = {}
    existed: set[int] = set()
    for article_id, path, was_there in conn.execute(text(f"""
            INSERT INTO articles ({", ".join(names)}, run_id)
            SELECT {picked}, CAST(:run_id AS bigint) FROM unnest({arrays}) AS x({", ".join(names)})
            ON CONFLICT (source_path) DO UPDATE SET {updates}, updated_at = now()
            RETURNING id, source_path, (xmax <> 0)"""), {**values, "run_id": run_id}):  # noqa: S608 (names are ours)
        ids[path] = article_id
        if was_there:
            existed.add(article_id)
    return ids, existed


def upsert_source(conn: Connection, run_id: int, path: str, sha256: str, facts: FileFacts, outcome: str,
                  article_id: int | None = None) -> None:
    """Record a version (path, sha256) of an input file as seen by ``run_id`` with ``outcome``."""
    _upsert_source_rows(conn, run_id, [(path, sha256, facts, outcome, article_id)])


def _upsert_sources(conn: Connection, run_id: int, loaded: Sequence[tuple[ArticleLoad, int]]) -> None:
    _upsert_source_rows(conn, run_id, [(it.article.source_path, it.article.content_sha256, it.facts, "loaded", aid)
                                       for it, aid in loaded])


def _upsert_source_rows(conn: Connection, run_id: int,
                        rows: Sequence[tuple[str, str, FileFacts, str, int | None]]) -> None:
    if not rows:
        return
    stmt = pg_insert(m.Source)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=["path", "sha256"],
        set_={"last_run_id": stmt.excluded.last_run_id, "last_seen_at": text("now()"),
              "outcome": stmt.excluded.outcome, "size_bytes": stmt.excluded.size_bytes,
              "mtime_ns": stmt.excluded.mtime_ns, "article_id": stmt.excluded.article_id},
    ), [{"path": p, "sha256": s, "size_bytes": f.size_bytes, "mtime_ns": f.mtime_ns, "outcome": o,
         "first_run_id": run_id, "last_run_id": run_id, "article_id": a} for p, s, f, o, a in rows])


def delete_children(conn: Connection, article_ids: Sequence[int]) -> tuple[set[int], set[int]]:
    """Delete the articles' children; return the entity and event ids they referenced."""
    p = {"a": list(article_ids)}
    conn.execute(text("DELETE FROM article_lines WHERE article_id = ANY(:a)"), p)
    entities = {r[0] for r in conn.execute(text(
        "DELETE FROM entity_mentions WHERE article_id = ANY(:a) RETURNING entity_id"), p)}
    entities |= {r[0] for r in conn.execute(text(
        "DELETE FROM quotes WHERE article_id = ANY(:a) RETURNING speaker_entity_id"), p) if r[0] is not None}
    for child, parent in conn.execute(text(
            "DELETE FROM place_links WHERE article_id = ANY(:a) RETURNING child_entity_id, parent_entity_id"), p):
        entities |= {child, parent}
    events: set[int] = set()
    for ev, loc, parts in conn.execute(text(
            "DELETE FROM event_mentions WHERE article_id = ANY(:a) "
            "RETURNING event_id, location_entity_id, participant_ids"), p):
        events.add(ev)
        entities |= {loc} if loc is not None else set()
        entities |= set(parts or ())
    return entities, events


# ---------------------------------------------------------------- entities
def entity_refs(a: Article) -> dict[RefKey, tuple[EntityRef, set[str]]]:
    """Every entity the article refers to, by (type, key), with all surface forms seen."""
    refs: dict[RefKey, tuple[EntityRef, set[str]]] = {}

    def add(ref: EntityRef | None, surface: str | None = None) -> None:
        if ref is None:
            return
        key = (ref.type, entity_key(ref.name))
        entry = refs.setdefault(key, (ref, set()))
        if len(ref.name) > len(entry[0].name):
            refs[key] = entry = (ref, entry[1])
        entry[1].update({ref.name, *ref.aliases} | ({surface} if surface else set()))

    for mention in a.mentions:
        add(mention.entity, mention.surface)
    for q in a.quotes:
        add(q.speaker)
    for ev in a.events:
        add(ev.location)
        for part in ev.participants:
            add(part)
    for child, parent in a.place_links:
        add(child)
        add(parent)
    return refs


def _candidates(conn: Connection, refs: Iterable[tuple[RefKey, tuple[EntityRef, set[str]]]]) -> list[Candidate]:
    """Known entities that any of ``refs`` may denote: same name or alias, same last word or
    surname, or a trigram-similar name (the pool then decides)."""
    refs = list(refs)
    keys = sorted({k for (_, k), _ in refs} | {entity_key(a) for _, (_, forms) in refs for a in forms})
    lasts = sorted({k.split()[-1] for (_, k), _ in refs if k})
    types = sorted({t for (t, _), _ in refs})
    near = sorted({(t, k) for (t, k), _ in refs if len(k) >= 5})  # near spellings (resolve.choose, rule 4)
    rows = conn.execute(text("""
        WITH unknown AS MATERIALIZED (  -- names not stored as they are: only they need a near spelling
            SELECT * FROM unnest(CAST(:nt AS text[]), CAST(:nk AS text[])) AS k(type, key)
            WHERE NOT EXISTS (SELECT 1 FROM entities x WHERE x.type = k.type AND x.norm_name = k.key)
        ), hits AS (
            SELECT id FROM entities WHERE norm_name = ANY(:keys) OR last_word = ANY(:lasts)
                                       OR norm_name = ANY(:lasts)
            UNION SELECT entity_id FROM entity_aliases WHERE alias_key = ANY(:keys)
            UNION SELECT e.id FROM unknown k JOIN entities e ON e.type = k.type AND e.norm_name % k.key
        )
        SELECT e.id, e.type, e.name, e.norm_name,
               coalesce(array_agg(a.alias_key) FILTER (WHERE a.alias_key IS NOT NULL), '{}')
        FROM entities e JOIN hits h ON h.id = e.id LEFT JOIN entity_aliases a ON a.entity_id = e.id
        WHERE e.type = ANY(:types)
        GROUP BY e.id ORDER BY e.id
    """), {"keys": keys, "lasts": lasts, "types": types, "nt": [t for t, _ in near], "nk": [k for _, k in near]})
    return [Candidate(r[0], r[1], r[2], r[3], frozenset(r[4])) for r in rows]


@dataclass
class _EntityBatch:
    """Entity decisions of a batch before they are written (new entities have ids < 0)."""

    pool: EntityPool
    new: dict[int, Candidate] = field(default_factory=dict)
    renamed: dict[int, str] = field(default_factory=dict)  # stored entity id -> its name before
    aliases: set[tuple[int, str]] = field(default_factory=set)


def _decide_entities(per_article: Sequence[dict[RefKey, tuple[EntityRef, set[str]]]], known: Sequence[Candidate]
                     ) -> tuple[_EntityBatch, list[dict[RefKey, int]]]:
    """Each article's references decided against the ``known`` entities and what earlier articles
    of the batch left: entity ids (new entities get temporary ids < 0), renames and aliases to
    write (:func:`_write_entities`). No database access."""
    batch = _EntityBatch(EntityPool(known))
    gazetteer = default_gazetteer()
    decided: list[dict[RefKey, int]] = []
    for refs in per_article:
        # an article's references are decided against what earlier articles left (the article's
        # own names were already resolved among themselves by the transform)
        ids: dict[RefKey, int] = {}
        fresh: list[Candidate] = []
        renames: list[tuple[int, str]] = []
        for tk in sorted(refs):
            ref = refs[tk][0]
            known = gazetteer.lookup(ref.name)
            decision = batch.pool.choose(ref, canonical=bool(known and known.canonical == ref.name))
            if decision.entity_id is None:
                fresh.append(Candidate(-(len(batch.new) + len(fresh) + 1), ref.type, ref.name, tk[1]))
                ids[tk] = fresh[-1].id
            else:
                ids[tk] = decision.entity_id
                if decision.rename_to:
                    renames.append((decision.entity_id, decision.rename_to))
        for entity_id, name in renames:
            _rename(batch, entity_id, name)
        for c in fresh:
            batch.new[c.id] = c
            batch.pool.add(c)
        forms = {(ids[tk], form) for tk in refs for form in refs[tk][1] if form}
        batch.aliases |= forms
        for entity_id in {i for i, _ in forms}:  # later articles find them by these names too
            c = batch.pool.get(entity_id)
            keys = c.alias_keys | {entity_key(f) for i, f in forms if i == entity_id}
            if keys != c.alias_keys:
                batch.pool.add(replace(c, alias_keys=keys))
                if entity_id < 0:
                    batch.new[entity_id] = batch.pool.get(entity_id)
        decided.append(ids)
    return batch, decided


def _rename(batch: _EntityBatch, entity_id: int, name: str) -> None:
    """Give an entity a fuller name, keeping the old one as an alias (unless the new key is taken)."""
    old = batch.pool.get(entity_id)
    key = entity_key(name)
    holder = batch.pool.holder(old.type, key)
    if (holder is not None and holder != entity_id) or old.name == name:
        return
    renamed = Candidate(entity_id, old.type, name, key, old.alias_keys | {entity_key(old.name)})
    batch.pool.add(renamed)
    if entity_id < 0:
        batch.new[entity_id] = renamed
    else:
        batch.renamed.setdefault(entity_id, old.name)
    batch.aliases.add((entity_id, old.name))


def _write_entities(conn: Connection, batch: _EntityBatch) -> dict[int, int]:
    """Write renames, new entities and aliases; return real ids of the new (negative) ones."""
    renames = sorted(batch.renamed)
    if renames:
        conn.execute(text("""
            UPDATE entities e SET name = u.name, norm_name = u.key
            FROM unnest(CAST(:i AS bigint[]), CAST(:n AS text[]), CAST(:k AS text[])) AS u(id, name, key)
            WHERE e.id = u.id"""), {"i": renames, "n": [batch.pool.get(i).name for i in renames],
                                     "k": [batch.pool.get(i).norm_name for i in renames]})
    real: dict[int, int] = {}
    if batch.new:
        temp = sorted(batch.new, reverse=True)  # -1, -2, …: creation order
        fresh = conn.execute(text("SELECT nextval(pg_get_serial_sequence('entities', 'id')) "
                                  "FROM generate_series(1, :n)"), {"n": len(temp)}).scalars().all()
        real = dict(zip(temp, sorted(fresh), strict=True))
        rows = [batch.pool.get(t) for t in temp]
        inserted = {r[0] for r in conn.execute(text("""
            INSERT INTO entities (id, type, norm_name, name)
            SELECT * FROM unnest(CAST(:i AS bigint[]), CAST(:t AS text[]), CAST(:k AS text[]), CAST(:n AS text[]))
            ON CONFLICT (type, norm_name) DO NOTHING RETURNING id"""),
            {"i": [real[t] for t in temp], "t": [c.type for c in rows], "k": [c.norm_name for c in rows],
             "n": [c.name for c in rows]})}
        for t, c in zip(temp, rows, strict=True):  # a key taken meanwhile: that entity it is
            if real[t] not in inserted:
                real[t] = conn.execute(text("SELECT id FROM entities WHERE type = :t AND norm_name = :k"),
                                       {"t": c.type, "k": c.norm_name}).scalar_one()
    aliases = sorted({(real.get(i, i), form) for i, form in batch.aliases})
    if aliases:
        conn.execute(text("""
            INSERT INTO entity_aliases (entity_id, alias, alias_key)
            SELECT * FROM unnest(CAST(:e AS bigint[]), CAST(:a AS text[]), CAST(:k AS text[]))
            ON CONFLICT DO NOTHING"""),
            {"e": [i for i, _ in aliases], "a": [f for _, f in aliases], "k": [entity_key(f) for _, f in aliases]})
        conn.execute(text("DELETE FROM entity_aliases a USING entities e WHERE a.entity_id = e.id "
                          "AND a.alias = e.name AND e.id = ANY(:ids)"), {"ids": sorted({i for i, _ in aliases})})
    return real


def _ref_id(ids: dict[RefKey, int], ref: EntityRef | None) -> int | None:
    """The entity id of a reference resolved by :func:`write_articles`."""
    return None if ref is None else ids[(ref.type, entity_key(ref.name))]


def _copy_mentions(conn: Connection, article_ids: Sequence[int], articles: Sequence[Article],
                   resolved: Sequence[dict[RefKey, int]]) -> None:
    copy_rows(conn, "entity_mentions", ("article_id", "entity_id", "surface", "start_char", "end_char", "role"),
              ((aid, _ref_id(ids, x.entity), x.surface, x.start, x.end, x.role)
               for aid, a, ids in zip(article_ids, articles, resolved, strict=True) for x in a.mentions))


def _copy_quotes(conn: Connection, article_ids: Sequence[int], articles: Sequence[Article],
                 resolved: Sequence[dict[RefKey, int]]) -> None:
    copy_rows(conn, "quotes", ("article_id", "text", "kind", "speaker_entity_id", "speaker_text", "cue",
                               "start_char", "end_char"),
              ((aid, q.text, q.kind, _ref_id(ids, q.speaker), q.speaker_text, q.cue, q.start, q.end)
               for aid, a, ids in zip(article_ids, articles, resolved, strict=True) for q in a.quotes))


def _place_links(articles: Sequence[Article], resolved: Sequence[dict[RefKey, int]]) -> list[list[tuple[int, int]]]:
    """Each article's stated place inclusions as (child, parent) entity ids."""
    return [sorted({(_ref_id(ids, c), _ref_id(ids, p)) for c, p in a.place_links} - {(i, i) for i in ids.values()})
            for a, ids in zip(articles, resolved, strict=True)]


# ---------------------------------------------------------------- places
def places_of(conn: Connection, ids: Iterable[int | None], leave_out: Sequence[int] = ()) -> Places:
    """What the corpus knows of places ``ids``: their ancestors (stated inclusions, transitively)
    and which of them are whole countries or regions. Inclusions stated by the articles
    ``leave_out`` are left out."""
    wanted = sorted({i for i in ids if i is not None})
    places = Places()
    if not wanted:
        return places
    for child, parent in conn.execute(text("""
            WITH RECURSIVE own AS (  -- what the articles left out state, per inclusion
                SELECT child_entity_id, parent_entity_id, count(*) AS n FROM place_links
                WHERE article_id = ANY(:out) GROUP BY 1, 2
            ), known AS (
                SELECT i.child_entity_id, i.parent_entity_id FROM place_inclusions i
                LEFT JOIN own USING (child_entity_id, parent_entity_id) WHERE i.articles > coalesce(own.n, 0)
            ), up(child, parent) AS (
                SELECT child_entity_id, parent_entity_id FROM known WHERE child_entity_id = ANY(:ids)
                UNION
                SELECT k.child_entity_id, k.parent_entity_id FROM known k JOIN up ON k.child_entity_id = up.parent
            ) SELECT DISTINCT child, parent FROM up"""), {"ids": wanted, "out": list(leave_out)}):
        places.add_link(child, parent)
    _mark_broad(conn, places, wanted + sorted({p for ps in places.parents.values() for p in ps} - set(wanted)))
    return places


def _mark_broad(conn: Connection, places: Places, ids: Sequence[int]) -> None:
    gazetteer = default_gazetteer()
    for entity_id, name in conn.execute(text("SELECT id, name FROM entities WHERE id = ANY(:ids)"), {"ids": list(ids)}):
        entry = gazetteer.lookup(name)
        if entry is not None and entry.scope in ("country", "region"):
            places.broad.add(entity_id)


# ---------------------------------------------------------------- events
@dataclass
class _Event:
    """An event as the batch sees it: stored, or new (id ≥ NEW_EVENT), with its statements."""

    id: int
    event_type: str
    status: str | None
    title: str
    date_text: str | None
    mentions: list[MentionFacts]
    stored_date_text: str | None = None
    event_date: date | None = None
    location: int | None = None
    participants: frozenset[int] = frozenset()
    stored_participants: frozenset[int] = frozenset()  # its rows in event_participants (none when new)

    def candidate(self, persons: set[int]) -> EventCandidate:
        return EventCandidate(self.id, self.event_type, self.status, self.event_date, self.location,
                              self.participants, frozenset(self.participants & persons))


def linked_places(conn: Connection, locs: Sequence[int]) -> dict[int, list[int]]:
    """For each place, itself and every place stated to contain it or to lie in it (transitively)."""
    if not locs:
        return {}
    rows = conn.execute(text("""
        WITH RECURSIVE up(root, id) AS (
            SELECT r, r FROM unnest(CAST(:locs AS bigint[])) AS r
            UNION SELECT up.root, pl.parent_entity_id FROM place_inclusions pl JOIN up ON pl.child_entity_id = up.id
        ), down(root, id) AS (
            SELECT r, r FROM unnest(CAST(:locs AS bigint[])) AS r
            UNION SELECT down.root, pl.child_entity_id FROM place_inclusions pl JOIN down ON pl.parent_entity_id = down.id
        )
        SELECT root, array_agg(DISTINCT id) FROM (SELECT * FROM up UNION SELECT * FROM down) AS x GROUP BY root
    """), {"locs": list(locs)})
    return {root: list(ids) for root, ids in rows}


def _people_key(people: Iterable[int]) -> str | None:
    ids = sorted(set(people))
    return ",".join(map(str, ids)) if ids else None


CANDIDATES_PER_TIE = 200  # per statement and kind of tie (day, place, people): the most recent events
_FUTURE = "coalesce({x}.status IN ('proposed', 'expected'), false)"
_AGREE = ("x.event_type = ANY(m.types) AND " + _FUTURE.format(x="x") + " = m.future "
          "AND (m.d IS NULL OR x.event_date IS NULL OR x.event_date BETWEEN m.d - 1 AND m.d + 1)")
_SHARED = ("t.parties && CASE WHEN cardinality(m.people) > 0 THEN m.people ELSE m.parts END "
           "OR (cardinality(m.people) = 0 AND t.loc = m.loc)")  # a tied event t of statement m
_MAY_SHARE = "(x.parties && a.parties OR x.loc = ANY(a.locs))"  # {shared}, for any of group a's statements


def _stored_events(conn: Connection, wanted: list[dict]) -> tuple[list[_Event], set[int]]:
    """Stored events that may be one of the ``wanted`` statements (:func:`tied_event_ids`), with
    their statements, and which of their parties are people."""
    rows = _event_rows(conn, sorted(tied_event_ids(conn, wanted)), ", e.title, e.date_text")
    events = {r[0]: _Event(r[0], r[1], r[2], r[7], None, [], stored_date_text=r[8], event_date=r[3],
                           location=r[4], participants=frozenset(r[5]), stored_participants=frozenset(r[5]))
              for r in rows}
    persons = {p for r in rows for p in r[6]}
    for event_id, facts in _statements(conn, sorted(events)):
        events[event_id].mentions = facts
    return list(events.values()), persons


def tied_event_ids(conn: Connection, wanted: list[dict]) -> set[int]:
    """Stored events that may be one of the ``wanted`` statements (see :func:`etl.resolve_events.compatible`):
    of the same family, status and day (±1), sharing a party, and tied by the same day, a linked
    place or the very same people. The search is per statement and by index, so it does not grow
    with all the events of a frequent person; each kind of tie brings at most
    ``CANDIDATES_PER_TIE`` events, the most recent ones, so that a statement placed in a whole
    country is not compared with every event ever placed there. For places, these are taken among
    the latest ``CANDIDATES_PER_TIE`` events of each (linked place, family), read once per call:
    the cost does not grow with how many events a country has gathered; among them, the cap is
    spent on the events that may share a party (or, for statements naming no one, the place) with
    one of the statements ranked together, so strangers' newer events do not push an older one of
    the same people out (and fewer rows are ranked: 124,000 against 4,900 for 500 articles loaded
    into 20,000). Statements with the same
    linked places, family, status and day rank those events once, together, joined on equalities
    only (place, type, status, and one of the three days or no day), and the parties are checked on
    the events' own rows (``events.party_ids``): nothing is read per tied event. Likewise the
    events of a day are read once for all the statements of that day, family and status (a busy
    day's events were read again by each of the batch's many statements of it)."""
    if not wanted:
        return set()
    groups: dict[tuple, int] = {}
    shared: dict[int, tuple[set[int], set[int]]] = {}  # of each group, the parties and places a tie shares
    days: dict[tuple, int] = {}
    statements: dict[tuple, dict] = {}  # the same statement made again finds the same events: searched once
    for w in wanted:
        key = (tuple(sorted(w["linked"])), tuple(w["types"]), w["future"], w["d"])
        if w["d"] is not None:
            days.setdefault((w["d"], tuple(w["types"]), w["future"]), len(days))
        g = groups.setdefault(key, len(groups))
        parties, places = shared.setdefault(g, (set(), set()))
        parties.update(w["people"] or w["parts"])  # as {shared} asks, for any of the group's statements
        if not w["people"] and w["loc"] is not None:
            places.add(w["loc"])
        statement = {k: v for k, v in w.items() if k != "linked"} | {"g": g}
        statements.setdefault(tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(statement.items())),
                              statement)
    ranked = [{"g": g, "linked": list(linked), "types": list(types), "future": future, "d": d,
               "dg": days[(d, types, future)] if d is not None else None,
               "parties": sorted(shared[g][0]), "locs": sorted(shared[g][1])}
              for (linked, types, future, d), g in groups.items()]
    dated = [{"dg": dg, "d": d, "types": list(types), "future": future} for (d, types, future), dg in days.items()]
    return set(conn.execute(text("""
        WITH m AS (  -- the statements
            SELECT * FROM jsonb_to_recordset(CAST(:m AS jsonb)) AS (d date, k text, loc bigint, future boolean,
                                                                    types text[], parts bigint[], people bigint[], g int)
        ), by_day AS MATERIALIZED (  -- the latest events of each (day, family, status) asked about, read once
            SELECT dgrp.dg, z.* FROM jsonb_to_recordset(CAST(:dg AS jsonb)) AS dgrp(dg int, d date, future boolean,
                                                                                     types text[])
            CROSS JOIN LATERAL (SELECT y.id, y.location_entity_id AS loc, y.party_ids AS parties FROM events y
                                WHERE y.event_date = dgrp.d AND y.event_type = ANY(dgrp.types)
                                      AND {future} = dgrp.future
                                ORDER BY y.id DESC LIMIT :cap) AS z
        ), grp AS MATERIALIZED (  -- statements that rank the same place-tied events, as one
            SELECT * FROM jsonb_to_recordset(CAST(:g AS jsonb)) AS (g int, d date, future boolean, types text[],
                                                                      linked bigint[], dg int, parties bigint[],
                                                                      locs bigint[])
        ), recent AS MATERIALIZED (  -- the latest events of each (place, family) asked about, read once
            SELECT z.* FROM (SELECT DISTINCT l.place, t.type FROM grp CROSS JOIN unnest(grp.linked) AS l(place)
                             CROSS JOIN unnest(grp.types) AS t(type)) AS pt
            CROSS JOIN LATERAL (SELECT y.id, y.event_type, y.event_date, y.location_entity_id AS loc,
                                       {future} AS future, y.party_ids AS parties FROM events y
                                WHERE y.location_entity_id = pt.place AND y.event_type = pt.type
                                ORDER BY y.id DESC LIMIT :cap) AS z
        ), asked AS MATERIALIZED (  -- each group's (linked place, type), with its day, status, and the
            -- parties and places its statements may share with an event
            SELECT grp.g, grp.d, grp.future, l.place, t.type, grp.parties, grp.locs
            FROM grp CROSS JOIN unnest(grp.linked) AS l(place) CROSS JOIN unnest(grp.types) AS t(type)
        ), days AS MATERIALIZED (  -- a dated event under its day and the days on either side (fewer rows
            -- than the groups' days: the groups of a batch outnumber the events of their places)
            SELECT x.*, x.event_date + o.n AS day FROM recent x CROSS JOIN (VALUES (-1), (0), (1)) AS o(n)
            WHERE x.event_date IS NOT NULL
        ), by_place AS (  -- joined on equalities only: a day within one of the statement's, or no day; ranked
            -- among the events that may share a party with one of the group's statements (most do not)
            SELECT g, id, loc, parties FROM (
                SELECT x.*, row_number() OVER (PARTITION BY x.g ORDER BY x.id DESC) AS rank FROM (
                    SELECT a.g, x.id, x.loc, x.parties
                    FROM asked a JOIN days x ON x.loc = a.place AND x.event_type = a.type
                                            AND x.future = a.future AND x.day = a.d
                    WHERE {may_share}
                    UNION ALL
                    SELECT a.g, x.id, x.loc, x.parties
                    FROM asked a JOIN (SELECT * FROM recent WHERE event_date IS NULL) AS x
                         ON x.loc = a.place AND x.event_type = a.type AND x.future = a.future
                    WHERE a.d IS NOT NULL AND {may_share}
                    UNION ALL
                    SELECT a.g, x.id, x.loc, x.parties
                    FROM (SELECT * FROM asked WHERE d IS NULL) AS a
                    JOIN recent x ON x.loc = a.place AND x.event_type = a.type AND x.future = a.future
                    WHERE {may_share}
                ) AS x
            ) AS ranked
            WHERE rank <= :cap
        ), found AS (  -- each group's events: by a linked place, or by its day (the same for all its statements)
            SELECT g, id, loc, parties FROM by_place
            UNION
            SELECT a.g, x.id, x.loc, x.parties FROM grp a JOIN by_day x ON x.dg = a.dg WHERE {may_share}
        )  -- the parties are read with the events: a shared one is checked on the row, beside the
           -- statement that found it (never joined back to the statements: the planner cannot know
           -- how many rows either side holds, and once chose a nested loop of 238 million pairs)
        SELECT t.id FROM m CROSS JOIN LATERAL (
            SELECT id, location_entity_id AS loc, party_ids AS parties FROM events x WHERE x.people_key = m.k AND {agree}
            ORDER BY id DESC LIMIT :cap
        ) AS t
        WHERE {shared}
        UNION
        SELECT t.id FROM m JOIN found t ON t.g = m.g AND ({shared})
    """.replace("{agree}", _AGREE).replace("{future}", _FUTURE.format(x="y")).replace("{shared}", _SHARED)
        .replace("{may_share}", _MAY_SHARE)),
        {"m": json.dumps(list(statements.values()), default=str), "g": json.dumps(ranked, default=str),
         "dg": json.dumps(dated, default=str), "cap": CANDIDATES_PER_TIE}
    ).scalars())


def _event_rows(conn: Connection, ids: Sequence[int], extra: str = "") -> list[Row]:
    """Events ``ids`` in id order: id, type, status, date, place, parties, the people among them,
    then the ``extra`` columns of ``e``."""
    return list(conn.execute(text(f"""
        SELECT e.id, e.event_type, e.status, e.event_date, e.location_entity_id,
               coalesce(array_agg(p.entity_id) FILTER (WHERE p.entity_id IS NOT NULL), '{{}}'),
               coalesce(array_agg(p.entity_id) FILTER (WHERE x.type = 'PERSON'), '{{}}'){extra}
        FROM events e LEFT JOIN event_participants p ON p.event_id = e.id
        LEFT JOIN entities x ON x.id = p.entity_id WHERE e.id = ANY(:ids)
        GROUP BY e.id ORDER BY e.id"""), {"ids": list(ids)}))  # noqa: S608 (no input in the text)


_ARTICLES_STATING = ", ARRAY(SELECT DISTINCT em.article_id FROM event_mentions em WHERE em.event_id = e.id)"


def _as_candidate(r: Row) -> EventCandidate:
    return EventCandidate(r[0], r[1], r[2], r[3], r[4], frozenset(r[5]), frozenset(r[6]), frozenset(r[7]))


def event_candidates(conn: Connection, ids: Sequence[int]) -> list[EventCandidate]:
    """Events ``ids`` in id order, as merge candidates, with the articles that state them."""
    return [_as_candidate(r) for r in _event_rows(conn, ids, _ARTICLES_STATING)]


def all_event_candidates(conn: Connection, page: int = 5000) -> Iterator[EventCandidate]:
    """Every event in id order, as merge candidates, read ``page`` events at a time (never all
    of them in memory)."""
    after = 0
    while ids := conn.execute(text("SELECT id FROM events WHERE id > :after ORDER BY id LIMIT :n"),
                              {"after": after, "n": page}).scalars().all():
        yield from event_candidates(conn, ids)
        after = ids[-1]


def statement_of(event: EventCandidate, linked: Sequence[int]) -> dict:
    """An event (stored, or as an article states it) as a statement to search ties for
    (:func:`tied_event_ids`); ``linked``: the places linked to its place."""
    people = sorted(event.people)
    return {"d": event.event_date, "k": _people_key(people) if len(people) >= 2 else None,
            "loc": event.location, "future": event.status in FUTURE, "types": sorted(_family(event.event_type)),
            "parts": sorted(event.participants), "people": people, "linked": list(linked)}


def _statements(conn: Connection, event_ids: Sequence[int]) -> list[tuple[int, list[MentionFacts]]]:
    """What the stored statements of each event say, aggregated (so that what is read and sent back
    does not grow with how often an event is reported): each date with how many statements give
    it, each place and the first date as written, in the order they first appeared, and the
    parties they name. Read from the summaries triggers keep beside ``event_mentions``
    (``event_statement_dates``, ``_places``, ``_totals``), never from the statements themselves."""
    if not event_ids:
        return []
    rows = conn.execute(text("""
        SELECT event_id, 0, first_statement_id, event_date, CAST(NULL AS bigint), statements, CAST(NULL AS bigint),
               CAST(NULL AS text), CAST(NULL AS bigint[])
        FROM event_statement_dates WHERE event_id = ANY(:e)
        UNION ALL
        SELECT event_id, 1, first_statement_id, NULL, location_entity_id, statements, NULL, NULL, NULL
        FROM event_statement_places WHERE event_id = ANY(:e)
        UNION ALL
        SELECT event_id, 3, first_statement_id, NULL, NULL, statements, first_dated_statement_id, first_date_text,
               party_ids
        FROM event_statement_totals WHERE event_id = ANY(:e)
    """), {"e": list(event_ids)}).all()
    ordered: list[tuple[int, int, int, MentionFacts]] = []  # event, first statement, kind, facts
    parties: dict[int, frozenset[int]] = {}
    for event_id, kind, first, d, loc, n, first_dated, date_text, party_ids in rows:
        if kind == 0:  # a date, with how many statements give it
            ordered.append((event_id, first, 0, MentionFacts(d, None, frozenset(), None, weight=n)))
        elif kind == 1:  # a place
            ordered.append((event_id, first, 1, MentionFacts(None, loc, frozenset(), None, weight=1)))
        else:  # the first date as written; every stated event, even with no date or place
            if date_text is not None:
                ordered.append((event_id, first_dated, 2, MentionFacts(None, None, frozenset(), date_text, weight=0)))
            ordered.append((event_id, first, 3, MentionFacts(None, None, frozenset(), None, weight=0)))
            parties[event_id] = frozenset(party_ids)
    out: dict[int, list[MentionFacts]] = {}
    for event_id, _first, _kind, facts in sorted(ordered, key=lambda r: r[:3]):
        out.setdefault(event_id, []).append(facts)
    for event_id, facts in out.items():
        facts.append(MentionFacts(None, None, parties[event_id], None, weight=0))
    return sorted(out.items())


def _family(event_type: str) -> set[str]:
    return {t for t, g in EVENT_GROUPS.items() if g == EVENT_GROUPS.get(event_type)} | {event_type}


@dataclass
class _EventWork:
    """What the events a batch states are decided against: the stored events they may be, indexed
    by party and place, the places known, and which entities are people."""

    articles: list[tuple[int, Article, dict[RefKey, int], list[tuple[int, int]]]]  # id, article, entity ids, links
    pool: dict[int, _Event]
    index: _PoolIndex
    places: Places
    persons: set[int]


def _event_work(conn: Connection, article_ids: Sequence[int], articles: Sequence[Article],
                resolved: Sequence[dict[RefKey, int]], links: Sequence[list[tuple[int, int]]]) -> _EventWork | None:
    """Read what the events the articles state are decided against (:func:`_decide_events`);
    None when they state none."""
    batch = list(zip(article_ids, articles, resolved, links, strict=True))
    stated = [item for item in batch if item[1].events]
    if not stated:
        return None
    persons = {i for _, a, ids, _ in stated for ev in a.events for p in ev.participants if p.type == "PERSON"
               for i in [_ref_id(ids, p)]}
    locs = sorted({_ref_id(ids, ev.location) for _, a, ids, _ in stated for ev in a.events if ev.location})
    linked = linked_places(conn, locs)
    wanted = []
    for _, a, ids, _ in stated:
        for ev in a.events:
            loc = _ref_id(ids, ev.location)
            stated_as = EventCandidate(0, ev.event_type, ev.status, ev.event_date, loc,
                                       frozenset(_ref_id(ids, p) for p in ev.participants),
                                       frozenset(_ref_id(ids, p) for p in ev.participants if p.type == "PERSON"))
            wanted.append(statement_of(stated_as, linked.get(loc, [])))
    stored, stored_persons = _stored_events(conn, wanted)
    index = _PoolIndex()
    for e in stored:
        index.add(e)
    places = places_of(conn, [*locs, *(e.location for e in stored), *(f.location for e in stored for f in e.mentions),
                              *(x for pairs in links for pair in pairs for x in pair)], leave_out=article_ids)
    return _EventWork(batch, {e.id: e for e in stored}, index, places, persons | stored_persons)


def _decide_events(work: _EventWork) -> list[tuple]:
    """Attach each event an article states to the known event it is (etl.resolve_events) or a
    new one, article after article (the links between places of earlier articles count); returns
    the statements' rows. The work's pool gains the new events. No database access."""
    pool, index, places, persons = work.pool, work.index, work.places, work.persons
    rows: list[tuple] = []
    new_ids = itertools.count(NEW_EVENT)
    for article_id, article, ids, pairs in work.articles:
        for child, parent in pairs:  # what the corpus knows of places grows article after article
            places.add_link(child, parent)
        touched: set[int] = set()
        for ev in article.events:
            loc = _ref_id(ids, ev.location)
            ev_parts = frozenset({_ref_id(ids, p) for p in ev.participants} - {None})
            people = frozenset(_ref_id(ids, p) for p in ev.participants if p.type == "PERSON")
            mention = NewMention(ev.event_type, ev.status, ev.event_date, loc, ev_parts, people)
            family = _family(ev.event_type)
            # only events sharing a person can be this one when it names people (etl.resolve_events)
            candidates = [e.candidate(persons) for e in map(pool.__getitem__, index.sharing(people, ev_parts, loc))
                          if e.id not in touched and e.event_type in family and _shares(e, people, ev_parts, loc)
                          and same_time(e.status, e.event_date, ev.status, ev.event_date)]  # before the candidate is made
            located = loc is not None and any(c.location is not None for c in candidates)
            event_id = choose_event(mention, candidates, places if located else Places())
            if event_id is None:
                event_id = next(new_ids)
                pool[event_id] = _Event(event_id, ev.event_type, ev.status, ev.title, ev.date_text, [])
            touched.add(event_id)
            pool[event_id].mentions.append(MentionFacts(ev.event_date, loc, ev_parts, ev.date_text))
            rows.append((event_id, article_id, ev.start, ev.end, ev.date_text, ev.event_date, loc, sorted(ev_parts),
                         ev.status, json.dumps(ev.date_expr) if ev.date_expr else None))
        for event_id in touched:
            _apply(pool[event_id], places)
            index.add(pool[event_id])
    return rows


class _PoolIndex:
    """The batch's events by party and by place, so that a statement is compared with the events
    it may share something with (:func:`_shares`) rather than with every event of the batch. An
    event is added again when its parties or place change; old entries stay (callers re-check)."""

    def __init__(self) -> None:
        self.by_party: dict[int, set[int]] = {}
        self.by_place: dict[int, set[int]] = {}

    def add(self, e: _Event) -> None:
        for p in e.participants:
            self.by_party.setdefault(p, set()).add(e.id)
        if e.location is not None:
            self.by_place.setdefault(e.location, set()).add(e.id)

    def sharing(self, people: frozenset[int], parts: frozenset[int], loc: int | None) -> set[int]:
        """Ids of the events that may share a person (or, with no person named, a party or the place);
        in no order (:func:`etl.resolve_events.choose_event` orders its candidates)."""
        out: set[int] = set()
        for p in people or parts:
            out |= self.by_party.get(p, set())
        if not people and loc is not None:
            out |= self.by_place.get(loc, set())
        return out


def _shares(e: _Event, people: frozenset[int], parts: frozenset[int], loc: int | None) -> bool:
    if people:
        return bool(e.participants & people)
    return bool(e.participants & parts) or (loc is not None and e.location == loc)


def _apply(e: _Event, places: Places) -> None:
    s = summarize(e.mentions, places)
    e.event_date, e.location, e.participants = s.event_date, s.location, s.participants
    if e.id >= NEW_EVENT:
        e.date_text = e.date_text or s.date_text
    else:
        e.date_text = e.stored_date_text or s.date_text


def _store_events(conn: Connection, pool: dict[int, _Event], rows: list[tuple], persons: set[int]) -> set[int]:
    """Insert new events, update the stored ones the batch touched, write statements and parties."""
    new = sorted(i for i in pool if i >= NEW_EVENT)
    real: dict[int, int] = {}
    if new:
        fresh = conn.execute(text("SELECT nextval(pg_get_serial_sequence('events', 'id')) "
                                  "FROM generate_series(1, :n)"), {"n": len(new)}).scalars().all()
        real = dict(zip(new, sorted(fresh), strict=True))
        copy_rows(conn, "events", ("id", "event_type", "title", "event_date", "date_text", "status",
                                   "location_entity_id", "people_key", "party_ids"),
                  ((real[i], e.event_type, e.title, e.event_date, e.date_text, e.status, e.location,
                    _people_key(e.participants & persons), sorted(e.participants))
                   for i in new for e in [pool[i]]))
    touched_stored = sorted({r[0] for r in rows if r[0] < NEW_EVENT})
    if touched_stored:
        _update_events(conn, [pool[i] for i in touched_stored])
    copy_rows(conn, "event_mentions", ("event_id", "article_id", "start_char", "end_char", "date_text", "event_date",
                                       "location_entity_id", "participant_ids", "status", "date_expr"),
              ((real.get(r[0], r[0]), *r[1:]) for r in rows))
    touched = [real.get(i, i) for i in sorted({r[0] for r in rows})]
    stated = {r[0] for r in rows}
    _replace_participants(conn, {real.get(i, i): pool[i].participants for i in stated}, persons,
                          before={real.get(i, i): pool[i].stored_participants for i in stated})
    return set(touched)


def _update_events(conn: Connection, events: Sequence[_Event]) -> None:
    conn.execute(text("""
        UPDATE events e SET event_date = u.d, location_entity_id = u.l, date_text = u.t
        FROM unnest(CAST(:i AS bigint[]), CAST(:d AS date[]), CAST(:l AS bigint[]), CAST(:t AS text[])) AS u(id, d, l, t)
        WHERE e.id = u.id AND (e.event_date, e.location_entity_id, e.date_text) IS DISTINCT FROM (u.d, u.l, u.t)"""),
        {"i": [e.id for e in events], "d": [e.event_date for e in events], "l": [e.location for e in events],
         "t": [e.date_text for e in events]})


def _replace_participants(conn: Connection, parties: dict[int, frozenset[int]], persons: set[int],
                          before: dict[int, frozenset[int]] | None = None) -> None:
    """Set the events' parties, and their people key (the people among them, ``persons``). With
    ``before`` (each event's rows in event_participants), only the parties that changed are
    deleted or added: an event's parties only grow as articles state it again, and rewriting all
    of a frequent event's parties each time it is stated would rewrite thousands of rows."""
    ids = sorted(parties)
    if before is None:
        conn.execute(text("DELETE FROM event_participants WHERE event_id = ANY(:e)"), {"e": ids})
        before = {}
    else:
        gone = [(e, p) for e in ids for p in sorted(before.get(e, frozenset()) - parties[e])]
        if gone:
            conn.execute(text("DELETE FROM event_participants p USING unnest(CAST(:e AS bigint[]), "
                              "CAST(:p AS bigint[])) AS g(e, p) WHERE p.event_id = g.e AND p.entity_id = g.p"),
                         {"e": [e for e, _ in gone], "p": [p for _, p in gone]})
    copy_rows(conn, "event_participants", ("event_id", "entity_id"),
              ((e, p) for e in ids for p in sorted(parties[e] - before.get(e, frozenset()))))
    conn.execute(text("""
        UPDATE events e SET people_key = u.key, party_ids = u.parties
        FROM (SELECT id, key, CAST(string_to_array(parties, ',') AS bigint[]) AS parties  -- ids as "12,40"
              FROM unnest(CAST(:e AS bigint[]), CAST(:k AS text[]), CAST(:p AS text[])) AS x(id, key, parties)) AS u
        WHERE e.id = u.id AND (e.people_key, e.party_ids) IS DISTINCT FROM (u.key, u.parties)"""),
        {"e": ids, "k": [_people_key(parties[e] & persons) for e in ids],
         "p": [",".join(map(str, sorted(parties[e]))) for e in ids]})


def refresh_events(conn: Connection, event_ids: Iterable[int]) -> None:
    """Rebuild events from their statements: participants (union), date (the one most statements
    give), place (the most specific), date as written (kept once set). Events with no statement
    are left as they are."""
    statements = _statements(conn, sorted(set(event_ids)))
    if not statements:
        return
    places = places_of(conn, [f.location for _, facts in statements for f in facts])
    stored = dict(conn.execute(text("SELECT id, date_text FROM events WHERE id = ANY(:e)"),
                               {"e": [i for i, _ in statements]}).all())
    events = []
    for event_id, facts in statements:
        s = summarize(facts, places)
        events.append(_Event(event_id, "", None, "", stored.get(event_id) or s.date_text, facts,
                             event_date=s.event_date, location=s.location, participants=s.participants))
    _update_events(conn, events)
    everyone = sorted({p for e in events for p in e.participants})
    persons = set(conn.execute(text("SELECT id FROM entities WHERE id = ANY(:i) AND type = 'PERSON'"),
                               {"i": everyone}).scalars())
    _replace_participants(conn, {e.id: e.participants for e in events}, persons)


def collect_garbage(conn: Connection, entity_ids: Iterable[int], event_ids: Iterable[int]) -> None:
    """Delete events and entities that no article refers to any more; rebuild touched events."""
    events = sorted(set(event_ids))
    if events:
        conn.execute(text("DELETE FROM events e WHERE e.id = ANY(:ids) AND NOT EXISTS "
                          "(SELECT 1 FROM event_mentions em WHERE em.event_id = e.id)"), {"ids": events})
        refresh_events(conn, events)  # those still stated elsewhere: rebuilt from what remains
    entities = sorted(set(entity_ids))
    if entities:
        conn.execute(text(
            "DELETE FROM entities e WHERE e.id = ANY(:ids) "
            "AND NOT EXISTS (SELECT 1 FROM entity_mentions x WHERE x.entity_id = e.id) "
            "AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_entity_id = e.id) "
            "AND NOT EXISTS (SELECT 1 FROM event_mentions em WHERE em.location_entity_id = e.id "
            "                OR e.id = ANY(em.participant_ids)) "
            "AND NOT EXISTS (SELECT 1 FROM place_inclusions pl WHERE pl.child_entity_id = e.id) "
            "AND NOT EXISTS (SELECT 1 FROM place_inclusions pl WHERE pl.parent_entity_id = e.id)"
        ), {"ids": entities})
