"""Events written: new events, the stored ones a batch touched, their statements and parties
(:func:`store_events`), and events rebuilt from their statements (:func:`refresh_events`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, text

from etl.store.bulk import copy_rows
from etl.store.event_decisions import NEW_EVENT, BatchEvent
from etl.store.event_ties import people_key, places_of, stored_statements
from etl.store.resolve_events import summarize


def store_events(conn: Connection, pool: dict[int, BatchEvent], rows: list[tuple], persons: set[int]) -> set[int]:
    """Insert new events, update the stored ones the batch touched, write statements and parties."""
    new = sorted(i for i in pool if i >= NEW_EVENT)
    real: dict[int, int] = {}
    if new:
        fresh = (
            conn.execute(
                text("SELECT nextval(pg_get_serial_sequence('events', 'id')) FROM generate_series(1, :n)"),
                {"n": len(new)},
            )
            .scalars()
            .all()
        )
        real = dict(zip(new, sorted(fresh), strict=True))
        copy_rows(
            conn,
            "events",
            (
                "id",
                "event_type",
                "title",
                "event_date",
                "date_text",
                "status",
                "location_entity_id",
                "people_key",
                "party_ids",
            ),
            (
                (
                    real[i],
                    e.event_type,
                    e.title,
                    e.event_date,
                    e.date_text,
                    e.status,
                    e.location,
                    people_key(e.participants & persons),
                    sorted(e.participants),
                )
                for i in new
                for e in [pool[i]]
            ),
        )
    touched_stored = sorted({r[0] for r in rows if r[0] < NEW_EVENT})
    if touched_stored:
        _update_events(conn, [pool[i] for i in touched_stored])
    copy_rows(
        conn,
        "event_mentions",
        (
            "event_id",
            "article_id",
            "start_char",
            "end_char",
            "date_text",
            "event_date",
            "location_entity_id",
            "participant_ids",
            "status",
            "date_expr",
        ),
        ((real.get(r[0], r[0]), *r[1:]) for r in rows),
    )
    touched = [real.get(i, i) for i in sorted({r[0] for r in rows})]
    stated = {r[0] for r in rows}
    _replace_participants(
        conn,
        {real.get(i, i): pool[i].participants for i in stated},
        persons,
        before={real.get(i, i): pool[i].stored_participants for i in stated},
    )
    return set(touched)


def _update_events(conn: Connection, events: Sequence[BatchEvent]) -> None:
    conn.execute(
        text("""
        UPDATE events e SET event_date = u.d, location_entity_id = u.l, date_text = u.t
        FROM unnest(CAST(:i AS bigint[]), CAST(:d AS date[]), CAST(:l AS bigint[]), CAST(:t AS text[]))
             AS u(id, d, l, t)
        WHERE e.id = u.id AND (e.event_date, e.location_entity_id, e.date_text) IS DISTINCT FROM (u.d, u.l, u.t)"""),
        {
            "i": [e.id for e in events],
            "d": [e.event_date for e in events],
            "l": [e.location for e in events],
            "t": [e.date_text for e in events],
        },
    )


def _replace_participants(
    conn: Connection,
    parties: dict[int, frozenset[int]],
    persons: set[int],
    before: dict[int, frozenset[int]] | None = None,
) -> None:
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
            conn.execute(
                text(
                    "DELETE FROM event_participants p USING unnest(CAST(:e AS bigint[]), "
                    "CAST(:p AS bigint[])) AS g(e, p) WHERE p.event_id = g.e AND p.entity_id = g.p"
                ),
                {"e": [e for e, _ in gone], "p": [p for _, p in gone]},
            )
    copy_rows(
        conn,
        "event_participants",
        ("event_id", "entity_id"),
        ((e, p) for e in ids for p in sorted(parties[e] - before.get(e, frozenset()))),
    )
    conn.execute(
        text("""
        UPDATE events e SET people_key = u.key, party_ids = u.parties
        FROM (SELECT id, key, CAST(string_to_array(parties, ',') AS bigint[]) AS parties  -- ids as "12,40"
              FROM unnest(CAST(:e AS bigint[]), CAST(:k AS text[]), CAST(:p AS text[])) AS x(id, key, parties)) AS u
        WHERE e.id = u.id AND (e.people_key, e.party_ids) IS DISTINCT FROM (u.key, u.parties)"""),
        {
            "e": ids,
            "k": [people_key(parties[e] & persons) for e in ids],
            "p": [",".join(map(str, sorted(parties[e]))) for e in ids],
        },
    )


def refresh_events(conn: Connection, event_ids: Iterable[int]) -> None:
    """Rebuild events from their statements: participants (union), date (the one most statements
    give), place (the most specific), date as written (kept once set). Events with no statement
    are left as they are."""
    statements = stored_statements(conn, sorted(set(event_ids)))
    if not statements:
        return
    places = places_of(conn, [f.location for _, facts in statements for f in facts])
    stored: dict[int, str | None] = dict(
        conn.execute(text("SELECT id, date_text FROM events WHERE id = ANY(:e)"), {"e": [i for i, _ in statements]})
        .tuples()
        .all()
    )
    events = []
    for event_id, facts in statements:
        s = summarize(facts, places)
        events.append(
            BatchEvent(
                event_id,
                "",
                None,
                "",
                stored.get(event_id) or s.date_text,
                facts,
                event_date=s.event_date,
                location=s.location,
                participants=s.participants,
            )
        )
    _update_events(conn, events)
    everyone = sorted({p for e in events for p in e.participants})
    persons = set(
        conn.execute(text("SELECT id FROM entities WHERE id = ANY(:i) AND type = 'PERSON'"), {"i": everyone}).scalars()
    )
    _replace_participants(conn, {e.id: e.participants for e in events}, persons)
