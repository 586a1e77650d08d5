"""HTML pages: body and metadata through trafilatura, into the same parts as a text dump."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from etl.pages.clean import PageParts, caption_from_line, closing_heading, find_end
from etl.pages.html_meta import DOMAIN, HtmlMeta, class_words, parse_tree, people, read_html_meta, text_lines
from etl.pages.lines import Line, normalise, split_lines
from etl.pages.metadata import labelled_publication
from etl.records import Caption

log = logging.getLogger(__name__)
_HTML_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|article|p|div)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML document (whatever the file's extension)."""
    return bool(_HTML_SNIFF.search(text[:2000]))


@dataclass(frozen=True)
class HtmlPage:
    """What trafilatura and the page's markup give."""

    parts: PageParts
    author: str | None
    publisher: str | None
    published_on: date | None
    updated_on: date | None


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


_COMMENT_WORDS = frozenset({"comment", "comments", "commentaires", "forum", "disqus", "respond", "replies", "reply"})


def drop_comments(tree: Any) -> bool:
    """Remove the readers' comments from the page (elements whose class or id names one of its
    words comment, forum, reply …): their dates are not the article's. True when there were some."""
    found = [n for n in tree.iter() if isinstance(n.tag, str) and _COMMENT_WORDS & class_words(n)]
    for node in found:
        parent = node.getparent()
        if parent is not None:
            parent.remove(node)
    return bool(found)


def _article_end(lines: list[Line]) -> int:
    """Where the extracted text stops being the article: a footer, a paywall or a related block
    that closes the page (as in a dump), or a related heading ("À lire aussi :") that only a few
    teasers follow to the end of the text."""
    end = find_end(lines, 0)
    heading = closing_heading(lines, 1, end - 1)
    return end if heading is None else heading


def _captions(tree: Any | None) -> list[Caption]:
    if tree is None:
        return []
    out: list[Caption] = []
    for node in tree.xpath("//figcaption"):
        text = normalise(" ".join(node.itertext()))
        if text and all(c.text != text for c in out):
            out.append(caption_from_line(Line(0, text, text)))
    return out


def parse_html(html: str) -> HtmlPage:
    """Extract body, title, byline, site name and dates from an HTML page with trafilatura.

    Dates come from the page's markup only (``extensive_search`` off): htmldate's original date
    is the publication date, its latest date an update when later. Never today's date.
    """
    import trafilatura  # noqa: PLC0415
    from htmldate import find_date  # noqa: PLC0415

    params = {"original_date": True, "extensive_search": False}
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        favor_precision=True,
        date_extraction_params=params,
    )
    if doc is None:
        return HtmlPage(PageParts(None, ()), None, None, None, None)
    assert not isinstance(doc, dict)  # as_dict is off: a trafilatura Document
    body: list[str] = []
    tree = parse_tree(html)
    captions = _captions(tree)
    caption_texts = {c.text for c in captions}
    lines = split_lines(doc.text or "")
    for ln in lines[: _article_end(lines)]:
        if ln.is_furniture or ln.is_caption or ln.text in caption_texts or (body and body[-1] == ln.text):
            continue
        if doc.title and ln.key == doc.title.casefold().strip(" .:;,!?|-–—•*"):
            continue
        body.append(ln.text)
    meta = read_html_meta(tree) if tree is not None else HtmlMeta()
    # the markup is read: the comments can go, and htmldate reads the page again only if there were some
    pruned = tree is not None and drop_comments(tree)
    try:
        original = _iso(find_date(tree, original_date=True, extensive_search=False)) if pruned else _iso(doc.date)
        latest = _iso(find_date(tree if pruned else html, original_date=False, extensive_search=False))
    except Exception:  # noqa: BLE001 - htmldate on odd markup: no date from it, not a failure
        original, latest = _iso(doc.date) if not pruned else None, None
    published = original or meta.published_on
    if published is None and tree is not None:
        published = labelled_publication(text_lines(tree))
    updated = latest if latest and published and latest > published else None
    title = meta.headline or (normalise(doc.title) if doc.title else None)
    publisher = meta.publisher or _site_name(doc.sitename)
    return HtmlPage(
        PageParts(title, tuple(body), tuple(captions)),
        _author(meta.authors, doc.author, publisher),
        publisher,
        published,
        updated,
    )


def _site_name(name: str | None) -> str | None:
    """trafilatura's site name, without a domain in parentheses; None when it is only a domain."""
    name = normalise(re.sub(r"\s*\((?:https?://)?(?:www\.)?[\w.-]+\.\w+/?\)", "", name or ""))
    return name if name and not DOMAIN.match(name) else None


def _author(declared: tuple[str, ...], found: str | None, publisher: str | None) -> str | None:
    """The byline: the authors the markup declares, else trafilatura's, never the outlet."""
    names = people(declared or (found or "").split(";"), [publisher])
    return ", ".join(names[:4]) or None
