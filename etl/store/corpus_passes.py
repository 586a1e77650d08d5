"""Corpus passes, run after a run's last load transaction: events merged once later articles tie
them together, relative dates resolved once the corpus dates an article's week, speakers given by
the function they hold, and the events table kept in id order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import date, timedelta

from sqlalchemy import Connection, Engine, text

from etl.nlp.quote_context import role_key
from etl.nlp.timeexpr import TimeExpr
from etl.store.event_ties import (
    CANDIDATES_PER_TIE,
    all_event_candidates,
    event_candidates,
    linked_places,
    places_of,
    statement_of,
    tied_event_ids,
)
from etl.store.event_writes import refresh_events
from etl.store.resolve_events import EventCandidate, plan_merges
from etl.store.write_articles import queue_merge_work

MERGE_CANDIDATES_PER_TIE = 50  # the merge pass completes load-time consolidation (200 per tie)


FULL_MERGE_SHARE = 0.1  # above this share of the events queued, one pass over all of them is cheaper


def merge_events(engine: Engine) -> int:
    """Merge events that are one real event now that the corpus is loaded (a place inclusion
    learnt from a later article can tie two earlier statements). Returns merges done.

    The first pass looks at the work the loader queued (events whose statements changed, events
    placed where a new inclusion ties them to others) and at the events tied to those, or at every
    event when many are queued; each later pass at the events
    the previous one merged into and those it deferred. A pass merges every pair it finds."""
    merged = 0
    with engine.begin() as conn:
        seeds = _queued_merge_work(conn)
        conn.execute(text("DELETE FROM event_merge_queue"))
        while seeds is None or seeds:
            if seeds is None:  # every event, streamed in id order
                places = places_of(
                    conn,
                    conn.execute(
                        text("SELECT DISTINCT location_entity_id FROM events WHERE location_entity_id IS NOT NULL")
                    ).scalars(),
                )
                plan = plan_merges(all_event_candidates(conn), places, MERGE_CANDIDATES_PER_TIE)
            else:
                events = _around(conn, seeds)
                plan = plan_merges(events, places_of(conn, [e.location for e in events]), MERGE_CANDIDATES_PER_TIE)
            if not plan.pairs:
                break
            keep, drop = [k for k, _ in plan.pairs], [d for _, d in plan.pairs]
            conn.execute(
                text(
                    "UPDATE event_mentions m SET event_id = u.keep FROM unnest(CAST(:k AS bigint[]), "
                    "CAST(:d AS bigint[])) AS u(keep, drop) WHERE m.event_id = u.drop"
                ),
                {"k": keep, "d": drop},
            )
            conn.execute(text("DELETE FROM events WHERE id = ANY(:d)"), {"d": drop})
            refresh_events(conn, keep)
            merged += len(plan.pairs)
            seeds = (set(keep) | plan.deferred) - set(drop)
    return merged


def merge_work_pending(engine: Engine) -> bool:
    """Whether the loader queued work for the corpus merge pass that no pass has done yet."""
    with engine.connect() as conn:
        return conn.execute(text("SELECT EXISTS (SELECT 1 FROM event_merge_queue)")).scalar_one()


def _queued_merge_work(conn: Connection) -> set[int] | None:
    """The events the queue names, and the latest events placed in a queued place or inside it;
    None when they are more than ``FULL_MERGE_SHARE`` of the events (a pass over all of them is
    then cheaper than searching the ties of each; no more than that share is read)."""
    queued = """
        WITH RECURSIVE inside(id) AS (
            SELECT ref_id FROM event_merge_queue WHERE kind = 'place'
            UNION SELECT pl.child_entity_id FROM place_inclusions pl JOIN inside ON pl.parent_entity_id = inside.id
        )
        SELECT e.id FROM event_merge_queue q JOIN events e ON e.id = q.ref_id WHERE q.kind = 'event'
        UNION
        SELECT z.id FROM inside CROSS JOIN LATERAL (SELECT id FROM events y WHERE y.location_entity_id = inside.id
                                                    ORDER BY id DESC LIMIT :cap) AS z"""
    most = int(FULL_MERGE_SHARE * conn.execute(text("SELECT count(*) FROM events")).scalar_one())
    seeds = set(conn.execute(text(queued + " LIMIT :most"), {"cap": CANDIDATES_PER_TIE, "most": most + 1}).scalars())
    return None if len(seeds) > most else seeds


def _around(conn: Connection, seeds: Collection[int]) -> list[EventCandidate]:
    """The events ``seeds`` and the stored events tied to them (see
    :func:`etl.store.event_ties.tied_event_ids`), in id order."""
    own = event_candidates(conn, sorted(seeds))
    linked = linked_places(conn, sorted({e.location for e in own if e.location is not None}))
    tied = tied_event_ids(
        conn, [statement_of(e, linked.get(e.location, []) if e.location is not None else []) for e in own]
    )
    others = event_candidates(conn, sorted(tied - {e.id for e in own}))  # the seeds are read already
    return sorted(own + others, key=lambda e: e.id)


def resolve_relative_dates(engine: Engine) -> int:
    """Date event mentions that name a day and month only ("le 5 février prochain") in articles
    with no publication date, once another event of the same article is dated by the corpus:
    an article that calls that event "vendredi" was written in the week before it. The events
    dated are queued for the merge pass (:func:`merge_events`). Returns how many mentions got a
    date."""
    with engine.begin() as conn:
        rows = conn.execute(
            text("""
            WITH pending AS (  -- articles with a day and month still to date: only they can change
                SELECT DISTINCT article_id FROM event_mentions
                WHERE event_date IS NULL AND jsonb_typeof(date_expr) = 'object' AND date_expr->>'kind' = 'day_month'
            )
            SELECT em.id, em.article_id, em.event_id, em.date_expr, em.event_date, e.event_date, a.published_on
            FROM pending p JOIN event_mentions em ON em.article_id = p.article_id
            JOIN events e ON e.id = em.event_id JOIN articles a ON a.id = em.article_id
            WHERE jsonb_typeof(em.date_expr) = 'object'""")
        ).all()
        anchors: dict[int, date] = {}
        for _id, article_id, _ev, expr, _mdate, event_date, published in rows:
            if published is not None:
                anchors[article_id] = published
            elif event_date is not None and expr.get("kind") == "weekday" and article_id not in anchors:
                anchors[article_id] = event_date - timedelta(days=1 if expr.get("direction", 0) >= 0 else -1)
        updates, touched = [], set()
        for mention_id, article_id, event_id, expr, mention_date, _event_date, _published in rows:
            if mention_date is not None or expr.get("kind") != "day_month" or article_id not in anchors:
                continue
            resolved = TimeExpr(**expr).resolve(anchors[article_id])
            if resolved is not None:
                updates.append({"d": resolved, "i": mention_id})
                touched.add(event_id)
        if updates:
            conn.execute(text("UPDATE event_mentions SET event_date = :d WHERE id = :i"), updates)
        refresh_events(conn, touched)
        queue_merge_work(conn, touched, ())  # dated now, they may be one event with another
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
        pending = conn.execute(
            text(
                "SELECT id, article_id, speaker_text FROM quotes WHERE speaker_entity_id IS NULL "
                "AND kind = 'statement' AND speaker_text IS NOT NULL"
            )
        ).all()
        if not pending:
            return 0
        holders: dict[str, Counter[int]] = {}
        for entity_id, role, n in conn.execute(
            text(
                "SELECT entity_id, role, count(*) FROM entity_mentions WHERE role IS NOT NULL GROUP BY entity_id, role"
            )
        ):
            holders.setdefault(role_key(role), Counter())[entity_id] += n
        key_of = {t: role_key(t) for t in {p.speaker_text for p in pending}}
        wanted = set(key_of.values())
        holders = {key: counts for key, counts in holders.items() if key in wanted}
        named: dict[int, set[int]] = {}  # of each article, the role holders it names (the only possible speakers)
        for article_id, entity_id in conn.execute(
            text(
                "SELECT DISTINCT article_id, entity_id FROM entity_mentions "
                "WHERE article_id = ANY(:a) AND entity_id = ANY(:e)"
            ),
            {
                "a": sorted({p.article_id for p in pending if key_of[p.speaker_text] in holders}),
                "e": sorted({e for counts in holders.values() for e in counts}),
            },
        ):
            named.setdefault(article_id, set()).add(entity_id)
        updates = []
        for quote_id, article_id, speaker_text in pending:
            counts = holders.get(key_of[speaker_text])
            if not counts:
                continue
            ranked = [(n, e) for e, n in counts.items() if e in named.get(article_id, set())]
            ranked.sort(reverse=True)
            if ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
                updates.append({"q": quote_id, "e": ranked[0][1]})
        if updates:
            conn.execute(text("UPDATE quotes SET speaker_entity_id = :e WHERE id = :q"), updates)
        return len(updates)
