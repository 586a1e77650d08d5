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

from rapidfuzz import fuzz, process

from etl.records import EntityRef
from etl.store import DATA_DIR
from etl.text.normalize import entity_key
from etl.text.vocab import load_lines

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
    facility = load_lines(DATA_DIR, "facility_words.txt")
    while len(words) > 1 and words[0] in facility:
        words = words[1:]
    return " ".join(words)


def choose(
    ref: EntityRef, candidates: Sequence[Candidate], cutoff: float = FUZZY_CUTOFF, canonical: bool = False
) -> Decision:
    """Which candidate ``ref`` denotes. ``canonical``: the ref's name is an authority's canonical
    name (the gazetteer's), which then replaces the stored one."""
    key = entity_key(ref.name)
    same = [c for c in candidates if c.type == ref.type]
    return _by_name(ref, key, same, canonical) or _by_spelling(key, same, cutoff) or Decision(None)


def _by_name(ref: EntityRef, key: str, same: Sequence[Candidate], canonical: bool) -> Decision | None:
    """Rules 1-3 over candidates of the ref's type: decided by names, aliases and words alone."""
    keys = {key, *(entity_key(a) for a in ref.aliases)}
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
    return None


def _by_spelling(key: str, same: Sequence[Candidate], cutoff: float) -> Decision | None:
    """Rule 4 over candidates of the ref's type: the nearest spelling at or above ``cutoff``."""
    if len(key) < 5:
        return None
    scored = [(fuzz.ratio(key, c.norm_name), c) for c in same if abs(len(c.norm_name) - len(key)) <= 3]
    scored = [(s, c) for s, c in scored if s >= cutoff]
    if scored:
        return Decision(max(scored, key=lambda sc: sc[0])[1].id)
    return None


class EntityPool:
    """The entities a batch of articles may denote, indexed so that each reference is decided
    against the few candidates :func:`choose` could pick (same key or alias, same last word,
    the same place without its facility word, a near spelling) instead of the whole pool.

    Entities the batch creates are added as it goes, so a later article of the batch finds them
    as it would had the earlier one been loaded on its own."""

    def __init__(self, candidates: Sequence[Candidate] = (), cutoff: float = FUZZY_CUTOFF) -> None:
        self.cutoff = cutoff
        self._by_id: dict[int, Candidate] = {}
        self._order: dict[int, int] = {}
        self._index: dict[tuple[str, str, str], set[int]] = {}
        self._names: dict[str, dict[int, str]] = {}
        for c in candidates:
            self.add(c)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, entity_id: int) -> Candidate:
        """The entity ``entity_id`` as the pool knows it."""
        return self._by_id[entity_id]

    def _keys(self, c: Candidate) -> list[tuple[str, str, str]]:
        words = c.norm_name.split()
        out = [(c.type, "key", c.norm_name), (c.type, "bare", _facility_stripped(c.norm_name))]
        if words:
            out.append((c.type, "last", words[-1]))
        out += [(c.type, "alias", a) for a in c.alias_keys]
        return out

    def add(self, c: Candidate) -> None:
        """Add (or replace) an entity."""
        if c.id in self._by_id:
            self._drop(self._by_id[c.id])
        self._order.setdefault(c.id, len(self._order))
        self._by_id[c.id] = c
        for k in self._keys(c):
            self._index.setdefault(k, set()).add(c.id)
        self._names.setdefault(c.type, {})[c.id] = c.norm_name

    def _drop(self, c: Candidate) -> None:
        for k in self._keys(c):
            self._index.get(k, set()).discard(c.id)
        self._names.get(c.type, {}).pop(c.id, None)

    def holder(self, type_: str, key: str) -> int | None:
        """The entity whose normalised name is ``key``, if any."""
        ids = self._index.get((type_, "key", key))
        return min(ids, key=self._order.__getitem__) if ids else None

    def _indexed(self, ref: EntityRef, key: str) -> set[int]:
        """Ids of the entities rules 1-3 could pick (:func:`_by_name`): all of them, by construction
        of the index (same key or alias, same last word, the same place without its facility word)."""
        keys = {key, *(entity_key(a) for a in ref.aliases)}
        words = key.split()
        hits: set[int] = set()
        for k in keys:
            hits |= self._index.get((ref.type, "key", k), set())
        hits |= self._index.get((ref.type, "alias", key), set())
        if words:
            hits |= self._index.get((ref.type, "last", words[-1]), set())
            hits |= self._index.get((ref.type, "key", words[-1]), set())
        hits |= self._index.get((ref.type, "bare", _facility_stripped(key)), set())
        return hits

    def _in_order(self, ids: set[int]) -> list[Candidate]:
        return sorted((self._by_id[i] for i in ids), key=lambda c: self._order[c.id])

    def _near_spellings(self, type_: str, key: str) -> set[int]:
        """Ids of the entities of the type whose name is a near spelling of ``key``: every candidate
        rule 4 (:func:`_by_spelling`) could pick, as the same scorer and cutoff are used."""
        names = self._names.get(type_, {})
        return {
            entity_id
            for _name, _score, entity_id in process.extract(
                key, names, scorer=fuzz.ratio, score_cutoff=self.cutoff, limit=None
            )
        }

    def choose(self, ref: EntityRef, canonical: bool = False) -> Decision:
        """:func:`choose` over the pool. Rules 1-3 are decided over the indexed entities (every
        entity they could pick is there, in pool order, so the answer is the same); only when they
        decide nothing are all the type's names scanned for a near spelling (rule 4): most names
        of a corpus are names already known."""
        key = entity_key(ref.name)
        decided = _by_name(ref, key, self._in_order(self._indexed(ref, key)), canonical)
        if decided is None and len(key) >= 5:
            decided = _by_spelling(key, self._in_order(self._near_spellings(ref.type, key)), self.cutoff)
        return decided or Decision(None)
