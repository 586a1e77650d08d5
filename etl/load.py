"""The only module that writes SQL: runs, sources, quarantine and articles with their children.

Every article is written in one transaction with all its children (re-processing replaces them),
so a reader never sees half an article. Statements are bulk (multi-row INSERT … RETURNING /
executemany), never per-row ORM adds. Entities and events are shared across articles: they are
upserted by key and garbage-collected when the last article that mentioned them lets them go.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, Engine, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from etl import models as m
from etl.attribution import role_key
from etl.gazetteer import default_gazetteer
from etl.normalize import entity_key
from etl.records import Article, EntityRef, Rejected
from etl.resolve import Candidate, choose
from etl.resolve_events import GROUPS as EVENT_GROUPS
from etl.resolve_events import EventCandidate, NewMention, Places, choose_event, compatible
from etl.timeexpr import TimeExpr


@dataclass(frozen=True)
class StoredSource:
    """What the database knows of the latest version of one input path."""

    path: str
    sha256: str
    size_bytes: int
    mtime_ns: int | None
    outcome: str


@dataclass(frozen=True)
class FileFacts:
    """Size and mtime of the file version being recorded."""

    size_bytes: int
    mtime_ns: int | None


# ---------------------------------------------------------------- runs
RUN_LOCK_KEY = 0x6E657773_65746C  # "news" "etl": one ETL run at a time per database


def acquire_run_lock(engine: Engine) -> Connection | None:
    """Take the database's run lock (a session advisory lock) on a connection of its own; None
    when another run holds it. The lock goes with the connection, even if the process dies."""
    conn = engine.connect()
    got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": RUN_LOCK_KEY}).scalar()
    conn.commit()
    if got:
        return conn
    conn.close()
    return None


def release_run_lock(conn: Connection) -> None:
    """Give the run lock back."""
    try:
        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": RUN_LOCK_KEY})
        conn.commit()
    finally:
        conn.close()


def close_stale_runs(engine: Engine) -> int:
    """Mark runs left 'running' by a process that died as failed (call while holding the lock)."""
    with engine.begin() as conn:
        return conn.execute(text(
            "UPDATE etl_runs SET status = 'failed', finished_at = now(), "
            "error = 'interrupted: the process ended before the run finished' WHERE status = 'running'")).rowcount


def record_skipped_run(engine: Engine, input_dir: str, code_version: str, flow_run_id: str | None, why: str) -> int:
    """An ``etl_runs`` row for a run that did nothing, and why."""
    with engine.begin() as conn:
        return conn.execute(
            pg_insert(m.EtlRun).values(input_dir=input_dir, code_version=code_version, prefect_flow_run_id=flow_run_id,
                                       status="skipped", error=why, finished_at=text("now()")).returning(m.EtlRun.id)
        ).scalar_one()


def start_run(engine: Engine, input_dir: str, code_version: str, flow_run_id: str | None) -> int:
    """Insert an ``etl_runs`` row in status 'running' and return its id."""
    with engine.begin() as conn:
        return conn.execute(
            pg_insert(m.EtlRun).values(input_dir=input_dir, code_version=code_version,
                                       prefect_flow_run_id=flow_run_id).returning(m.EtlRun.id)
        ).scalar_one()


def finish_run(engine: Engine, run_id: int, status: str, counts: dict[str, int], error: str | None = None) -> None:
    """Close a run with its final status and counts."""
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE etl_runs SET finished_at = now(), status = :status, error = :error, "
                 "files_seen = :files_seen, loaded = :loaded, unchanged = :unchanged, "
                 "quarantined = :quarantined, failed = :failed WHERE id = :id"),
            {"id": run_id, "status": status, "error": error,
             **{k: counts.get(k, 0) for k in ("files_seen", "loaded", "unchanged", "quarantined", "failed")}},
        )


# ---------------------------------------------------------------- sources
def latest_sources(engine: Engine) -> dict[str, StoredSource]:
    """The latest recorded version of every input path."""
    sql = text(
        "SELECT DISTINCT ON (path) path, sha256, size_bytes, mtime_ns, outcome FROM sources "
        "ORDER BY path, last_run_id DESC, last_seen_at DESC, id DESC"
    )
    with engine.connect() as conn:
        return {r.path: StoredSource(r.path, r.sha256, r.size_bytes, r.mtime_ns, r.outcome) for r in conn.execute(sql)}


def _upsert_source(conn: Connection, run_id: int, path: str, sha256: str, facts: FileFacts, outcome: str,
                   article_id: int | None = None) -> None:
    stmt = pg_insert(m.Source).values(
        path=path, sha256=sha256, size_bytes=facts.size_bytes, mtime_ns=facts.mtime_ns, outcome=outcome,
        first_run_id=run_id, last_run_id=run_id, article_id=article_id,
    )
    conn.execute(stmt.on_conflict_do_update(
        index_elements=["path", "sha256"],
        set_={"last_run_id": run_id, "last_seen_at": text("now()"), "outcome": outcome,
              "size_bytes": facts.size_bytes, "mtime_ns": facts.mtime_ns, "article_id": article_id},
    ))


def load_duplicate(engine: Engine, run_id: int, article: Article, facts: FileFacts) -> int | None:
    """When another current article has the same content, record this path as one more source
    of that article (and drop an older article of this path) and return the article's id;
    None when the content is new."""
    with engine.begin() as conn:
        other = conn.execute(text(
            "SELECT id FROM articles WHERE content_sha256 = :s AND source_path <> :p ORDER BY id LIMIT 1"),
            {"s": article.content_sha256, "p": article.source_path}).scalar()
        if other is None:
            return None
        old = conn.execute(text("SELECT id FROM articles WHERE source_path = :p"), {"p": article.source_path}).scalar()
        if old is not None:
            entities, events = _delete_children(conn, old)
            conn.execute(text("DELETE FROM articles WHERE id = :a"), {"a": old})
            _collect_garbage(conn, entities, events)
        _upsert_source(conn, run_id, article.source_path, article.content_sha256, facts, "duplicate", other)
        return other


def touch_sources(engine: Engine, run_id: int, seen: Sequence[tuple[str, str, FileFacts]]) -> None:
    """Record that unchanged files (path, sha256, facts) were seen again by ``run_id``."""
    if not seen:
        return
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE sources SET last_run_id = :run_id, last_seen_at = now(), mtime_ns = :mtime_ns "
                 "WHERE path = :path AND sha256 = :sha256"),
            [{"run_id": run_id, "path": p, "sha256": s, "mtime_ns": f.mtime_ns} for p, s, f in seen],
        )


# ---------------------------------------------------------------- quarantine
def quarantine(engine: Engine, run_id: int, rejected: Rejected, facts: FileFacts | None) -> None:
    """Record a rejected file (and its version in ``sources`` when its hash is known)."""
    with engine.begin() as conn:
        conn.execute(pg_insert(m.Quarantine).values(
            run_id=run_id, path=rejected.source_path, sha256=rejected.sha256 or None,
            reason=rejected.reason, detail=rejected.detail or None,
        ).on_conflict_do_nothing(index_elements=["run_id", "path"]))
        if rejected.sha256 and facts is not None:
            _upsert_source(conn, run_id, rejected.source_path, rejected.sha256, facts, "quarantined")


# ---------------------------------------------------------------- articles
def load_article(engine: Engine, run_id: int, article: Article, facts: FileFacts,
                 line_hashes: Collection[str] = ()) -> int:
    """Write one article and all its children atomically; return the article id.

    ``line_hashes`` are the page's template fingerprints (see :mod:`etl.template`).
    """
    with engine.begin() as conn:
        article_id = _upsert_article(conn, run_id, article)
        old_entities, old_events = _delete_children(conn, article_id)
        _replace_line_hashes(conn, article_id, line_hashes)
        refs = _entity_refs(article)
        ids = _upsert_entities(conn, refs)
        _insert_mentions(conn, article_id, article, ids)
        _insert_quotes(conn, article_id, article, ids)
        _insert_place_links(conn, article_id, article, ids)
        touched = _insert_events(conn, article_id, article, ids)
        _collect_garbage(conn, old_entities, old_events - touched)
        _upsert_source(conn, run_id, article.source_path, article.content_sha256, facts, "loaded", article_id)
        return article_id


def _upsert_article(conn: Connection, run_id: int, a: Article) -> int:
    values = {
        "source_path": a.source_path, "content_sha256": a.content_sha256, "title": a.title,
        "display_title": a.display_title or a.title, "title_is_derived": a.title is None and bool(a.display_title),
        "language": a.language, "published_on": a.published_on, "updated_on": a.updated_on,
        "publisher": a.publisher, "author": a.author, "body": a.body, "run_id": run_id,
        "captions": [{"text": c.text, "credit": c.credit} for c in a.captions] or None,
    }
    stmt = pg_insert(m.Article).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["source_path"],
        set_={**{k: stmt.excluded[k] for k in values if k != "source_path"}, "updated_at": text("now()")},
    )
    return conn.execute(stmt.returning(m.Article.id)).scalar_one()


def _replace_line_hashes(conn: Connection, article_id: int, hashes: Collection[str]) -> None:
    conn.execute(text("DELETE FROM article_lines WHERE article_id = :a"), {"a": article_id})
    if hashes:
        conn.execute(pg_insert(m.ArticleLine), [{"article_id": article_id, "line_hash": h} for h in sorted(hashes)])


def template_counts(engine: Engine, exclude_paths: Collection[str] = ()) -> Counter[str]:
    """On how many current articles each template fingerprint occurs (articles of
    ``exclude_paths``, about to be reprocessed, left out)."""
    sql = text("SELECT l.line_hash, count(*) FROM article_lines l JOIN articles a ON a.id = l.article_id "
               "WHERE NOT (a.source_path = ANY(:paths)) GROUP BY l.line_hash")
    with engine.connect() as conn:
        return Counter({h: n for h, n in conn.execute(sql, {"paths": sorted(exclude_paths)})})


def _delete_children(conn: Connection, article_id: int) -> tuple[set[int], set[int]]:
    """Delete an article's children; return the entity and event ids they referenced."""
    p = {"a": article_id}
    entities = {r[0] for r in conn.execute(text(
        "DELETE FROM entity_mentions WHERE article_id = :a RETURNING entity_id"), p)}
    entities |= {r[0] for r in conn.execute(text(
        "DELETE FROM quotes WHERE article_id = :a RETURNING speaker_entity_id"), p) if r[0] is not None}
    for child, parent in conn.execute(text(
            "DELETE FROM place_links WHERE article_id = :a RETURNING child_entity_id, parent_entity_id"), p):
        entities |= {child, parent}
    events: set[int] = set()
    for ev, loc, parts in conn.execute(text(
            "DELETE FROM event_mentions WHERE article_id = :a "
            "RETURNING event_id, location_entity_id, participant_ids"), p):
        events.add(ev)
        entities |= {loc} if loc is not None else set()
        entities |= set(parts or ())
    return entities, events


