"""The headline of a page dump: the heading just above the article, chosen by a scorer.

Candidates are the short lines above the article's first paragraph (at most ``WINDOW`` of them,
bylines, dates, captions and furniture left out). Each gets features that know nothing of any
site: how far above the article it stands and how many candidates lie between, its length and
shape (capitals, final punctuation, a colon, digits), whether a byline or a date follows it
closely or stands right above it (a headline block), whether it is printed twice on the page (pages show the headline
in their title bar and again above the article), whether it also stands after the article (a
related-article list or a menu) and whether it names the site. A logistic regression
(``etl/pages/data/headline_model.json``, trained by :mod:`etl.bench.train_page_models` on the dev
set and measured leave-one-site-out) scores them; the best one is the headline when its
probability is high enough, or else a line printed twice just above the article; otherwise the
page gets none (a wrong headline is worse than none).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from etl.pages import DATA_DIR
from etl.pages.lines import Line, undoubled
from etl.pages.logistic import LogisticModel

MODEL_FILE = "headline_model.json"
WINDOW = 40  # lines above the article that may hold its headline
REPEATED_WITHIN = 6  # a line printed twice this close above the article is its headline
MIN_PROBABILITY = 0.2
_BYLINE_LABELS = frozenset({"by", "par", "de", "von", "por", "di"})
_SEPARATOR = re.compile(r"\s[|›»>/•·]\s")

FEATURES = (
    "log_distance",
    "log_rank",
    "nearest",
    "log_words",
    "ends_period",
    "ends_question_or_bang",
    "has_colon",
    "title_case",
    "all_caps",
    "stop_density",
    "printed_twice",
    "also_after_article",
    "byline_or_date_after",
    "byline_or_date_before",
    "short_line_before",
    "prose_after",
    "digits",
    "separators",
    "site_name",
    "is_prose",
    "starts_quote",
    "cut_off",
    "holds_another",
    "held_by_another",
    "doubled",
)


def is_candidate(line: Line) -> bool:
    """A line that may be a headline."""
    if line.is_furniture or line.is_caption or line.is_copyright or line.byline or line.is_date_line:
        return False
    if line.is_footer_marker or line.is_paywall or line.is_related_marker:
        return False
    return 2 <= line.n_words <= 40 and not line.text.endswith((",", ";"))


def candidates(lines: Sequence[Line], first: int) -> list[int]:
    """Indices of the candidate lines above line ``first``, nearest first (a name under a bare
    "By" or "Par" is a byline, not a headline)."""
    return [
        i
        for i in range(first - 1, max(-1, first - 1 - WINDOW), -1)
        if is_candidate(lines[i]) and not (i > 0 and lines[i - 1].key in _BYLINE_LABELS)
    ]


def headline_features(
    lines: Sequence[Line], first: int, last: int, picks: Sequence[int], site_names: frozenset[str] = frozenset()
) -> list[list[float]]:
    """Feature rows of the candidates ``picks`` of an article spanning ``first``–``last``."""
    counts = Counter(ln.key for ln in lines)
    after = {ln.key for ln in lines[last + 1 :]}
    keys = [lines[i].key for i in picks]
    rows = []
    for rank, i in enumerate(picks):
        ln = lines[i]
        nxt = lines[i + 1 : i + 4]
        words = ln.words
        letters = [c for c in ln.text if c.isalpha()]
        row = {
            "log_distance": math.log1p(first - i),
            "log_rank": math.log1p(rank),
            "nearest": float(rank == 0),
            "log_words": math.log1p(ln.n_words),
            "ends_period": float(ln.text.endswith(".")),
            "ends_question_or_bang": float(ln.text.endswith(("?", "!"))),
            "has_colon": float(":" in ln.text),
            "title_case": sum(1 for w in words if w[:1].isupper()) / len(words) if words else 0.0,
            "all_caps": float(bool(letters) and all(c.isupper() for c in letters)),
            "stop_density": ln.stop_density,
            "printed_twice": float(counts[ln.key] >= 2),
            "also_after_article": float(ln.key in after),
            "byline_or_date_after": float(any(n.byline or n.is_date_line for n in nxt)),
            "byline_or_date_before": float(i > 0 and bool(lines[i - 1].byline or lines[i - 1].is_date_line)),
            "short_line_before": float(i > 0 and lines[i - 1].n_words <= 3),
            "prose_after": float(any(n.is_prose for n in nxt[:2])),
            "digits": float(any(c.isdigit() for c in ln.text)),
            "separators": float(bool(_SEPARATOR.search(ln.text))),
            "site_name": float(ln.key in site_names),
            "is_prose": float(ln.is_prose),
            "starts_quote": float(ln.text[:1] in "«“\"'‘"),
            "cut_off": float(ln.is_teaser_snippet),
            # a breadcrumb ends with the headline; a headline holds a shorter teaser of itself
            "holds_another": float(any(k != ln.key and len(k) >= 12 and k in ln.key for k in keys)),
            "held_by_another": float(any(k != ln.key and len(ln.key) >= 12 and ln.key in k for k in keys)),
            # "Envoyer par mail Envoyer par mail": an icon's label printed beside its link
            "doubled": float(undoubled(ln.key) != ln.key),
        }
        rows.append([row[f] for f in FEATURES])
    return rows


@dataclass(frozen=True)
class HeadlineModel:
    """Picks the headline among the candidates, by a :class:`LogisticModel`."""

    scorer: LogisticModel
    min_probability: float = MIN_PROBABILITY

    def pick(
        self, lines: Sequence[Line], first: int, last: int, site_names: frozenset[str] = frozenset()
    ) -> int | None:
        """Index of the headline line, or None when no candidate is likely enough."""
        picks = candidates(lines, first)
        if not picks:
            return None
        probs = self.scorer.probabilities(headline_features(lines, first, last, picks, site_names))
        best = max(range(len(picks)), key=probs.__getitem__)
        if probs[best] >= self.min_probability:
            return picks[best]
        # no candidate is likely enough: a line printed twice just above the article still is one
        # (a page prints its headline in its title bar and again above the text)
        near = [i for i in picks if first - i <= REPEATED_WITHIN]
        twice = [i for i in near if lines[i].n_words >= 4 and sum(lines[j].key == lines[i].key for j in near) >= 2]
        return twice[0] if twice else None


@lru_cache(maxsize=1)
def default_model() -> HeadlineModel:
    """The model shipped with the package."""
    return HeadlineModel(LogisticModel.load(DATA_DIR / MODEL_FILE, FEATURES))
