"""Corpus-level entity resolution: does a name seen in an article denote an entity already known?

Pure decisions over candidates the loader fetched from the database (same type only):
1. same normalised name, or a known alias of it;
2. a person's surname alone ("Zelensky") and exactly one known person whose name ends with it
   ("Volodymyr Zelensky"); the other way round, a full name upgrades a known surname-only entity;
3. a place named with a facility word before it ("Joint Base Elmendorf-Richardson") and the same
   place without it ("Elmendorf-Richardson");
4. a near spelling (rapidfuzz ratio ≥ ``cutoff`` on normalised names, never without a cutoff):
   "Zelenskyy" / "Zelensky".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from etl.normalize import entity_key
from etl.records import EntityRef
from etl.vocab import load_lines

FUZZY_CUTOFF = 92.0


@dataclass(frozen=True)
class Candidate:
    """A known entity."""

    id: int
    type: str
    name: str
    norm_name: str
    alias_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Decision:
    """The known entity a reference denotes (None: a new one) and a better name for it, if any."""

    entity_id: int | None
    rename_to: str | None = None


def _facility_stripped(key: str) -> str:
    words = key.split()
    facility = load_lines("facility_words.txt")
    while len(words) > 1 and words[0] in facility:
        words = words[1:]
    return " ".join(words)


def choose(ref: EntityRef, candidates: Sequence[Candidate], cutoff: float = FUZZY_CUTOFF,
           canonical: bool = False) -> Decision:
    """Which candidate ``ref`` denotes. ``canonical``: the ref's name is an authority's canonical
    name (the gazetteer's), which then replaces the stored one."""
    key = entity_key(ref.name)
    keys = {key, *(entity_key(a) for a in ref.aliases)}
    same = [c for c in candidates if c.type == ref.type]
    for c in same:
        if c.norm_name == key:
            return Decision(c.id)
    for c in same:
        if c.norm_name in keys or key in c.alias_keys:
            return Decision(c.id, ref.name if canonical and c.name != ref.name else None)
    words = key.split()
    if ref.type == "PERSON":
        if len(words) == 1:
            full = [c for c in same if len(c.norm_name.split()) >= 2 and c.norm_name.split()[-1] == key]
            if len(full) == 1:
                return Decision(full[0].id)
        else:
            surname_only = [c for c in same if c.norm_name == words[-1]]
            others = [c for c in same if len(c.norm_name.split()) >= 2 and c.norm_name.split()[-1] == words[-1]]
            if len(surname_only) == 1 and not others:
                return Decision(surname_only[0].id, ref.name)
    if ref.type == "LOC":
        bare = _facility_stripped(key)
        for c in same:
            if _facility_stripped(c.norm_name) == bare and c.norm_name != key:
                return Decision(c.id, ref.name if len(key) > len(c.norm_name) else None)
    if len(key) >= 5:
        scored = [(fuzz.ratio(key, c.norm_name), c) for c in same if abs(len(c.norm_name) - len(key)) <= 3]
        scored = [(s, c) for s, c in scored if s >= cutoff]
        if scored:
            best = max(scored, key=lambda sc: sc[0])[1]
            return Decision(best.id)
    return Decision(None)