def _entity_refs(a: Article) -> dict[tuple[str, str], tuple[EntityRef, set[str]]]:
    """Every entity the article refers to, by (type, key), with all surface forms seen."""
    refs: dict[tuple[str, str], tuple[EntityRef, set[str]]] = {}

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


def _candidates(conn: Connection, refs: dict) -> list[Candidate]:
    """Known entities that any of ``refs`` may denote: same name or alias, same last word or
    surname, facility-stripped place, or a trigram-similar name."""
    keys = sorted({k for _, k in refs} | {entity_key(a) for ref, forms in refs.values() for a in forms})
    lasts = sorted({k.split()[-1] for _, k in refs if k})
    types = sorted({t for t, _ in refs})
    rows = conn.execute(text("""
        WITH hits AS (
            SELECT id FROM entities WHERE norm_name = ANY(:keys) OR last_word = ANY(:lasts)
                                       OR norm_name = ANY(:lasts)
            UNION SELECT entity_id FROM entity_aliases WHERE alias_key = ANY(:keys)
            UNION SELECT e.id FROM unnest(CAST(:keys AS text[])) AS k(key)
                  JOIN entities e ON e.norm_name % k.key
        )
        SELECT e.id, e.type, e.name, e.norm_name,
               coalesce(array_agg(a.alias_key) FILTER (WHERE a.alias_key IS NOT NULL), '{}')
        FROM entities e JOIN hits h ON h.id = e.id LEFT JOIN entity_aliases a ON a.entity_id = e.id
        WHERE e.type = ANY(:types)
        GROUP BY e.id ORDER BY e.id
    """), {"keys": keys, "lasts": lasts, "types": types})
    return [Candidate(r[0], r[1], r[2], r[3], frozenset(r[4])) for r in rows]


