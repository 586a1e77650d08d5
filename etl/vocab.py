"""Vocabularies kept as data files under ``etl/data/`` (one entry a line, ``#`` comments)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def load_lines(name: str) -> frozenset[str]:
    """The entries of ``etl/data/<name>``, case-folded, without comments and blank lines."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )
