"""What the stored corpus says about events: the places linked to a place, the stored events a
statement may be (the tie search), events as merge candidates, and their statements' summaries.

Read-only queries, per batch and by index, so that their cost does not grow with the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import Connection, Row, text

from etl.nlp.gazetteer import default_gazetteer
from etl.store.resolve_events import FUTURE, EventCandidate, MentionFacts, Places
from etl.store.resolve_events import GROUPS as EVENT_GROUPS


def places_of(conn: Connection, ids: Iterable[int | None], leave_out: Sequence[int] = ()) -> Places:
    """What the corpus knows of places ``ids``: their ancestors (stated inclusions, transitively)
    and which of them are whole countries or regions. Inclusions stated by the articles
    ``leave_out`` are left out."""
    wanted = sorted({i for i in ids if i is not None})
    places = Places()
    if not wanted:
        return places
    for child, parent in conn.execute(
        text("""
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
            ) SELECT DISTINCT child, parent FROM up"""),
        {"ids": wanted, "out": list(leave_out)},
    ):
        places.add_link(child, parent)
    _mark_broad(conn, places, wanted + sorted({p for ps in places.parents.values() for p in ps} - set(wanted)))
    return places


def _mark_broad(conn: Connection, places: Places, ids: Sequence[int]) -> None:
    gazetteer = default_gazetteer()
    for entity_id, name in conn.execute(text("SELECT id, name FROM entities WHERE id = ANY(:ids)"), {"ids": list(ids)}):
        entry = gazetteer.lookup(name)
        if entry is not None and entry.scope in ("country", "region"):
            places.broad.add(entity_id)


def linked_places(conn: Connection, locs: Sequence[int]) -> dict[int, list[int]]:
    """For each place, itself and every place stated to contain it or to lie in it (transitively)."""
    if not locs:
        return {}
    rows = conn.execute(
        text("""
        WITH RECURSIVE up(root, id) AS (
            SELECT r, r FROM unnest(CAST(:locs AS bigint[])) AS r
            UNION SELECT up.root, pl.parent_entity_id FROM place_inclusions pl JOIN up ON pl.child_entity_id = up.id
        ), down(root, id) AS (
            SELECT r, r FROM unnest(CAST(:locs AS bigint[])) AS r
            UNION SELECT down.root, pl.child_entity_id FROM place_inclusions pl
                  JOIN down ON pl.parent_entity_id = down.id
        )
        SELECT root, array_agg(DISTINCT id) FROM (SELECT * FROM up UNION SELECT * FROM down) AS x GROUP BY root
    """),
        {"locs": list(locs)},
    )
    return {root: list(ids) for root, ids in rows}


def people_key(people: Iterable[int]) -> str | None:
    ids = sorted(set(people))
    return ",".join(map(str, ids)) if ids else None


CANDIDATES_PER_TIE = 200  # per statement and kind of tie (day, place, people): the most recent events


_FUTURE = "coalesce({x}.status IN ('proposed', 'expected'), false)"


_AGREE = (
    "x.event_type = ANY(m.types) AND " + _FUTURE.format(x="x") + " = m.future "
    "AND (m.d IS NULL OR x.event_date IS NULL OR x.event_date BETWEEN m.d - 1 AND m.d + 1)"
)


_SHARED = (
    "t.parties && CASE WHEN cardinality(m.people) > 0 THEN m.people ELSE m.parts END "
    "OR (cardinality(m.people) = 0 AND t.loc = m.loc)"
)  # a tied event t of statement m


_MAY_SHARE = "(x.parties && a.parties OR x.loc = ANY(a.locs))"  # {shared}, for any of group a's statements


def tied_event_ids(conn: Connection, wanted: list[dict]) -> set[int]:
    """Stored events that may be one of the ``wanted`` statements (see :func:`etl.store.resolve_events.compatible`):
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
        statements.setdefault(
            tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(statement.items())), statement
        )
    ranked = [
        {
            "g": g,
            "linked": list(linked),
            "types": list(types),
            "future": future,
            "d": d,
            "dg": days[(d, types, future)] if d is not None else None,
            "parties": sorted(shared[g][0]),
            "locs": sorted(shared[g][1]),
        }
        for (linked, types, future, d), g in groups.items()
    ]
    dated = [{"dg": dg, "d": d, "types": list(types), "future": future} for (d, types, future), dg in days.items()]
    return set(
        conn.execute(
            text(
                """
        WITH m AS (  -- the statements
            SELECT * FROM jsonb_to_recordset(CAST(:m AS jsonb))
                     AS (d date, k text, loc bigint, future boolean, types text[], parts bigint[], people bigint[],
                         g int)
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
            SELECT id, location_entity_id AS loc, party_ids AS parties FROM events x
            WHERE x.people_key = m.k AND {agree}
            ORDER BY id DESC LIMIT :cap
        ) AS t
        WHERE {shared}
        UNION
        SELECT t.id FROM m JOIN found t ON t.g = m.g AND ({shared})
    """.replace("{agree}", _AGREE)
                .replace("{future}", _FUTURE.format(x="y"))
                .replace("{shared}", _SHARED)
                .replace("{may_share}", _MAY_SHARE)
            ),
            {
                "m": json.dumps(list(statements.values()), default=str),
                "g": json.dumps(ranked, default=str),
                "dg": json.dumps(dated, default=str),
                "cap": CANDIDATES_PER_TIE,
            },
        ).scalars()
    )


