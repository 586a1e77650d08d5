"""One input file to one Article: the pure transform (no database, no Prefect)."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from etl.nlp.entities import extract_mentions, ner_inputs, parse_many
from etl.nlp.events import extract_events
from etl.nlp.quotes import extract_quotes, sentences_to_parse
from etl.nlp.syntax import parse_sentences
from etl.pages.clean import PageParts, clean_dump
from etl.pages.decode import decode_bytes
from etl.pages.html import looks_like_html, parse_html
from etl.pages.language import DEFAULT_LANGUAGES, detect_language
from etl.pages.metadata import extract_metadata
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
    except Exception:
        log.exception("%s extraction failed for %s: the article is kept without them", stage, path)
        return empty


@dataclass(frozen=True)
class Page:
    """A page read and cleaned, before the language stages (entities, quotes, events)."""

    path: str
    sha256: str
    parts: PageParts
    body: str
    language: str
    author: str | None
    publisher: str | None
    published_on: date | None
    updated_on: date | None


def read_page(
    path: str, data: bytes, template: Collection[str] = (), languages: tuple[str, ...] = DEFAULT_LANGUAGES
) -> Page:
    """Decode and clean one file's bytes: body, metadata, language. Raises InputError when the
    file cannot be an article.

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
    return Page(path, sha256_hex(data), parts, body, language, author, publisher, published, updated)


def annotate(
    page: Page, ner_models: dict[str, str] | None = None, docs: list | None = None, quote_docs: list | None = None
) -> Article:
    """The language stages over a read page; ``docs`` are the NER model's docs of the body's
    :func:`etl.nlp.entities.ner_inputs`, ``quote_docs`` the parse of its
    :func:`etl.nlp.quotes.sentences_to_parse`, when the caller parsed many pages at once."""
    path, body, parts = page.path, page.body, page.parts
    # an NLP stage that fails on an odd page costs that stage's output, never the article
    mentions = _guarded("entities", path, [], extract_mentions, body, page.language, ner_models, None, docs)
    quotes = _guarded("quotes", path, [], extract_quotes, body, mentions, page.language, ner_models, quote_docs)
    events, links = _guarded(
        "events",
        path,
        ([], []),
        extract_events,
        body,
        mentions,
        quotes,
        parts.captions,
        page.published_on,
        page.language,
    )
    return Article(
        source_path=path,
        content_sha256=page.sha256,
        title=parts.title,
        display_title=parts.title or derive_display_title(body),
        body=body,
        language=page.language,
        published_on=page.published_on,
        updated_on=page.updated_on,
        publisher=page.publisher,
        author=page.author,
        captions=parts.captions,
        mentions=tuple(mentions),
        quotes=tuple(quotes),
        events=tuple(events),
        place_links=tuple(links),
    )


def transform(
    path: str,
    data: bytes,
    template: Collection[str] = (),
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
    ner_models: dict[str, str] | None = None,
) -> Article:
    """Turn one file's bytes into an Article; raise InputError when it cannot be one."""
    return annotate(read_page(path, data, template, languages), ner_models)


def _batch_docs(pages: list[Page], inputs, parse, what: str, models: dict[str, str] | None) -> dict[str, list]:
    """``parse`` over ``inputs(body)`` of every page, by path: the pages of one language go
    through the model together, in spaCy's batches (what the NER-only benchmark does), not page
    by page. A page missing from the result is parsed on its own later."""
    out: dict[str, list] = {}
    for language in sorted({p.language for p in pages}):
        same = [p for p in pages if p.language == language]
        texts = [inputs(p.body) for p in same]
        try:
            docs = parse([t for page_texts in texts for t in page_texts], language, models)
        except Exception:
            log.exception("%s over a batch of %d %s pages failed: page by page", what, len(same), language)
            continue
        if docs is None:
            continue
        it = iter(docs)
        for page, page_texts in zip(same, texts, strict=True):
            out[page.path] = [next(it) for _ in page_texts]
    return out


def transform_documents(
    docs: list[RawDocument],
    template: Collection[str] = (),
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
    ner_models: dict[str, str] | None = None,
) -> list[Article | Rejected]:
    """Transform a batch of read documents, in order: each is read and cleaned, then all their
    bodies go through the NER model together, then each gets its entities, quotes and events. A
    bad input becomes a Rejected record; a bug on one page rejects that page only."""
    read: list[Page | Rejected] = []
    for doc in docs:
        try:
            read.append(read_page(doc.path, doc.data, template, languages))
        except InputError as exc:
            read.append(Rejected(doc.path, doc.sha256, exc.reason, exc.detail))
        except Exception as exc:
            log.exception("transform failed for %s", doc.path)
            read.append(Rejected(doc.path, doc.sha256, "transform_error", f"{type(exc).__name__}: {exc}"))
    pages = [p for p in read if isinstance(p, Page)]
    ner = _batch_docs(pages, ner_inputs, parse_many, "NER", ner_models)
    parsed = _batch_docs(pages, sentences_to_parse, parse_sentences, "the parse of quotes' sentences", ner_models)
    out: list[Article | Rejected] = []
    for doc, page in zip(docs, read, strict=True):
        if isinstance(page, Rejected):
            out.append(page)
            continue
        try:
            out.append(annotate(page, ner_models, ner.get(page.path), parsed.get(page.path)))
        except Exception as exc:
            log.exception("transform failed for %s", doc.path)
            out.append(Rejected(doc.path, doc.sha256, "transform_error", f"{type(exc).__name__}: {exc}"))
    return out


def transform_batch(docs: list[RawDocument], template: Collection[str] = ()) -> BatchResult:
    """Transform a batch of documents into articles and rejections."""
    result = BatchResult()
    for out in transform_documents(docs, template):
        if isinstance(out, Article):
            result.articles.append(out)
        else:
            result.rejected.append(out)
    return result
