"""Language of a text (ISO 639-1), offline (first version: stop-word counts)."""

from __future__ import annotations

import re

_STOP = {
    "fr": {"le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "pour", "dans", "que", "qui", "sur",
           "au", "aux", "avec", "pas", "ses", "son", "sa", "ont", "été", "cette", "ce", "entre", "lors"},
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "on", "with", "was", "as", "by", "at", "it",
           "from", "his", "her", "has", "have", "be", "are", "this", "which", "said", "an", "were"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein", "eine", "auf", "für"},
    "es": {"el", "los", "las", "y", "es", "en", "que", "por", "con", "una", "para", "del", "se", "su"},
    "it": {"il", "gli", "della", "che", "per", "non", "una", "con", "sono", "del", "nel", "alla", "è"},
}
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str, default: str = "und") -> str:
    """The most likely ISO 639-1 code of ``text``; ``default`` when there is too little evidence."""
    words = [w.casefold() for w in _WORD.findall(text[:20000])]
    if len(words) < 5:
        return default
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOP.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= 2 else default
