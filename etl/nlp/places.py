"""Which place is inside which, as the text says it: "Anchorage, en Alaska", "Anchorage (Alaska)",
"la Joint Base Elmendorf-Richardson à Anchorage". These links let events whose places differ
only in precision (a base, its city, its region) be recognised as one."""

from __future__ import annotations

import itertools
import re

from etl.nlp.gazetteer import Gazetteer, default_gazetteer
from etl.records import EntityRef, Mention

_INSIDE = re.compile(
    r"^\s*(?:,\s*(?:en|au|aux|dans\s+l['’]|dans\s+le|dans\s+la|dans\s+les|in)\s*|\(\s*|,\s*)$", re.IGNORECASE
)
_AT = re.compile(r"^\s+(?:à|au|in|at)\s+$", re.IGNORECASE)
_FROM = re.compile(r"(?:\bde|\bd['’]|\bfrom|\bentre|\bbetween)\s*$", re.IGNORECASE)


def place_links(
    body: str, mentions: list[Mention], gazetteer: Gazetteer | None = None
) -> list[tuple[EntityRef, EntityRef]]:
    """(place, larger place) pairs stated in the body."""
    gaz = gazetteer or default_gazetteer()
    places = sorted((m for m in mentions if m.entity.type == "LOC"), key=lambda m: m.start)
    links: dict[tuple[str, str], tuple[EntityRef, EntityRef]] = {}
    for a, b in itertools.pairwise(places):
        between = body[a.end : b.start]
        if a.entity.name == b.entity.name or "\n" in between or len(between) > 16:
            continue
        inside = bool(_INSIDE.match(between))
        if not inside and _AT.match(between) and not _FROM.search(body[max(0, a.start - 8) : a.start]):
            inside = gaz.lookup(a.entity.name) is None  # "la base X à Anchorage" yes; "de Paris à Berlin" no
        if inside:
            links[(a.entity.name, b.entity.name)] = (a.entity, b.entity)
    return list(links.values())
