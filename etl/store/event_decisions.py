"""The events a batch states, decided against the stored events they may be, then written.

:func:`event_work` reads the candidates (:mod:`etl.store.event_ties`); :func:`decide_events` attaches
each statement to a known event or a new one, article after article, without database access
(:mod:`etl.store.resolve_events`); :func:`store_events` writes events, statements and parties;
:func:`refresh_events` rebuilds events from their statements.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, text

from etl.records import Article
from etl.store.bulk import copy_rows
from etl.store.entity_decisions import (
    RefKey,
    ref_id,
)
from etl.store.event_ties import (
    event_family,
    event_rows,
    linked_places,
    people_key,
    places_of,
    statement_of,
    stored_statements,
    tied_event_ids,
)
from etl.store.resolve_events import (
    EventCandidate,
    MentionFacts,
    NewMention,
    Places,
    choose_event,
    same_time,
    summarize,
)

NEW_EVENT = 1 << 60  # ids from here on are events the batch creates, in creation order, not yet stored


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


def _stored_events(conn: Connection, wanted: list[dict]) -> tuple[list[_Event], set[int]]:
    """Stored events that may be one of the ``wanted`` statements (:func:`tied_event_ids`), with
    their statements, and which of their parties are people."""
    rows = event_rows(conn, sorted(tied_event_ids(conn, wanted)), ", e.title, e.date_text")
    events = {r[0]: _Event(r[0], r[1], r[2], r[7], None, [], stored_date_text=r[8], event_date=r[3],
                           location=r[4], participants=frozenset(r[5]), stored_participants=frozenset(r[5]))
              for r in rows}
    persons = {p for r in rows for p in r[6]}
    for event_id, facts in stored_statements(conn, sorted(events)):
        events[event_id].mentions = facts
    return list(events.values()), persons


@dataclass
class _EventWork:
    """What the events a batch states are decided against: the stored events they may be, indexed
    by party and place, the places known, and which entities are people."""

    articles: list[tuple[int, Article, dict[RefKey, int], list[tuple[int, int]]]]  # id, article, entity ids, links
    pool: dict[int, _Event]
    index: _PoolIndex
    places: Places
    persons: set[int]


def event_work(conn: Connection, article_ids: Sequence[int], articles: Sequence[Article],
                resolved: Sequence[dict[RefKey, int]], links: Sequence[list[tuple[int, int]]]) -> _EventWork | None:
    """Read what the events the articles state are decided against (:func:`decide_events`);
    None when they state none."""
    batch = list(zip(article_ids, articles, resolved, links, strict=True))
    stated = [item for item in batch if item[1].events]
    if not stated:
        return None
    persons = {i for _, a, ids, _ in stated for ev in a.events for p in ev.participants if p.type == "PERSON"
               for i in [ref_id(ids, p)]}
    locs = sorted({ref_id(ids, ev.location) for _, a, ids, _ in stated for ev in a.events if ev.location})
    linked = linked_places(conn, locs)
    wanted = []
    for _, a, ids, _ in stated:
        for ev in a.events:
            loc = ref_id(ids, ev.location)
            stated_as = EventCandidate(0, ev.event_type, ev.status, ev.event_date, loc,
                                       frozenset(ref_id(ids, p) for p in ev.participants),
                                       frozenset(ref_id(ids, p) for p in ev.participants if p.type == "PERSON"))
            wanted.append(statement_of(stated_as, linked.get(loc, [])))
    stored, stored_persons = _stored_events(conn, wanted)
    index = _PoolIndex()
    for e in stored:
        index.add(e)
    places = places_of(conn, [*locs, *(e.location for e in stored), *(f.location for e in stored for f in e.mentions),
                              *(x for pairs in links for pair in pairs for x in pair)], leave_out=article_ids)
    return _EventWork(batch, {e.id: e for e in stored}, index, places, persons | stored_persons)


def decide_events(work: _EventWork) -> list[tuple]:
    """Attach each event an article states to the known event it is (etl.store.resolve_events) or a
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
            loc = ref_id(ids, ev.location)
            ev_parts = frozenset({ref_id(ids, p) for p in ev.participants} - {None})
            people = frozenset(ref_id(ids, p) for p in ev.participants if p.type == "PERSON")
            mention = NewMention(ev.event_type, ev.status, ev.event_date, loc, ev_parts, people)
            family = event_family(ev.event_type)
            # only events sharing a person can be this one when it names people (etl.store.resolve_events)
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
        in no order (:func:`etl.store.resolve_events.choose_event` orders its candidates)."""
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


def store_events(conn: Connection, pool: dict[int, _Event], rows: list[tuple], persons: set[int]) -> set[int]:
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
                    people_key(e.participants & persons), sorted(e.participants))
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
        {"e": ids, "k": [people_key(parties[e] & persons) for e in ids],
         "p": [",".join(map(str, sorted(parties[e]))) for e in ids]})


def refresh_events(conn: Connection, event_ids: Iterable[int]) -> None:
    """Rebuild events from their statements: participants (union), date (the one most statements
    give), place (the most specific), date as written (kept once set). Events with no statement
    are left as they are."""
    statements = stored_statements(conn, sorted(set(event_ids)))
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
