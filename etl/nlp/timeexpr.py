"""Time expressions of event sentences, and their resolution against an anchor date.

Absolute dates ("15 août 2025", "le 5 février"), days relative to the article's date ("hier",
"demain", "vendredi", "vendredi dernier", "on Thursday", "last Monday"), and vaguer spans kept
as text only ("cette semaine", "plus tôt ce mois-ci", "avant la fin du mois de septembre").
A weekday alone points forward in a sentence about the future and backward otherwise. Without
an anchor (no publication date) nothing is resolved: the text is kept, the date stays NULL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from etl.text.dates import find_dates

WEEKDAYS = {
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_OFFSETS = {
    "hier": -1,
    "avant-hier": -2,
    "aujourd'hui": 0,
    "aujourd’hui": 0,
    "demain": 1,
    "après-demain": 2,
    "yesterday": -1,
    "today": 0,
    "tomorrow": 1,
}
_WEEKDAY = re.compile(
    r"\b(?:(?:ce|on|this|next|last)\s+)?(?P<day>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?P<dir>prochain|dernier|"
    r"passé|soir|matin|midi))?\b",
    re.IGNORECASE,
)
_OFFSET = re.compile(
    r"\b(?:avant-hier|après-demain|aujourd['’]hui|hier|demain|yesterday|today|tomorrow)\b", re.IGNORECASE
)
_VAGUE = re.compile(
    r"\b(?:cette\s+semaine|la\s+semaine\s+(?:prochaine|dernière|passée)|ce\s+week-end|le\s+week-end\s+(?:prochain|dernier)|"
    r"(?:plus\s+tôt|plus\s+tard)\s+ce\s+mois-ci|ce\s+mois-ci|le\s+mois\s+(?:prochain|dernier)|"
    r"(?:avant|d['’]ici)\s+la\s+fin\s+(?:du\s+mois\s+(?:de\s+|d['’])?\w+|de\s+l['’]année|de\s+la\s+semaine)|"
    r"dans\s+les\s+(?:prochaines?|prochains)\s+(?:heures|jours|semaines|mois)|au\s+[XVI]+e\s+siècle|"
    r"this\s+week|next\s+week|last\s+week|earlier\s+this\s+month|later\s+this\s+month|this\s+month|"
    r"in\s+the\s+coming\s+(?:days|weeks|hours))\b",
    re.IGNORECASE,
)
_NEXT = re.compile(r"^\s*(?:prochain|prochaine|à\s+venir)\b", re.IGNORECASE)
_LAST = re.compile(r"^\s*(?:dernier|dernière|passé|passée)\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:\w+(?:era|eront|ira|iront|ra|ront)|doi(?:t|vent)|devrai(?:t|ent)|prévu\w*|va|vont|"
    r"will|shall|is\s+due|are\s+due|is\s+scheduled|scheduled|planned|prochain\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TimeExpr:
    """A time expression: where it is, and how to turn it into a day given an anchor."""

    text: str
    start: int
    end: int
    kind: str  # absolute | day_month | offset | weekday | vague
    day: int | None = None
    month: int | None = None
    year: int | None = None
    offset: int | None = None
    weekday: int | None = None
    direction: int = 0  # +1 forward, -1 backward, 0 unknown

    def as_json(self) -> dict:
        """A JSON-ready form (stored with the event mention for later re-resolution)."""
        return {k: v for k, v in vars(self).items() if v is not None}

    def resolve(self, anchor: date | None, year_hint: int | None = None) -> date | None:
        """The day this expression names, or None when it names none or needs a missing anchor."""
        if self.kind == "absolute":
            return _safe(self.year, self.month, self.day)
        if self.kind == "day_month":
            if anchor is not None and self.direction:
                candidate = _safe(anchor.year, self.month, self.day)
                if candidate is None:
                    return None
                if self.direction > 0 and candidate <= anchor:
                    candidate = _safe(anchor.year + 1, self.month, self.day)
                elif self.direction < 0 and candidate >= anchor:
                    candidate = _safe(anchor.year - 1, self.month, self.day)
                return candidate
            year = anchor.year if anchor is not None else year_hint
            return _safe(year, self.month, self.day) if year else None
        if anchor is None:
            return None
        if self.kind == "offset":
            return anchor + timedelta(days=self.offset or 0)
        if self.kind == "weekday" and self.weekday is not None:
            delta = (self.weekday - anchor.weekday()) % 7
            if self.direction > 0:
                return anchor + timedelta(days=delta or 7)
            back = (anchor.weekday() - self.weekday) % 7
            return (
                anchor - timedelta(days=back or 7)
                if self.direction < 0
                else (anchor - timedelta(days=back) if back else anchor)
            )
        return None


def _safe(year: int | None, month: int | None, day: int | None) -> date | None:
    try:
        return date(year, month, day) if year and month and day else None
    except ValueError:
        return None


def find_time(sentence: str, future: bool | None = None) -> list[TimeExpr]:
    """Time expressions in a sentence, in reading order. ``future``: whether the sentence speaks of
    the future (guessed from its verbs when None)."""
    if future is None:
        future = bool(_FUTURE.search(sentence))
    out: list[TimeExpr] = []
    for d in find_dates(sentence):
        rest = sentence[d.end :]
        if d.year is not None:
            out.append(TimeExpr(d.text, d.start, d.end, "absolute", d.day, d.month, d.year))
        else:
            direction = 1 if _NEXT.match(rest) else -1 if _LAST.match(rest) else (1 if future else 0)
            extra = _NEXT.match(rest) or _LAST.match(rest)
            end = d.end + (extra.end() if extra else 0)
            out.append(
                TimeExpr(sentence[d.start : end], d.start, end, "day_month", d.day, d.month, direction=direction)
            )
    taken = [(t.start, t.end) for t in out]

    def free(s: int, e: int) -> bool:
        return not any(s < b and a < e for a, b in taken)

    for m in _OFFSET.finditer(sentence):
        if free(m.start(), m.end()):
            out.append(
                TimeExpr(
                    m.group(0), m.start(), m.end(), "offset", offset=_OFFSETS[m.group(0).casefold().replace("’", "'")]
                )
            )
    for m in _WEEKDAY.finditer(sentence):
        if not free(m.start(), m.end()):
            continue
        word = (m.group("dir") or "").casefold()
        lead = m.group(0).split()[0].casefold()
        direction = (
            1
            if word == "prochain" or lead == "next"
            else -1
            if word in ("dernier", "passé") or lead == "last"
            else (1 if future else -1)
        )
        out.append(
            TimeExpr(
                m.group(0),
                m.start(),
                m.end(),
                "weekday",
                weekday=WEEKDAYS[m.group("day").casefold()],
                direction=direction,
            )
        )
    for m in _VAGUE.finditer(sentence):
        if free(m.start(), m.end()):
            out.append(TimeExpr(m.group(0), m.start(), m.end(), "vague"))
    return sorted(out, key=lambda t: t.start)


def from_json(data: dict) -> TimeExpr:
    """Rebuild a stored expression."""
    return TimeExpr(**data)
