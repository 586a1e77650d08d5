"""One input file to one Article: the pure transform (no database, no Prefect)."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Collection

from etl.clean import clean_dump
from etl.decode import decode_bytes
from etl.entities import extract_mentions
from etl.events import extract_events
from etl.html import looks_like_html, parse_html
from etl.language import DEFAULT_LANGUAGES, detect_language
from etl.metadata import extract_metadata
from etl.quotes import extract_quotes
from etl.records import Article, BatchResult, InputError, RawDocument, Rejected

log = logging.getLogger(__name__)
_FIRST_SENTENCE = re.compile(r"^(.{20,160}?[.!?])(?:\s|$)")


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def derive_display_title(body: str, max_words: int = 14) -> str | None:
    """A display title for a page without a headline: its first sentence, shortened (flagged as
    derived by the caller; never stored as the headline)."""
    first = body.split("\n\n", 1)[0].strip()
    if not first:
        return None
    m = _FIRST_SENTENCE.match(first)
    sentence = m.group(1) if m else first
    words = sentence.split()
    return sentence if len(words) <= max_words else " ".join(words[:max_words]) + " …"


def _guarded(stage: str, path: str, empty, func, *args):
    try:
        return func(*args)
    except Exception:  # noqa: BLE001 - logged with its traceback; the article still loads
        log.exception("%s extraction failed for %s: the article is kept without them", stage, path)
        return empty


def transform(path: str, data: bytes, template: Collection[str] = (),
              languages: tuple[str, ...] = DEFAULT_LANGUAGES, ner_models: dict[str, str] | None = None) -> Article:
    """Turn one file's bytes into an Article; raise InputError when it cannot be one.

    ``.html``/``.htm`` files (and text files that are HTML) go through trafilatura; other files
    through the page-dump cleaner. ``template`` holds keys of lines known to repeat across the
    corpus's pages (site furniture).
    """
    text = decode_bytes(data)
    if path.lower().endswith((".html", ".htm")) or looks_like_html(text):
        page = parse_html(text)
        parts, author, publisher = page.parts, page.author, page.publisher
        published, updated = page.published_on, page.updated_on
    else:
        parts = clean_dump(text, template)
        meta = extract_metadata(parts)
        author, publisher, published, updated = meta.author, meta.publisher, meta.published_on, meta.updated_on
    body = parts.body
    if not body.strip():
        raise InputError("no_content", "no article text was found in the page")
    language = detect_language(f"{parts.title or ''}\n{body}", languages)
    # an NLP stage that fails on an odd page costs that stage's output, never the article
    mentions = _guarded("entities", path, [], extract_mentions, body, language, ner_models)
    quotes = _guarded("quotes", path, [], extract_quotes, body, mentions, language)
    events, links = _guarded("events", path, ([], []), extract_events, body, mentions, quotes, parts.captions,
                             published, language)
    return Article(
        source_path=path,
        content_sha256=sha256_hex(data),
        title=parts.title,
        display_title=parts.title or derive_display_title(body),
        body=body,
        language=language,
        published_on=published,
        updated_on=updated,
        publisher=publisher,
        author=author,
        captions=parts.captions,
        mentions=tuple(mentions),
        quotes=tuple(quotes),
        events=tuple(events),
        place_links=tuple(links),
    )


def transform_document(doc: RawDocument, template: Collection[str] = (),
                       languages: tuple[str, ...] = DEFAULT_LANGUAGES,
                       ner_models: dict[str, str] | None = None) -> Article | Rejected:
    """Transform a read document; a bad input becomes a Rejected record, never an exception."""
    try:
        return transform(doc.path, doc.data, template, languages, ner_models)
    except InputError as exc:
        return Rejected(doc.path, doc.sha256, exc.reason, exc.detail)


def transform_batch(docs: list[RawDocument], template: Collection[str] = ()) -> BatchResult:
    """Transform a batch of documents into articles and rejections."""
    result = BatchResult()
    for doc in docs:
        out = transform_document(doc, template)
        (result.articles if isinstance(out, Article) else result.rejected).append(out)
    return result
