"""The events a batch states, decided against the stored events they may be.

:func:`event_work` reads the candidates (:mod:`etl.store.event_ties`); :func:`decide_events`
attaches each statement to a known event or a new one, article after article, without database
access (:mod:`etl.store.resolve_events`); :mod:`etl.store.event_writes` writes the outcome.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from etl.records import Article
from etl.store.entity_decisions import RefKey, ref_id
from etl.store.event_ties import (
    event_family,
    event_rows,
    linked_places,
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
class BatchEvent:
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
        return EventCandidate(
            self.id,
            self.event_type,
            self.status,
            self.event_date,
            self.location,
            self.participants,
            frozenset(self.participants & persons),
        )


def _stored_events(conn: Connection, wanted: list[dict]) -> tuple[list[BatchEvent], set[int]]:
    """Stored events that may be one of the ``wanted`` statements (:func:`tied_event_ids`), with
    their statements, and which of their parties are people."""
    rows = event_rows(conn, sorted(tied_event_ids(conn, wanted)), ", e.title, e.date_text")
    events = {
        r[0]: BatchEvent(
            r[0],
            r[1],
            r[2],
            r[7],
            None,
            [],
            stored_date_text=r[8],
            event_date=r[3],
            location=r[4],
            participants=frozenset(r[5]),
            stored_participants=frozenset(r[5]),
        )
        for r in rows
    }
    persons = {p for r in rows for p in r[6]}
    for event_id, facts in stored_statements(conn, sorted(events)):
        events[event_id].mentions = facts
    return list(events.values()), persons


@dataclass
class _EventWork:
    """What the events a batch states are decided against: the stored events they may be, indexed
    by party and place, the places known, and which entities are people."""

    articles: list[tuple[int, Article, dict[RefKey, int], list[tuple[int, int]]]]  # id, article, entity ids, links
    pool: dict[int, BatchEvent]
    index: _PoolIndex
    places: Places
    persons: set[int]


def event_work(
    conn: Connection,
    article_ids: Sequence[int],
    articles: Sequence[Article],
    resolved: Sequence[dict[RefKey, int]],
    links: Sequence[list[tuple[int, int]]],
) -> _EventWork | None:
    """Read what the events the articles state are decided against (:func:`decide_events`);
    None when they state none."""
    batch = list(zip(article_ids, articles, resolved, links, strict=True))
    stated = [item for item in batch if item[1].events]
    if not stated:
        return None
    persons = {
        i
        for _, a, ids, _ in stated
        for ev in a.events
        for p in ev.participants
        if p.type == "PERSON"
        for i in [ref_id(ids, p)]
    }
    locs = sorted({ref_id(ids, ev.location) for _, a, ids, _ in stated for ev in a.events if ev.location})
    linked = linked_places(conn, locs)
    wanted = []
    for _, a, ids, _ in stated:
        for ev in a.events:
            loc = ref_id(ids, ev.location)
            stated_as = EventCandidate(
                0,
                ev.event_type,
                ev.status,
                ev.event_date,
                loc,
                frozenset(ref_id(ids, p) for p in ev.participants),
                frozenset(ref_id(ids, p) for p in ev.participants if p.type == "PERSON"),
            )
            wanted.append(statement_of(stated_as, linked.get(loc, []) if loc is not None else []))
    stored, stored_persons = _stored_events(conn, wanted)
    index = _PoolIndex()
    for e in stored:
        index.add(e)
    places = places_of(
        conn,
        [
            *locs,
            *(e.location for e in stored),
            *(f.location for e in stored for f in e.mentions),
            *(x for pairs in links for pair in pairs for x in pair),
        ],
        leave_out=article_ids,
    )
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
            candidates = [
                e.candidate(persons)
                for e in map(pool.__getitem__, index.sharing(people, ev_parts, loc))
                if e.id not in touched
                and e.event_type in family
                and _shares(e, people, ev_parts, loc)
                and same_time(e.status, e.event_date, ev.status, ev.event_date)
            ]  # before the candidate is made
            located = loc is not None and any(c.location is not None for c in candidates)
            event_id = choose_event(mention, candidates, places if located else Places())
            if event_id is None:
                event_id = next(new_ids)
                pool[event_id] = BatchEvent(event_id, ev.event_type, ev.status, ev.title, ev.date_text, [])
            touched.add(event_id)
            pool[event_id].mentions.append(MentionFacts(ev.event_date, loc, ev_parts, ev.date_text))
            rows.append(
                (
                    event_id,
                    article_id,
                    ev.start,
                    ev.end,
                    ev.date_text,
                    ev.event_date,
                    loc,
                    sorted(ev_parts),
                    ev.status,
                    json.dumps(ev.date_expr) if ev.date_expr else None,
                )
            )
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

    def add(self, e: BatchEvent) -> None:
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


def _shares(e: BatchEvent, people: frozenset[int], parts: frozenset[int], loc: int | None) -> bool:
    if people:
        return bool(e.participants & people)
    return bool(e.participants & parts) or (loc is not None and e.location == loc)


def _apply(e: BatchEvent, places: Places) -> None:
    s = summarize(e.mentions, places)
    e.event_date, e.location, e.participants = s.event_date, s.location, s.participants
    if e.id >= NEW_EVENT:
        e.date_text = e.date_text or s.date_text
    else:
        e.date_text = e.stored_date_text or s.date_text