def _upsert_entities(conn: Connection, refs: dict) -> dict[tuple[str, str], int]:
    """Resolve each reference to a known entity (etl.resolve) or insert it; add aliases; return
    ids by (type, key). The fullest or authoritative name wins."""
    if not refs:
        return {}
    gazetteer = default_gazetteer()
    candidates = _candidates(conn, refs)
    ids: dict[tuple[str, str], int] = {}
    new: list[tuple[str, str]] = []
    for tk in sorted(refs):  # a fixed order: concurrent loads lock rows in the same order
        ref = refs[tk][0]
        known = gazetteer.lookup(ref.name)
        decision = choose(ref, candidates, canonical=bool(known and known.canonical == ref.name))
        if decision.entity_id is None:
            new.append(tk)
            continue
        ids[tk] = decision.entity_id
        if decision.rename_to:
            _rename(conn, decision.entity_id, decision.rename_to)
    if new:
        rows = conn.execute(_INSERT_ENTITIES, {"t": [t for t, _ in new], "k": [k for _, k in new],
                                               "n": [refs[(t, k)][0].name for t, k in new]})
        ids.update({(t, k): i for i, t, k in rows})
    aliases = sorted({(ids[tk], form) for tk in refs for form in refs[tk][1] if form})
    if aliases:
        conn.execute(_INSERT_ALIAS, [{"e": i, "a": form, "k": entity_key(form)} for i, form in aliases])
    conn.execute(text("DELETE FROM entity_aliases a USING entities e WHERE a.entity_id = e.id "
                      "AND a.alias = e.name AND e.id = ANY(:ids)"), {"ids": sorted(set(ids.values()))})
    return ids


