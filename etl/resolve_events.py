"""Corpus-level event consolidation: is an event stated in an article one already known?

Pure decisions over candidates the loader fetched (events of the same family sharing a party or
a place). Two statements are one event when their types belong to one family (a "rencontre" is
the "sommet"), their statuses agree (done, scheduled or announced versus only proposed or
expected), their dates do not differ by more than a day, their places are the same or one lies
in the other (a base, its city, its region; a whole country is compatible with any place in
it), and they share a person (or, with no person on either side, another party).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
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

    def ancestors(self, place: int) -> set[int]:
        out: set[int] = set()
        todo = [place]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in out:
                    out.add(parent)
                    todo.append(parent)
        return out

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


def _group(t: str) -> str:
    return GROUPS.get(t, t)


def compatible(m: NewMention, c: EventCandidate, places: Places) -> bool:
    """Can the mention and the known event be one real event?

    Besides agreeing (family, status, dates within a day, places), they must be tied by real
    evidence: the same or nested place, the same day, or exactly the same two or more people.
    People must overlap: both of two when each side names two or more."""
    if _group(m.event_type) != _group(c.event_type):
        return False
    if (m.status in FUTURE) != (c.status in FUTURE):
        return False
    if m.event_date and c.event_date and abs((m.event_date - c.event_date).days) > 1:
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
        score = len(m.participants & c.participants) + 2 * places.linked(m.location, c.location) + \
            2 * (m.event_date is not None and m.event_date == c.event_date) + (m.event_type == c.event_type)
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
    dates = Counter(m.event_date for m in mentions if m.event_date is not None)
    event_date = max(dates, key=lambda d: (dates[d], -d.toordinal())) if dates else None
    location = None
    for m in mentions:
        location = places.most_specific(location, m.location)
    date_text = next((m.date_text for m in mentions if m.date_text), None)
    return EventSummary(event_date, location, date_text, frozenset(p for m in mentions for p in m.participants))
