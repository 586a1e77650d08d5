"""A site template learned from the corpus: short lines that repeat across many pages.

Page furniture that no vocabulary knows (a site's own menu entries, its footer sentence, a
widget label) shows itself by repetition: the same non-prose line on several pages. Each page
gives the fingerprints of its candidate lines; a line seen on ``min_pages`` pages or more is
template, and the cleaner drops it wherever it is not prose. Real prose (a wire paragraph that
several sites reprint) is never template.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from etl.pages.lines import Line, split_lines


def line_hash(key: str) -> str:
    """Short stable fingerprint of a line key."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def is_candidate(line: Line) -> bool:
    """Lines that may be template: short and not running prose."""
    return bool(line.key) and line.n_words <= 25 and not (line.is_prose and not line.is_teaser_snippet)


def fingerprints(text: str) -> frozenset[str]:
    """Fingerprints of a page's candidate template lines (each counted once per page)."""
    return frozenset(line_hash(ln.key) for ln in split_lines(text) if is_candidate(ln))


def learn_template(pages: Iterable[frozenset[str]], min_pages: int = 3) -> frozenset[str]:
    """Fingerprints present on at least ``min_pages`` of the given pages."""
    counts: Counter[str] = Counter()
    for fp in pages:
        counts.update(fp)
    return frozenset(h for h, n in counts.items() if n >= min_pages)
