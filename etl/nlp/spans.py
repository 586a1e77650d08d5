"""An entity span of an article body and the shape of a name's tokens (shared by the span
fixes and the resolution within the article)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# elided articles and pronouns; a capital M, T or S before an apostrophe starts a name ("M'Jid")
ELISION = re.compile(r"^(?:[lLdDjJnNsScmtT]|qu|Qu|QU|jusqu|lorsqu|puisqu)'$")
_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$")


@dataclass
class Span:
    """A name found in the body, with its offsets and the model's label."""

    start: int  # offsets in the body
    end: int
    text: str
    label: str
    sentence_start: bool = False


def is_name_token(text: str) -> bool:
    """A capitalised word that may be part of a name (not an elided article)."""
    return bool(_NAME_TOKEN.match(text)) and not ELISION.match(text)
