"""Normalised keys used to compare names across articles."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def starts_word(text: str, i: int) -> bool:
    """Whether ``text[i]`` starts a word: not preceded by a letter, digit, underscore or hyphen
    (what a ``(?<![\\w-])`` look-behind checks, without slowing a whole regex search down)."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_-")


@lru_cache(maxsize=1 << 16)  # the same names come back in every article of a corpus
def entity_key(name: str) -> str:
    """Case-, accent-, apostrophe- and hyphen-insensitive key of a name (``Sergueï`` = ``serguei``)."""
    text = unicodedata.normalize("NFKD", name.translate(_DASHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("-", " ")
    return re.sub(r"\s+", " ", text).strip(" .,;:'\"")
