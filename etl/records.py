"""Plain frozen dataclasses handed from stage to stage (no database, no Prefect).

Offsets (``start``, ``end``) index into ``Article.body`` as Python string indices, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ENTITY_TYPES = ("PERSON", "ORG", "LOC", "MISC")
QUOTE_KINDS = ("statement", "scare")


@dataclass(frozen=True)
class SourceFile:
    """A file found under the input root, before it is read."""

    path: str  # relative to the input root, POSIX separators
    abs_path: Path
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class RawDocument:
    """The bytes of one input file and their SHA-256."""

    path: str
    data: bytes
    sha256: str

    @property
    def suffix(self) -> str:
        """Lower-case file extension, with the dot (``.txt``)."""
        return Path(self.path).suffix.lower()


@dataclass(frozen=True)
class EntityRef:
    """The canonical entity a mention points to; resolved corpus-wide by the loader's key."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in the article body."""

    entity: EntityRef
    surface: str
    start: int
    end: int
    role: str | None = None


@dataclass(frozen=True)
class Quote:
    """A direct quotation: the words inside the marks, its kind and its source."""

    text: str
    kind: str
    start: int
    end: int
    speaker: EntityRef | None = None
    speaker_text: str | None = None
    cue: str | None = None
    cue_lemma: str | None = None  # the reporting verb's lemma ("déclarer", "say"), or "selon"/"according to"


@dataclass(frozen=True)
class EventMention:
    """An event as one article states it; the loader consolidates it with other articles'.

    ``start``/``end`` is the evidence (the sentence that states it first); ``date_expr`` the
    time expression in a form that can be resolved again once an anchor date is known."""

    event_type: str
    title: str
    start: int
    end: int
    event_date: date | None = None
    date_text: str | None = None
    status: str | None = None
    location: EntityRef | None = None
    participants: tuple[EntityRef, ...] = ()
    date_expr: dict | None = None


@dataclass(frozen=True)
class Caption:
    """An image caption or photo credit: kept apart from the body."""

    text: str
    credit: str | None = None


@dataclass(frozen=True)
class Article:
    """A clean article and everything extracted from it."""

    source_path: str
    content_sha256: str
    body: str
    language: str
    title: str | None = None
    display_title: str | None = None  # the title, or one derived from the body when there is none
    published_on: date | None = None
    updated_on: date | None = None
    publisher: str | None = None
    author: str | None = None
    captions: tuple[Caption, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[EventMention, ...] = ()
    place_links: tuple[tuple[EntityRef, EntityRef], ...] = ()  # (place, the larger place it is in)


@dataclass(frozen=True)
class Rejected:
    """An input file that could not become an article, and why (it goes to quarantine)."""

    source_path: str
    sha256: str
    reason: str
    detail: str = ""


@dataclass
class BatchResult:
    """What one batch of files produced."""

    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


class InputError(ValueError):
    """Raised by a transform stage when a file cannot become an article; ``reason`` is a short code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
