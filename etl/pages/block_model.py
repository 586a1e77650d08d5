"""Which prose blocks of a page dump are the article: a classifier over general layout signals.

A dump's prose lines (jusText's test: long enough, enough stop words, ended like a sentence) are
grouped into blocks: runs of prose with at most ``GAP`` other lines between two of them. The
article is one or more of these blocks; the others are comments, newsletter and cookie widgets,
teasers of other articles, "about us" footers. Each block gets features that know nothing of any
site, in the manner of Boilerpipe's block classification: its size against the page's largest
block, its stop-word density, how much of it is prose, its position, how far it is from the
blocks around it, how much of it is repeated elsewhere on the page (widgets are printed twice,
articles are not), whether it addresses the reader ("you", "vous") or speaks the vocabulary of
web furniture (cookies, sign-up, comments …), and whether a footer marker stands before it. A
logistic regression turns them into the probability that the block is article text.

The weights are data (``etl/pages/data/block_model.json``), trained by
:mod:`etl.bench.train_block_model` on blocks labelled from the dev set's HTML (what trafilatura
keeps of each page) and measured leave-one-site-out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from etl.pages import DATA_DIR
from etl.pages.lines import Line
from etl.pages.logistic import LogisticModel
from etl.text.vocab import load_lines

MODEL_FILE = "block_model.json"
GAP = 2  # other lines allowed between two prose lines of one block

_READER = re.compile(r"\b(?:you|your|yours|vous|votre|vos|tu|ton|ta|tes|toi)\b", re.IGNORECASE)
_CONTACT = re.compile(r"https?://|www\.|@\w")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

FEATURES = (
    "log_chars",
    "log_lines",
    "stop_density",
    "prose_share",
    "is_largest",
    "log_size_to_largest",
    "position",
    "before_largest",
    "after_largest",
    "log_blocks_to_largest",
    "repeated_share",
    "furniture_words",
    "reader_address",
    "footer_marker_before",
    "footer_marker_between",
    "teaser_share",
    "words_per_line",
    "log_gap_before",
    "log_gap_after",
    "contact",
)


@dataclass(frozen=True)
class Block:
    """Prose lines ``lines`` (indices into the page's lines), from ``lines[0]`` to ``lines[-1]``."""

    lines: tuple[int, ...]

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def last(self) -> int:
        return self.lines[-1]


def block_prose(line: Line) -> bool:
    """A line that can make a block: running prose, not a caption, credit or copyright."""
    return line.is_prose and not line.is_caption and not line.is_copyright


def find_blocks(lines: Sequence[Line], skip: Sequence[bool] = ()) -> list[Block]:
    """The page's prose blocks, in order (lines with ``skip`` set never join one)."""
    groups: list[list[int]] = []
    for i, ln in enumerate(lines):
        if (skip and skip[i]) or not block_prose(ln):
            continue
        if groups and i - groups[-1][-1] <= GAP + 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    return [Block(tuple(g)) for g in groups]


@lru_cache(maxsize=1)
def furniture_pattern() -> re.Pattern[str]:
    words = sorted(load_lines(DATA_DIR, "furniture_words.txt"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)


def block_features(lines: Sequence[Line], blocks: Sequence[Block]) -> list[list[float]]:
    """The feature rows of a page's blocks (see ``FEATURES``)."""
    if not blocks:
        return []
    n = len(lines)
    counts = Counter(ln.key for ln in lines)
    sizes = [sum(len(lines[i].text) for i in b.lines) for b in blocks]
    big = max(range(len(blocks)), key=sizes.__getitem__)
    markers = [i for i, ln in enumerate(lines) if ln.is_footer_marker or ln.is_paywall]
    furniture = furniture_pattern()
    rows = []
    for k, b in enumerate(blocks):
        text = " ".join(lines[i].text for i in b.lines)
        words = max(1, len(_WORD.findall(text)))
        span = b.last - b.first + 1
        lo, hi = min(b.first, blocks[big].first), max(b.last, blocks[big].last)
        row = {
            "log_chars": math.log1p(sizes[k]),
            "log_lines": math.log1p(len(b.lines)),
            "stop_density": sum(lines[i].stop_density for i in b.lines) / len(b.lines),
            "prose_share": len(b.lines) / span,
            "is_largest": float(k == big),
            "log_size_to_largest": math.log(sizes[k] / sizes[big]),
            "position": b.first / n,
            "before_largest": float(k < big),
            "after_largest": float(k > big),
            "log_blocks_to_largest": math.log1p(abs(k - big)),
            "repeated_share": sum(len(lines[i].text) for i in b.lines if counts[lines[i].key] > 1) / sizes[k],
            "furniture_words": len(furniture.findall(text)) / len(b.lines),
            "reader_address": len(_READER.findall(text)) / words,
            "footer_marker_before": float(any(0 < b.first - m <= 3 for m in markers)),
            "footer_marker_between": float(k != big and any(lo < m < hi for m in markers)),
            "teaser_share": sum(lines[i].is_teaser_snippet for i in b.lines) / len(b.lines),
            "words_per_line": sum(lines[i].n_words for i in b.lines) / len(b.lines) / 50,
            "log_gap_before": math.log1p(b.first - blocks[k - 1].last if k else b.first),
            "log_gap_after": math.log1p(blocks[k + 1].first - b.last if k + 1 < len(blocks) else n - b.last),
            "contact": float(bool(_CONTACT.search(text))),
        }
        rows.append([row[f] for f in FEATURES])
    return rows


@dataclass(frozen=True)
class BlockModel:
    """Which blocks are the article, by a :class:`LogisticModel` over :func:`block_features`."""

    scorer: LogisticModel

    def article_blocks(self, lines: Sequence[Line], blocks: Sequence[Block]) -> list[bool]:
        """Whether each block is article text; the likeliest block is, whatever its probability
        (a page whose article is one short paragraph still has an article)."""
        probs = self.scorer.probabilities(block_features(lines, blocks))
        if not probs:
            return []
        best = max(range(len(probs)), key=probs.__getitem__)
        return [p >= 0.5 or k == best for k, p in enumerate(probs)]


@lru_cache(maxsize=1)
def default_model() -> BlockModel:
    """The model shipped with the package."""
    return BlockModel(LogisticModel.load(DATA_DIR / MODEL_FILE, FEATURES))