def _rename(conn: Connection, entity_id: int, name: str) -> None:
    """Give an entity a fuller name, keeping the old one as an alias (unless the new key is taken)."""
    old = conn.execute(text("SELECT name, type FROM entities WHERE id = :i"), {"i": entity_id}).one()
    taken = conn.execute(text("SELECT 1 FROM entities WHERE type = :t AND norm_name = :k AND id <> :i"),
                         {"t": old.type, "k": entity_key(name), "i": entity_id}).first()
    if taken or old.name == name:
        return
    conn.execute(text("UPDATE entities SET name = :n, norm_name = :k WHERE id = :i"),
                 {"n": name, "k": entity_key(name), "i": entity_id})
    conn.execute(pg_insert(m.EntityAlias).values(entity_id=entity_id, alias=old.name,
                                                 alias_key=entity_key(old.name)).on_conflict_do_nothing())


def _ref_id(ids: dict, ref: EntityRef | None) -> int | None:
    """The entity id of a reference resolved by :func:`_upsert_entities`."""
    return None if ref is None else ids[(ref.type, entity_key(ref.name))]


def _insert_mentions(conn: Connection, article_id: int, a: Article, ids: dict) -> None:
    rows = [{"article_id": article_id, "entity_id": _ref_id(ids, x.entity), "surface": x.surface,
             "start_char": x.start, "end_char": x.end, "role": x.role} for x in a.mentions]
    if rows:
        conn.execute(pg_insert(m.EntityMention), rows)


