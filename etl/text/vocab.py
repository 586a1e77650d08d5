"""Vocabularies kept as data files beside the code that reads them (one entry a line, ``#`` comments)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"  # etl/text/data: month and weekday names


@cache
def load_lines(folder: Path, name: str) -> frozenset[str]:
    """The entries of the data file ``folder/name``, case-folded, without comments and blank lines
    (cached: called in hot loops with a package's ``DATA_DIR``)."""
    text = (folder / name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )
