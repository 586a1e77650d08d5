"""Sentence boundaries of an article body that never fall inside a quotation."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

_SENTENCE_END = re.compile(r"[.!?…]+[»”\"']?\s+(?=[A-ZÀ-Þ«“\"0-9])")
# a period that ends an abbreviation, not a sentence: an initial ("J. Smith"), a title or a month
# ("Mr. Levy", "Oct. 29"), French and English
_ABBREVIATION = re.compile(
    r"(?:^|[\s(.])(?:[A-ZÀ-Þ]|Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Gov|Sen|Rep|Gen|Lt|Col|Sgt|Capt|Mgr|Mme|Mlle|"
    r"Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec|janv|févr|avr|juil|sept|oct|nov|déc|No|Nos|vol|p|pp)\.$"
)


def split_sentences(body: str, protected: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each sentence; paragraphs (blank-line separated) always end one; no cut
    falls inside a ``protected`` span (quotations)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for para in body.split("\n\n"):
        start = pos
        for m in _SENTENCE_END.finditer(para):
            cut = pos + m.end()
            if m.group(0).startswith(".") and _ABBREVIATION.search(para[max(0, m.start() - 8) : m.start() + 1]):
                continue
            if not any(a <= pos + m.start() < b for a, b in protected):
                out.append((start, cut))
                start = cut
        out.append((start, pos + len(para)))
        pos += len(para) + 2
    return out


def sentence_at(sentences: Sequence[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence containing ``pos`` (``sentences`` in order, as :func:`split_sentences` gives
    them); the last one when none does."""
    i = bisect_right(sentences, pos, key=lambda se: se[0]) - 1
    if i >= 0 and pos < sentences[i][1]:
        return sentences[i]
    return sentences[-1] if sentences else (0, 0)