def _insert_quotes(conn: Connection, article_id: int, a: Article, ids: dict) -> None:
    rows = [{"article_id": article_id, "text": q.text, "kind": q.kind, "speaker_entity_id": _ref_id(ids, q.speaker),
             "speaker_text": q.speaker_text, "cue": q.cue, "start_char": q.start, "end_char": q.end}
            for q in a.quotes]
    if rows:
        conn.execute(pg_insert(m.QuoteRow), rows)


_INSERT_ALIAS = text("INSERT INTO entity_aliases (entity_id, alias, alias_key) VALUES (:e, :a, :k) "
                     "ON CONFLICT DO NOTHING")
_INSERT_ENTITIES = text("""
    INSERT INTO entities (type, norm_name, name)
    SELECT * FROM unnest(CAST(:t AS text[]), CAST(:k AS text[]), CAST(:n AS text[]))
    ON CONFLICT (type, norm_name) DO UPDATE SET name = CASE WHEN char_length(excluded.name) > char_length(entities.name)
                                                        THEN excluded.name ELSE entities.name END
    RETURNING id, type, norm_name""")
_INSERT_PLACE_LINK = text("INSERT INTO place_links (article_id, child_entity_id, parent_entity_id) "
                          "VALUES (:a, :c, :p) ON CONFLICT DO NOTHING")
_INSERT_EVENT = text("INSERT INTO events (event_type, title, event_date, date_text, status, location_entity_id) "
                     "VALUES (:t, :ti, :d, :dt, :s, :l) RETURNING id")
_INSERT_EVENT_MENTION = text(
    "INSERT INTO event_mentions (event_id, article_id, start_char, end_char, date_text, event_date, "
    "location_entity_id, participant_ids, status, date_expr) "
    "VALUES (:e, :a, :s, :en, :dt, :d, :l, CAST(:p AS bigint[]), :st, CAST(:x AS jsonb))")


def _insert_place_links(conn: Connection, article_id: int, a: Article, ids: dict) -> None:
    rows = sorted({(_ref_id(ids, child), _ref_id(ids, parent)) for child, parent in a.place_links
                   if _ref_id(ids, child) != _ref_id(ids, parent)})
    if rows:
        conn.execute(_INSERT_PLACE_LINK, [{"a": article_id, "c": c, "p": p} for c, p in rows])


def _places(conn: Connection, ids: Iterable[int | None]) -> Places:
    """What the corpus knows of places ``ids``: their ancestors (stated inclusions, transitively)
    and which of them are whole countries or regions."""
    wanted = sorted({i for i in ids if i is not None})
    places = Places()
    if not wanted:
        return places
    for child, parent in conn.execute(text("""
            WITH RECURSIVE up(child, parent) AS (
                SELECT child_entity_id, parent_entity_id FROM place_links WHERE child_entity_id = ANY(:ids)
                UNION
                SELECT pl.child_entity_id, pl.parent_entity_id FROM place_links pl JOIN up ON pl.child_entity_id = up.parent
            ) SELECT DISTINCT child, parent FROM up"""), {"ids": wanted}):
        places.parents.setdefault(child, set()).add(parent)
    gazetteer = default_gazetteer()
    for entity_id, name in conn.execute(text("SELECT id, name FROM entities WHERE id = ANY(:ids)"), {"ids": wanted}):
        entry = gazetteer.lookup(name)
        if entry is not None and entry.scope in ("country", "region"):
            places.broad.add(entity_id)
    return places