def event_rows(conn: Connection, ids: Sequence[int], extra: str = "") -> list[Row]:
    """Events ``ids`` in id order: id, type, status, date, place, parties, the people among them,
    then the ``extra`` columns of ``e``."""
    return list(
        conn.execute(
            text(f"""
        SELECT e.id, e.event_type, e.status, e.event_date, e.location_entity_id,
               coalesce(array_agg(p.entity_id) FILTER (WHERE p.entity_id IS NOT NULL), '{{}}'),
               coalesce(array_agg(p.entity_id) FILTER (WHERE x.type = 'PERSON'), '{{}}'){extra}
        FROM events e LEFT JOIN event_participants p ON p.event_id = e.id
        LEFT JOIN entities x ON x.id = p.entity_id WHERE e.id = ANY(:ids)
        GROUP BY e.id ORDER BY e.id"""),  # noqa: S608 (extra: column lists of this module)
            {"ids": list(ids)},
        )
    )


_ARTICLES_STATING = ", ARRAY(SELECT DISTINCT em.article_id FROM event_mentions em WHERE em.event_id = e.id)"


def _as_candidate(r: Row) -> EventCandidate:
    return EventCandidate(r[0], r[1], r[2], r[3], r[4], frozenset(r[5]), frozenset(r[6]), frozenset(r[7]))


def event_candidates(conn: Connection, ids: Sequence[int]) -> list[EventCandidate]:
    """Events ``ids`` in id order, as merge candidates, with the articles that state them."""
    return [_as_candidate(r) for r in event_rows(conn, ids, _ARTICLES_STATING)]


def all_event_candidates(conn: Connection, page: int = 5000) -> Iterator[EventCandidate]:
    """Every event in id order, as merge candidates, read ``page`` events at a time (never all
    of them in memory)."""
    after = 0
    while (
        ids := conn.execute(
            text("SELECT id FROM events WHERE id > :after ORDER BY id LIMIT :n"), {"after": after, "n": page}
        )
        .scalars()
        .all()
    ):
        yield from event_candidates(conn, ids)
        after = ids[-1]


def statement_of(event: EventCandidate, linked: Sequence[int]) -> dict:
    """An event (stored, or as an article states it) as a statement to search ties for
    (:func:`tied_event_ids`); ``linked``: the places linked to its place."""
    people = sorted(event.people)
    return {
        "d": event.event_date,
        "k": people_key(people) if len(people) >= 2 else None,
        "loc": event.location,
        "future": event.status in FUTURE,
        "types": sorted(event_family(event.event_type)),
        "parts": sorted(event.participants),
        "people": people,
        "linked": list(linked),
    }


def stored_statements(conn: Connection, event_ids: Sequence[int]) -> list[tuple[int, list[MentionFacts]]]:
    """What the stored statements of each event say, aggregated (so that what is read and sent back
    does not grow with how often an event is reported): each date with how many statements give
    it, each place and the first date as written, in the order they first appeared, and the
    parties they name. Read from the summaries triggers keep beside ``event_mentions``
    (``event_statement_dates``, ``_places``, ``_totals``), never from the statements themselves."""
    if not event_ids:
        return []
    rows = conn.execute(
        text("""
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
    """),
        {"e": list(event_ids)},
    ).all()
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
    for event_id, _first, _kind, fact in sorted(ordered, key=lambda r: r[:3]):
        out.setdefault(event_id, []).append(fact)
    for event_id, facts in out.items():
        facts.append(MentionFacts(None, None, parties[event_id], None, weight=0))
    return sorted(out.items())


def event_family(event_type: str) -> set[str]:
    return {t for t, g in EVENT_GROUPS.items() if g == EVENT_GROUPS.get(event_type)} | {event_type}
