"""Calendar dates written in page text (French, English and other Western languages).

Dates are found with explicit patterns over a month-name table (``etl/data/months.tsv``) rather
than with a free-text date search: on these pages dateparser reads "11 h 30" as "11 hours ago",
returns nothing for "Dernière mise à jour : 19 août" and fires on words such as "sa" and "lu".
A date without a year keeps ``year=None``; the caller decides whether the page gives evidence
for one. Nothing here ever uses today's date.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from etl.text.vocab import DATA_DIR, load_lines


@dataclass(frozen=True)
class DateMention:
    """A date found in text; ``year`` is None when the text does not give one."""

    day: int
    month: int
    year: int | None
    start: int
    end: int
    text: str

    def to_date(self, year: int | None = None) -> date | None:
        """The date, with ``year`` filling a missing year; None when invalid or still without year."""
        y = self.year if self.year is not None else year
        if y is None:
            return None
        try:
            return date(y, self.month, self.day)
        except ValueError:
            return None


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    table: dict[str, int] = {}
    for line in (DATA_DIR / "months.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        number, *names = line.split("\t")
        for name in names:
            table[name.strip().casefold()] = int(number)
    return table


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, ...]:
    names = sorted(_months(), key=len, reverse=True)
    month = r"(?P<month>" + "|".join(re.escape(n) for n in names) + r")\.?"
    day = r"(?P<day>[0-3]?\d)(?:er|st|nd|rd|th|º|°)?"
    year = r"(?P<year>(?:19|20)\d\d)"
    days = sorted(load_lines(DATA_DIR, "weekdays.txt"), key=len, reverse=True)
    weekday = r"(?:(?:" + "|".join(re.escape(d) for d in days) + r")\.?,?\s+)?"
    return (
        # 2025-08-16 (ISO)
        re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)"),
        # 16/08/2025, 16.08.2025, 16-08-2025 (day first, as in Europe)
        re.compile(r"(?<![\d/.])(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>(?:19|20)\d\d)(?![\d/.])"),
        # samedi 16 août 2025, 16 August 2025, 1er août, 16 août
        # (a page printed without spaces glues a date to the words around it: "202020 janvier 2020évaluation")
        re.compile(
            rf"(?:(?<!\w)|(?<=[12]\d\d\d)){weekday}{day}\s+(?:de\s+)?{month}(?:\s+(?:de\s+)?{year}(?!\d)|(?![\w]))",
            re.IGNORECASE,
        ),
        # August 16, 2025 / Aug. 16 2025 / August 16
        re.compile(rf"(?<!\w){month}\s+{day},?(?:\s+{year})?(?![\w:])", re.IGNORECASE),
    )


def find_dates(text: str) -> list[DateMention]:
    """Every calendar date in ``text`` (day and month at least), in reading order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            month_text = m.group("month")
            month = int(month_text) if month_text.isdigit() else _months().get(month_text.casefold().rstrip("."))
            day = int(m.group("day"))
            year = int(m.group("year")) if m.group("year") else None
            if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
                continue
            if (
                not month_text.isdigit()
                and len(month_text.rstrip(".")) <= 3
                and month_text[0].islower()
                and month_text.casefold() not in ("mai", "may")
            ):
                continue  # "10 mar" in prose is too weak; abbreviations must be capitalised
            found.append(DateMention(day, month, year, m.start(), m.end(), m.group(0)))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


_YEAR = re.compile(r"(?<![\d,.])((?:19|20)\d\d)(?!\d|[,.]\d)")


def dominant_year(text: str) -> int | None:
    """The year the text mentions most (latest on a tie), or None: evidence for partial dates."""
    years = Counter(int(y) for y in _YEAR.findall(text))
    if not years:
        return None
    best = max(years.values())
    return max(y for y, n in years.items() if n == best)