def _event_candidates(conn: Connection, types: list[str], parts: list[int], locs: list[int]) -> list[EventCandidate]:
    rows = conn.execute(text("""
        SELECT e.id, e.event_type, e.status, e.event_date, e.location_entity_id,
               coalesce(array_agg(p.entity_id) FILTER (WHERE p.entity_id IS NOT NULL), '{}'),
               coalesce(array_agg(p.entity_id) FILTER (WHERE x.type = 'PERSON'), '{}')
        FROM events e
        LEFT JOIN event_participants p ON p.event_id = e.id
        LEFT JOIN entities x ON x.id = p.entity_id
        WHERE e.event_type = ANY(:types)
          AND (e.id IN (SELECT event_id FROM event_participants WHERE entity_id = ANY(:parts))
               OR e.location_entity_id = ANY(:locs))
        GROUP BY e.id ORDER BY e.id
    """), {"types": types, "parts": parts, "locs": locs})
    return [EventCandidate(r[0], r[1], r[2], r[3], r[4], frozenset(r[5]), frozenset(r[6])) for r in rows]


def _insert_events(conn: Connection, article_id: int, a: Article, ids: dict) -> set[int]:
    """Attach each event the article states to the known event it is (etl.resolve_events) or a
    new one; return the ids of the events touched."""
    if not a.events:
        return set()
    touched: set[int] = set()
    for ev in a.events:
        loc = _ref_id(ids, ev.location)
        parts = sorted({_ref_id(ids, p) for p in ev.participants} - {None})
        people = frozenset(_ref_id(ids, p) for p in ev.participants if p.type == "PERSON")
        mention = NewMention(ev.event_type, ev.status, ev.event_date, loc, frozenset(parts), people)
        family = [t for t, g in EVENT_GROUPS.items() if g == EVENT_GROUPS.get(ev.event_type)] or [ev.event_type]
        # only events sharing a person can be this one when it names people (etl.resolve_events)
        keys = sorted(people) if people else parts
        candidates = [c for c in _event_candidates(conn, sorted(set(family) | {ev.event_type}), keys,
                                                   [] if people else ([loc] if loc else [])) if c.id not in touched]
        # places matter only when the mention and a candidate both have one
        located = loc is not None and any(c.location is not None for c in candidates)
        places = _places(conn, [loc, *(c.location for c in candidates)]) if located else Places()
        event_id = choose_event(mention, candidates, places)
        if event_id is None:
            event_id = conn.execute(_INSERT_EVENT, {"t": ev.event_type, "ti": ev.title, "d": ev.event_date,
                                                    "dt": ev.date_text, "s": ev.status, "l": loc}).scalar_one()
        touched.add(event_id)
        conn.execute(_INSERT_EVENT_MENTION, {
            "e": event_id, "a": article_id, "s": ev.start, "en": ev.end, "dt": ev.date_text, "d": ev.event_date,
            "l": loc, "p": parts, "st": ev.status, "x": json.dumps(ev.date_expr) if ev.date_expr else None})
    for event_id in sorted(touched):
        _refresh_event(conn, event_id)
    return touched


def _refresh_event(conn: Connection, event_id: int) -> None:
    """Rebuild an event from its mentions: participants (union), date (the one most mentions
    give), place (the most specific), type (the most specific of its family)."""
    rows = conn.execute(text("SELECT event_date, location_entity_id, participant_ids, date_text FROM event_mentions "
                             "WHERE event_id = :e ORDER BY id"), {"e": event_id}).all()
    if not rows:
        return
    locations = {r[1] for r in rows if r[1] is not None}
    places = _places(conn, locations) if len(locations) > 1 else Places()
    dates = Counter(r[0] for r in rows if r[0] is not None)
    event_date = max(dates, key=lambda d: (dates[d], -d.toordinal())) if dates else None
    location = None
    for r in rows:
        location = places.most_specific(location, r[1])
    date_text = next((r[3] for r in rows if r[3]), None)
    conn.execute(text("UPDATE events SET event_date = :d, location_entity_id = :l, date_text = coalesce(date_text, :t) "
                      "WHERE id = :e AND (event_date, location_entity_id, date_text) "
                      "IS DISTINCT FROM (:d, :l, coalesce(date_text, :t))"),
                 {"d": event_date, "l": location, "t": date_text, "e": event_id})
    parts = sorted({p for r in rows for p in (r[2] or ())})
    conn.execute(text("DELETE FROM event_participants WHERE event_id = :e AND NOT (entity_id = ANY(:p))"),
                 {"e": event_id, "p": parts})
    if parts:
        conn.execute(pg_insert(m.EventParticipant).values(
            [{"event_id": event_id, "entity_id": p} for p in parts]).on_conflict_do_nothing())


