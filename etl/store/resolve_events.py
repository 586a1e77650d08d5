"""Corpus-level event consolidation: is an event stated in an article one already known?

Pure decisions over candidates the loader fetched (events of the same family sharing a party or
a place). Two statements are one event when their types belong to one family (a "rencontre" is
the "sommet"), their statuses agree (done, scheduled or announced versus only proposed or
expected), their dates do not differ by more than a day, their places are the same or one lies
in the other (a base, its city, its region; a whole country is compatible with any place in
it), and they share a person (or, with no person on either side, another party).
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

GROUPS = {"summit": "gathering", "meeting": "gathering"}
FUTURE = {"proposed", "expected"}


@dataclass(frozen=True)
class EventCandidate:
    """A known event."""

    id: int
    event_type: str
    status: str | None
    event_date: date | None
    location: int | None
    participants: frozenset[int] = frozenset()
    people: frozenset[int] = frozenset()
    articles: frozenset[int] = frozenset()  # the articles stating it (read for the corpus merge pass)


@dataclass(frozen=True)
class NewMention:
    """What an article says of an event, with entity ids."""

    event_type: str
    status: str | None
    event_date: date | None
    location: int | None
    participants: frozenset[int] = frozenset()
    people: frozenset[int] = frozenset()


@dataclass
class Places:
    """Place inclusions known in the corpus, and places that are whole countries or regions."""

    parents: dict[int, set[int]] = field(default_factory=dict)
    broad: set[int] = field(default_factory=set)
    _memo: dict[int, frozenset[int]] = field(default_factory=dict, repr=False, compare=False)
    _around: dict[int, frozenset[int]] = field(default_factory=dict, repr=False, compare=False)
    _children: dict[int, set[int]] = field(default_factory=dict, repr=False, compare=False)

    def add_link(self, child: int, parent: int) -> None:
        """Learn that ``child`` lies in ``parent``."""
        known = self.parents.setdefault(child, set())
        if parent not in known:
            known.add(parent)
            self._memo.clear()
            self._around.clear()

    def around(self, place: int) -> frozenset[int]:
        """The place, every place it lies in and every place that lies in it (transitively),
        computed once per place."""
        known = self._around.get(place)
        if known is None:
            if not self._around:  # who lies in what, inverted once per state of the links
                self._children = {}
                for child, parents in self.parents.items():
                    for parent in parents:
                        self._children.setdefault(parent, set()).add(child)
            known = self._around[place] = frozenset({place} | self.ancestors(place) | _reach(place, self._children))
        return known

    def ancestors(self, place: int) -> frozenset[int]:
        """Every place ``place`` lies in, transitively (computed once per place)."""
        known = self._memo.get(place)
        if known is None:
            known = self._memo[place] = frozenset(_reach(place, self.parents))
        return known

    def compatible(self, a: int | None, b: int | None) -> bool:
        if a is None or b is None or a == b:
            return True
        return b in self.ancestors(a) or a in self.ancestors(b) or a in self.broad or b in self.broad

    def linked(self, a: int | None, b: int | None) -> bool:
        return a is not None and b is not None and (a == b or b in self.ancestors(a) or a in self.ancestors(b))

    def most_specific(self, a: int | None, b: int | None) -> int | None:
        if a is None or b is None:
            return a if b is None else b
        if b in self.ancestors(a):
            return a
        if a in self.ancestors(b):
            return b
        return b if a in self.broad and b not in self.broad else a


def _reach(start: int, edges: dict[int, set[int]]) -> set[int]:
    """Every node reachable from ``start`` along ``edges`` (``start`` itself only through a cycle)."""
    out: set[int] = set()
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in out:
                out.add(nxt)
                todo.append(nxt)
    return out


def _group(t: str) -> str:
    return GROUPS.get(t, t)


def same_time(status_a: str | None, day_a: date | None, status_b: str | None, day_b: date | None) -> bool:
    """Both done or both to come (status), and days within one day of each other when both are known."""
    return (status_a in FUTURE) == (status_b in FUTURE) and (
        day_a is None or day_b is None or abs((day_a - day_b).days) <= 1
    )


def compatible(m: NewMention, c: EventCandidate, places: Places) -> bool:
    """Can the mention and the known event be one real event?

    Besides agreeing (family, status, dates within a day, places), they must be tied by real
    evidence: the same or nested place, the same day, or exactly the same two or more people.
    People must overlap: both of two when each side names two or more."""
    if _group(m.event_type) != _group(c.event_type):
        return False
    if not same_time(m.status, m.event_date, c.status, c.event_date):
        return False
    if not places.compatible(m.location, c.location):
        return False
    same_people = len(m.people) >= 2 and m.people == c.people
    if m.status in FUTURE and not same_people:
        return False  # plans are vague: only the very same set of people makes them one
    if m.people and c.people:
        if len(m.people & c.people) < min(2, len(m.people), len(c.people)):
            return False
    elif m.people or c.people or not (m.participants & c.participants):
        return False
    tied = places.linked(m.location, c.location) or (m.event_date is not None and m.event_date == c.event_date)
    return tied or same_people


def choose_event(m: NewMention, candidates: Sequence[EventCandidate], places: Places) -> int | None:
    """The known event the mention states, or None for a new one."""
    best, best_score = None, -1
    for c in sorted(candidates, key=lambda c: c.id):
        if not compatible(m, c, places):
            continue
        score = (
            len(m.participants & c.participants)
            + 2 * places.linked(m.location, c.location)
            + 2 * (m.event_date is not None and m.event_date == c.event_date)
            + (m.event_type == c.event_type)
        )
        if score > best_score:
            best, best_score = c.id, score
    return best


@dataclass(frozen=True)
class MentionFacts:
    """What one stored statement of an event says: its date, place and parties."""

    event_date: date | None
    location: int | None
    participants: frozenset[int]
    date_text: str | None = None
    weight: int = 1  # how many statements say this (stored statements come aggregated)


@dataclass(frozen=True)
class EventSummary:
    """An event as its statements describe it together."""

    event_date: date | None
    location: int | None
    date_text: str | None
    participants: frozenset[int]


def summarize(mentions: Sequence[MentionFacts], places: Places) -> EventSummary:
    """An event from its statements: the date most of them give (the earliest on a tie), the most
    specific place, the first date as written, every party."""
    dates: Counter[date] = Counter()
    for m in mentions:
        if m.event_date is not None:
            dates[m.event_date] += m.weight
    event_date = max(dates, key=lambda d: (dates[d], -d.toordinal())) if dates else None
    location = None
    for m in mentions:
        location = places.most_specific(location, m.location)
    date_text = next((m.date_text for m in mentions if m.date_text), None)
    return EventSummary(event_date, location, date_text, frozenset(p for m in mentions for p in m.participants))


@dataclass(frozen=True)
class MergePlan:
    """One merge pass: the pairs (keep, drop) to merge, and the events left for the next pass
    because the event they are one with already takes part in a pair of this one."""

    pairs: list[tuple[int, int]]
    deferred: frozenset[int]


def plan_merges(events: Iterable[EventCandidate], places: Places, cap: int = 200) -> MergePlan:
    """Pairs (keep, drop) of known events that are one real event, in one pass over ``events`` in
    id order: each is merged into the first earlier event it is :func:`compatible` with (an event
    takes part in one pair per pass; an event whose only match is already paired is deferred).
    Two events one article states are never merged: the article's own reading
    (:mod:`etl.nlp.events`) kept them apart, as the loader does (it never attaches two statements of
    one article to one event).

    Only events tied to it can be compatible (the same day, a linked place, the very same
    people), so each event is compared with those alone, found through indexes, and with at most
    ``cap`` of each kind of tie (all linked places together), the most recent: the pass does not
    compare every pair of events that share a frequent party or a whole country. ``events`` may
    be a stream: only the latest ``cap`` events of each day, place and set of people are kept, so
    memory does not grow with the number of events."""
    by_day: dict[date, deque[EventCandidate]] = {}
    by_place: dict[int, deque[EventCandidate]] = {}
    by_people: dict[frozenset[int], deque[EventCandidate]] = {}
    pairs: list[tuple[int, int]] = []
    involved: set[int] = set()
    deferred: set[int] = set()

    def latest(lists: list[Sequence[EventCandidate]]) -> Iterator[EventCandidate]:
        """The ``cap`` most recent events of these id-ordered lists, newest first."""
        return itertools.islice(heapq.merge(*(reversed(lst) for lst in lists), key=lambda c: -c.id), cap)

    for e in events:
        tied: list[Iterator[EventCandidate]] = []
        if e.event_date is not None:
            tied.append(latest([by_day.get(e.event_date, ())]))
        if e.location is not None:
            tied.append(latest([by_place[p] for p in places.around(e.location) if p in by_place]))
        if len(e.people) >= 2:
            tied.append(latest([by_people.get(e.people, ())]))
        earlier = {
            c.id: c
            for c in itertools.chain.from_iterable(tied)
            if c.participants & e.participants and not c.articles & e.articles
        }
        as_mention = NewMention(e.event_type, e.status, e.event_date, e.location, e.participants, e.people)
        matches = [c for c in sorted(earlier.values(), key=lambda c: c.id) if compatible(as_mention, c, places)]
        target = next((c for c in matches if c.id not in involved), None)
        if target is not None:
            pairs.append((target.id, e.id))
            involved.update((target.id, e.id))
            continue
        if matches:
            deferred.add(e.id)
        if not e.participants:
            continue  # an event with no party is tied to no other
        if e.event_date is not None:
            _keep(by_day, e.event_date, e, cap)
        if e.location is not None:
            _keep(by_place, e.location, e, cap)
        if len(e.people) >= 2:
            _keep(by_people, e.people, e, cap)
    return MergePlan(pairs, frozenset(deferred))


def _keep(index: dict, key, event: EventCandidate, cap: int) -> None:
    """Add ``event`` to the latest ``cap`` events of ``key``."""
    latest = index.get(key)
    if latest is None:
        latest = index[key] = deque(maxlen=cap)
    latest.append(event)
