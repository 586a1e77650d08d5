"""What the event extractor knows of news language: the trigger lexicon and demonyms
(``etl/nlp/data/event_triggers.tsv``, ``demonyms.tsv``), the types' families and specificity,
the types that need a time, and each type's label per language."""

from __future__ import annotations

import re
from functools import lru_cache

from etl.nlp import DATA_DIR

GROUPS = {"summit": "gathering", "meeting": "gathering"}


SPECIFICITY = {"summit": 2, "meeting": 1}


LABELS = {
    "fr": {
        "summit": "Sommet",
        "meeting": "Réunion",
        "call": "Entretien",
        "visit": "Visite",
        "statement": "Déclarations",
        "expiry": "Expiration",
        "sanction": "Sanctions",
        "protest": "Manifestation",
        "deployment": "Déploiement",
        "election": "Élection",
        "attack": "Attaque",
        "trial": "Procès",
        "death": "Décès",
        "announcement": "Annonce",
        "other": "Événement",
    },
    "en": {
        "summit": "Summit",
        "meeting": "Meeting",
        "call": "Call",
        "visit": "Visit",
        "statement": "Statement",
        "expiry": "Expiry",
        "sanction": "Sanctions",
        "protest": "Protest",
        "deployment": "Deployment",
        "election": "Election",
        "attack": "Attack",
        "trial": "Trial",
        "death": "Death",
        "announcement": "Announcement",
        "other": "Event",
    },
}


NEEDS_TIME = {"attack", "death", "election", "trial"}


@lru_cache(maxsize=1)
def triggers() -> list[tuple[str, re.Pattern]]:
    """(type, pattern) of every trigger in the data file, to search in lower-case text (a pattern
    with capitals in it ignores case). A trigger starts a word: :func:`_triggers_in` checks what
    comes before it (a look-behind in the pattern, like ignoring case, makes every search several
    times slower)."""
    out = []
    for line in (DATA_DIR / "event_triggers.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            etype, regex = line.split("\t", 1)
            regex = regex.strip()
            literal = re.sub(r"\\.", "", regex)  # escapes (\w, \S…) are not letters to fold
            out.append((etype.strip(), re.compile(f"(?:{regex})", 0 if literal == literal.lower() else re.IGNORECASE)))
    return out


@lru_cache(maxsize=1)
def demonyms() -> list[tuple[re.Pattern, str]]:
    """(adjective pattern, country) pairs."""
    out = []
    for line in (DATA_DIR / "demonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            forms, country = line.split("\t")
            out.append((re.compile(rf"(?<![\w])(?:{forms})(?![\w])", re.IGNORECASE), country.strip()))
    return out