def _collect_garbage(conn: Connection, entity_ids: Iterable[int], event_ids: Iterable[int]) -> None:
    """Delete events and entities that no article refers to any more; rebuild touched participants."""
    events = sorted(set(event_ids))
    if events:
        conn.execute(text("DELETE FROM events e WHERE e.id = ANY(:ids) AND NOT EXISTS "
                          "(SELECT 1 FROM event_mentions em WHERE em.event_id = e.id)"), {"ids": events})
        for event_id in events:  # those still stated elsewhere: rebuilt from what remains
            _refresh_event(conn, event_id)
    entities = sorted(set(entity_ids))
    if entities:
        conn.execute(text(
            "DELETE FROM entities e WHERE e.id = ANY(:ids) "
            "AND NOT EXISTS (SELECT 1 FROM entity_mentions x WHERE x.entity_id = e.id) "
            "AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_entity_id = e.id) "
            "AND NOT EXISTS (SELECT 1 FROM event_mentions em WHERE em.location_entity_id = e.id "
            "                OR e.id = ANY(em.participant_ids)) "
            "AND NOT EXISTS (SELECT 1 FROM place_links pl WHERE e.id IN (pl.child_entity_id, pl.parent_entity_id))"
        ), {"ids": entities})


def merge_events(engine: Engine) -> int:
    """Merge events that are one real event now that the whole corpus is loaded (a place
    inclusion learnt from a later article can tie two earlier statements). Each pass merges every
    pair it finds; passes repeat while merges give events new parties. Returns merges done."""
    merged = 0
    with engine.begin() as conn:
        while True:
            rows = conn.execute(text("""
                SELECT e.id, e.event_type, e.status, e.event_date, e.location_entity_id,
                       coalesce(array_agg(p.entity_id) FILTER (WHERE p.entity_id IS NOT NULL), '{}'),
                       coalesce(array_agg(p.entity_id) FILTER (WHERE x.type = 'PERSON'), '{}')
                FROM events e LEFT JOIN event_participants p ON p.event_id = e.id
                LEFT JOIN entities x ON x.id = p.entity_id GROUP BY e.id ORDER BY e.id""")).all()
            events = [EventCandidate(r[0], r[1], r[2], r[3], r[4], frozenset(r[5]), frozenset(r[6])) for r in rows]
            places = _places(conn, [e.location for e in events])
            by_person: dict[int, list[EventCandidate]] = {}
            pairs: list[tuple[int, int]] = []
            involved: set[int] = set()
            for e in events:
                earlier = {c.id: c for p in e.participants for c in by_person.get(p, []) if c.id not in involved}
                as_mention = NewMention(e.event_type, e.status, e.event_date, e.location, e.participants, e.people)
                target = next((c for c in sorted(earlier.values(), key=lambda c: c.id)
                               if compatible(as_mention, c, places)), None)
                if target is not None:
                    pairs.append((target.id, e.id))
                    involved.update((target.id, e.id))
                    continue
                for p in e.participants:
                    by_person.setdefault(p, []).append(e)
            if not pairs:
                return merged
            for keep, drop in pairs:
                conn.execute(text("UPDATE event_mentions SET event_id = :k WHERE event_id = :d"), {"k": keep, "d": drop})
                conn.execute(text("DELETE FROM events WHERE id = :d"), {"d": drop})
                _refresh_event(conn, keep)
            merged += len(pairs)


