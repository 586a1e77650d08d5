"""Page dump to article text: headline and clean body (first version: line rules).

A text dump is what a browser shows when a news page is copied as text. This first version keeps
the lines between the headline and the page's trailing furniture, and drops navigation, share
bullets, image file names and repeated lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.vocab import load_lines

_BULLET = re.compile(r"^[\s•·▪●◦\-–*]+")
_IMAGE_NAME = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|avif|svg)(?:\?\S*)?$", re.IGNORECASE)
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CleanText:
    """What the cleaner found in a dump."""

    title: str | None
    body: str


def normalise_line(line: str) -> str:
    """A line without bullets and surrounding white space (NBSP included)."""
    return _BULLET.sub("", line.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def is_furniture(line: str) -> bool:
    """True for a line that is page furniture (navigation, share bullets, file names, URLs)."""
    key = normalise_line(line).casefold()
    if not key:
        return True
    return key in load_lines("boilerplate_lines.txt") or bool(_IMAGE_NAME.match(key) or _URL.match(key))


def _is_block_end(line: str) -> bool:
    return normalise_line(line).casefold().rstrip(" :") in load_lines("block_end_lines.txt")


def _looks_like_headline(line: str) -> bool:
    words = _WORD.findall(line)
    return 3 <= len(words) <= 30 and not line.endswith((".", ",", ";")) and not line.startswith("©")


def clean_dump(text: str) -> CleanText:
    """Split a page dump into its headline (None when there is none) and its clean body.

    The body keeps paragraphs in reading order, separated by a blank line.
    """
    lines = [normalise_line(raw) for raw in text.split("\n")]
    kept: list[str] = []
    seen_prose = False
    for line in lines:
        if not line:
            continue
        if seen_prose and _is_block_end(line):
            break
        if is_furniture(line):
            continue
        if kept and line == kept[-1]:
            continue  # a line repeated back to back (headline, caption)
        kept.append(line)
        if len(_WORD.findall(line)) >= 12:
            seen_prose = True
    title = None
    if kept and _looks_like_headline(kept[0]) and len(kept) > 1:
        title = kept[0]
        kept = [line for line in kept[1:] if line != title]
    return CleanText(title=title, body="\n\n".join(kept))
