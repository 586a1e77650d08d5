"""The function or title written next to a person's name.

Before the name: "le ministre des Affaires étrangères Sergueï Lavrov", "Le porte-parole du
Kremlin Dmitri Peskov", "le leader du Kremlin, Vladimir Poutine", "Kremlin spokesman Dmitry
Peskov". After it, as an apposition: "David Kearn, universitaire américain et chercheur invité
au Managing the Atom Project de Harvard,". Role heads are a data file (``role_heads.txt``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from etl.nlp import DATA_DIR
from etl.text.vocab import load_lines

# words that cannot sit between a role and the name it introduces (verbs, conjunctions, clauses)
_BREAKERS = {
    "et",
    "ou",
    "a",
    "ont",
    "est",
    "sont",
    "était",
    "qui",
    "que",
    "avec",
    "entre",
    "dont",
    "mais",
    "pour",
    "sur",
    "selon",
    "and",
    "or",
    "has",
    "have",
    "is",
    "was",
    "were",
    "who",
    "that",
    "with",
    "said",
    "told",
    "par",
    "by",
    "lors",
    "when",
    "quand",
    "après",
    "avant",
    "after",
    "before",
}
_STOP = re.compile(r"[.;:!?«»“”\"()\n]")


@lru_cache(maxsize=1)
def role_heads() -> frozenset[str]:
    """Role head words and two-word heads, case-folded."""
    return load_lines(DATA_DIR, "role_heads.txt")


@lru_cache(maxsize=1)
def _head_pattern() -> re.Pattern:
    heads = sorted(role_heads(), key=len, reverse=True)
    alt = "|".join(re.escape(h).replace("'", "['’]") for h in heads)
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE)


def find_role(body: str, start: int, end: int, window: int = 90) -> str | None:
    """The role stated right before (or in apposition right after) the name at ``body[start:end]``."""
    before = body[max(0, start - window) : start]
    cut = max((m.end() for m in _STOP.finditer(before)), default=0)
    before = before[cut:]
    best = None
    for m in _head_pattern().finditer(before):
        between = before[m.end() :]
        words = re.findall(r"[\w'’-]+", between)
        if len(words) > 7 or any(w.casefold() in _BREAKERS for w in words):
            continue
        if "," in between.rstrip(" ,"):
            continue
        candidate = before[m.start() :].strip(" ,")
        if re.search(r"(?:\s|^)(?:de|des|du|d['’]|of|for|to|à|au|aux)$", candidate, re.IGNORECASE):
            continue  # "l'envoyé spécial de Trump": the name completes the role, it does not hold it
        best = candidate
        break
    if best:
        return best
    after = body[end : end + 140]
    lead = re.match(r"\s*,\s*(?:(?:l['’]|le |la |un |une |the |a |an |former |ancien |ancienne )\s*)?", after)
    if lead:
        rest = after[lead.end() :]
        h = _head_pattern().match(rest)
        if h:
            phrase = re.split(r"[,.;:!?()\n]", rest, maxsplit=1)[0]
            return phrase.strip() or None
    return None
