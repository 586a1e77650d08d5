"""A gazetteer: known entities with their type, one canonical name and their other names.

Built from ``etl/data/gazetteer.tsv`` (institutions, capitals used as metonyms, regions, people
known under several spellings) and from Babel's country and world-region names in several
languages (canonical: French). Keys are :func:`etl.text.normalize.entity_key` forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from etl.nlp import DATA_DIR
from etl.text.normalize import entity_key, starts_word

# Babel region codes worth knowing as places (the world, "001", is left out: "Monde" is a newspaper).
_REGIONS = ("002", "009", "019", "142", "150", "003", "005", "021", "145", "151", "154", "155", "039")
_LANGUAGES = ("fr", "en", "de", "es", "it")


@dataclass(frozen=True)
class GazetteerEntry:
    """A known entity."""

    canonical: str
    type: str
    names: tuple[str, ...]
    scope: str = ""  # "country" or "region" for Babel's places
    localized: tuple[tuple[str, str], ...] = ()  # (language, canonical name in that language)

    def canonical_in(self, language: str | None) -> str:
        """The canonical name in ``language`` ("United Nations" for an English article, "ONU" for a
        French one); the default canonical name where the language has none."""
        return next((name for lang, name in self.localized if lang == language), self.canonical)

    def canonicals(self) -> set[str]:
        """The canonical names in every language."""
        return {self.canonical, *(name for _, name in self.localized)}


class Gazetteer:
    """Lookup of known entities by any of their names."""

    def __init__(self, entries: list[GazetteerEntry]) -> None:
        self._by_key: dict[str, GazetteerEntry] = {}
        self._pattern: re.Pattern[str] | None = None
        for entry in entries:  # later entries (the curated file) override earlier ones (Babel)
            for name in (entry.canonical, *entry.names, *(n for _, n in entry.localized)):
                self._by_key[entity_key(name)] = entry

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry for ``name`` (any spelling, case or accents), or None."""
        return self._by_key.get(entity_key(name))

    def __contains__(self, name: str) -> bool:
        return entity_key(name) in self._by_key

    def pattern(self) -> re.Pattern[str]:
        """A case-sensitive regex of the names worth finding in text (acronyms of 3+ capitals,
        other names of 4+ characters that start with a capital). It does not check what comes
        before a name (a look-behind there makes every search several times slower):
        :meth:`find` does."""
        if self._pattern is None:
            names = [
                n
                for n in self.names()
                if (n.isupper() and len(n) >= 3 and n.isalpha())
                or (len(n) >= 4 and n[:1].isupper() and not n.isupper())
            ]
            alt = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
            self._pattern = re.compile(rf"(?:{alt})(?![\w-])")
        return self._pattern

    def find(self, text: str) -> Iterator:
        """Matches of :meth:`pattern` in ``text`` that are whole words (not preceded by a letter,
        digit, underscore or hyphen)."""
        return (m for m in self.pattern().finditer(text) if starts_word(text, m.start()))

    def names(self) -> list[str]:
        """Every known name (for phrase matching)."""
        seen: dict[str, None] = {}
        for entry in self._by_key.values():
            for name in (entry.canonical, *entry.names, *(n for _, n in entry.localized)):
                seen[name] = None
        return list(seen)


def _babel_entries() -> list[GazetteerEntry]:
    try:
        from babel import Locale  # noqa: PLC0415
    except ImportError:  # pragma: no cover - babel comes with trafilatura's dependencies
        return []
    # territory codes and names are strings (Babel types its locale data loosely)
    locales = {lang: cast("Mapping[str, str]", Locale(lang).territories) for lang in _LANGUAGES}
    codes = [
        c
        for c in locales["fr"]
        if (len(c) == 2 and c.isalpha() and c not in ("ZZ", "EU", "EZ", "UN", "QO")) or c in _REGIONS
    ]
    out = []
    for code in codes:
        canonical = locales["fr"][code]
        names = tuple(sorted({t[code] for t in locales.values() if code in t} - {canonical}))
        localized = tuple((lang, t[code]) for lang, t in locales.items() if code in t and lang != "fr")
        out.append(GazetteerEntry(canonical, "LOC", names, "region" if code.isdigit() else "country", localized))
    return out


def _file_entries() -> list[GazetteerEntry]:
    countries = {e.canonical for e in _babel_entries() if e.scope == "country"}
    out = []
    for line in (DATA_DIR / "gazetteer.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        etype, canonical = cols[0].strip(), cols[1].strip()
        names = tuple(n.strip() for n in cols[2].split("|")) if len(cols) > 2 and cols[2].strip() else ()
        localized = tuple(("en", cols[3].strip()) for _ in (0,) if len(cols) > 3 and cols[3].strip())
        out.append(GazetteerEntry(canonical, etype, names, "country" if canonical in countries else "", localized))
    return out


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """Babel's places, then the curated file (which wins on conflicts)."""
    return Gazetteer(_babel_entries() + _file_entries())