def resolve_relative_dates(engine: Engine) -> int:
    """Date event mentions that name a day and month only ("le 5 février prochain") in articles
    with no publication date, once another event of the same article is dated by the corpus:
    an article that calls that event "vendredi" was written in the week before it. Returns how
    many mentions got a date."""
    with engine.begin() as conn:
        rows = conn.execute(text("""
            SELECT em.id, em.article_id, em.event_id, em.date_expr, em.event_date, e.event_date, a.published_on
            FROM event_mentions em JOIN events e ON e.id = em.event_id JOIN articles a ON a.id = em.article_id
            WHERE jsonb_typeof(em.date_expr) = 'object'""")).all()
        anchors: dict[int, date] = {}
        for _id, article_id, _ev, expr, _mdate, event_date, published in rows:
            if published is not None:
                anchors[article_id] = published
            elif event_date is not None and expr.get("kind") == "weekday" and article_id not in anchors:
                anchors[article_id] = event_date - timedelta(days=1 if expr.get("direction", 0) >= 0 else -1)
        updates, touched = [], set()
        for mention_id, article_id, event_id, expr, mention_date, _event_date, published in rows:
            if mention_date is not None or expr.get("kind") != "day_month" or article_id not in anchors:
                continue
            resolved = TimeExpr(**expr).resolve(anchors[article_id])
            if resolved is not None:
                updates.append({"d": resolved, "i": mention_id})
                touched.add(event_id)
        if updates:
            conn.execute(text("UPDATE event_mentions SET event_date = :d WHERE id = :i"), updates)
        for event_id in sorted(touched):
            _refresh_event(conn, event_id)
        return len(updates)


def reorder_events(engine: Engine) -> None:
    """Rewrite the events table in id order (events are updated as articles teach more about
    them; a plain ``SELECT * FROM events`` then lists them in the order they were first seen)."""
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("CLUSTER events USING pk_events"))
        conn.execute(text("ANALYZE events"))


def resolve_speakers_by_role(engine: Engine) -> int:
    """Give a speaker to statements attributed to a function ("le président russe") when, across the
    corpus, exactly one of the people the article names most often holds that function. Returns
    how many quotes got a speaker."""
    with engine.begin() as conn:
        pending = conn.execute(text(
            "SELECT id, article_id, speaker_text FROM quotes WHERE speaker_entity_id IS NULL "
            "AND kind = 'statement' AND speaker_text IS NOT NULL")).all()
        if not pending:
            return 0
        holders: dict[str, Counter[int]] = {}
        for entity_id, role, n in conn.execute(text(
                "SELECT entity_id, role, count(*) FROM entity_mentions WHERE role IS NOT NULL "
                "GROUP BY entity_id, role")):
            holders.setdefault(role_key(role), Counter())[entity_id] += n
        named: dict[int, set[int]] = {}
        for article_id, entity_id in conn.execute(text(
                "SELECT DISTINCT article_id, entity_id FROM entity_mentions WHERE article_id = ANY(:a)"),
                {"a": sorted({p.article_id for p in pending})}):
            named.setdefault(article_id, set()).add(entity_id)
        updates = []
        for quote_id, article_id, speaker_text in pending:
            counts = holders.get(role_key(speaker_text))
            if not counts:
                continue
            ranked = [(n, e) for e, n in counts.items() if e in named.get(article_id, set())]
            ranked.sort(reverse=True)
            if ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
                updates.append({"q": quote_id, "e": ranked[0][1]})
        if updates:
            conn.execute(text("UPDATE quotes SET speaker_entity_id = :e WHERE id = :q"), updates)
        return len(updates)


def table_counts(engine: Engine) -> dict[str, int]:
    """Row counts of the contract tables (for summaries and tests)."""
    tables = ("articles", "entities", "entity_aliases", "entity_mentions", "quotes", "events",
              "event_mentions", "event_participants")
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}  # noqa: S608
