"""Page dump to article parts: headline, clean body, captions, and the metadata zones around them.

A text dump is what a browser shows when a news page is copied as text. The page is read as
zones:

    header   everything before the first prose paragraph: navigation, headline, byline, dates,
             kickers and intertitles (kept), captions (set apart)
    body     from the first to the last prose paragraph, without furniture, captions, teaser
             cards and related-article blocks; list items and intertitles stay
    trailer  after the last prose paragraph, up to a footer or related marker: list items that
             end the article stay, signatures and dates go to the metadata
    footer   from a footer marker (comments, newsletter, about us, related block) to the end

Signals are combined per line (see ``etl.pages.lines``): stop-word density and length (jusText-style),
vocabularies in ``etl/data/`` (navigation, footer and related-block headers in several
languages), file names, URLs, repetition, position, and lines the corpus shows to be a site
template (``template``: keys of lines that repeat across pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from etl.pages.block_model import BlockModel, block_prose, default_model, find_blocks, furniture_pattern
from etl.pages.headline import HeadlineModel
from etl.pages.headline import default_model as default_headline
from etl.pages.lines import SOCIAL_NETWORKS, Line, split_lines
from etl.pages.template import line_hash
from etl.records import Caption

_SITE_STATEMENT = re.compile(
    r"^(?:bienvenue|welcome|about|à propos|qui sommes)|\b(?:is part of|est une publication)\b", re.IGNORECASE
)
_SOCIAL = re.compile(rf"\b(?:{SOCIAL_NETWORKS}|whatsapp|rss)\b", re.IGNORECASE)
_CAPTION_LABEL = re.compile(r"^(?:photo|photos|image|illustration|légende|caption|crédit photo)\s*:\s*", re.IGNORECASE)
_AGENCY = r"(?:AFP|Reuters|REUTERS|AP|EPA|ANSA|dpa|Getty Images|Belga|Xinhua|Anadolu|MAXPPP|SIPA|Shutterstock)"
_CREDITS = (
    re.compile(r"\s*©\s*(?P<credit>[^©]+?)\s*$"),
    re.compile(r"\s*\b(?:photo\s+)?(?:crédits?|credits?|source)(?:\s+photo)?\s*:\s*(?P<credit>.+?)\s*$", re.IGNORECASE),
    re.compile(r"\s*(?P<credit>\((?:photos?|crédits?|credits?)\b[^)]*\))\s*$", re.IGNORECASE),
    re.compile(rf"\s+(?P<credit>{_AGENCY}\s*/\s*\S.*?)\s*$"),
    re.compile(rf"\s+(?P<credit>(?:[A-ZÀ-Þ][\w'’.-]*\s+){{0,3}}[A-ZÀ-Þ][\w'’.-]*\s*/\s*{_AGENCY})\s*$"),
)


HEADER_LINES = 8  # without a headline, the lines above the article read for its byline and dates


@dataclass(frozen=True)
class PageParts:
    """A dump split into what the article is and what surrounds it."""

    title: str | None
    body_lines: tuple[str, ...]
    captions: tuple[Caption, ...] = ()
    header: tuple[str, ...] = ()
    trailer: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    dropped: tuple[str, ...] = field(default=(), compare=False)
    masthead: tuple[str, ...] = ()  # the page's first lines (its name, usually)
    above: tuple[str, ...] = field(default=(), compare=False)  # every line above the article

    @property
    def body(self) -> str:
        """Paragraphs separated by a blank line."""
        return "\n\n".join(self.body_lines)


def caption_from_line(line: Line) -> Caption:
    """Split a caption line into its text and its credit (photographer, agency)."""
    text = _CAPTION_LABEL.sub("", line.text).strip()
    for pattern in _CREDITS:
        m = pattern.search(text)
        if m and m.start() > 0:
            return Caption(text[: m.start()].strip(" -–—|,"), m.group("credit").strip(" ()"))
    return Caption(text, None)


def _real_prose(line: Line) -> bool:
    return line.is_prose and not line.is_teaser_snippet and not line.is_caption and not line.is_copyright


def clean_dump(
    text: str, template: Collection[str] = (), model: BlockModel | None = None, headline: HeadlineModel | None = None
) -> PageParts:
    """Split a page dump into headline, clean body, captions and the metadata zones around them.

    ``template`` holds fingerprints (:func:`etl.pages.template.line_hash`) of lines the corpus shows
    to be site furniture; ``model`` tells the article's prose blocks from the others (default: the
    shipped :func:`etl.pages.block_model.default_model`).
    """
    lines = split_lines(text)
    templated = {ln.key for ln in lines if template and line_hash(ln.key) in template and not _real_prose(ln)}
    blocks = find_blocks(lines, [ln.key in templated or ln.is_teaser_snippet for ln in lines])
    if not blocks:
        return PageParts(None, (), header=tuple(ln.text for ln in lines))
    chosen = (model or default_model()).article_blocks(lines, blocks)
    article = [b for b, keep in zip(blocks, chosen, strict=True) if keep]
    # a comments header, a newsletter box or a paywall prompt ends the article: what follows is
    # not the article, however much it reads like prose
    end = find_end(lines, article[0].first)
    article = [b for b in article if b.first < end]
    first = _standfirst(lines, article[0].first)
    last = _closing_cut(lines, first, max(i for i in article[-1].lines if i < end))
    left_out = {
        i
        for b, keep in zip(blocks, chosen, strict=True)
        if not keep and first < b.first
        for i in range(b.first, b.last + 1)
    }
    end = max(end, last + 1)

    dropped: list[str] = []
    captions: list[Caption] = []
    seen_captions: set[str] = set()

    def take_caption(ln: Line) -> None:
        if ln.key not in seen_captions:
            seen_captions.add(ln.key)
            captions.append(caption_from_line(ln))

    site_names = _site_names(lines, first)
    title_at = (headline or default_headline()).pick(lines, first, last, frozenset(site_names))
    title = lines[title_at].text if title_at is not None else None
    header_meta = _read_header(lines, title_at, first, templated, site_names, take_caption, dropped)
    title_key = title.casefold() if title else None
    body: list[str] = []
    skip_until = -1
    for i in range(first, last + 1):
        ln = lines[i]
        if i <= skip_until or i in left_out:
            dropped.append(ln.text)
            continue
        if ln.is_caption:
            take_caption(ln)
            continue
        if ln.is_related_marker and not _real_prose(ln):
            skip_until = _related_block(lines, i, last)[0]
            dropped.append(ln.text)
            continue
        if (
            ln.is_furniture
            or (_widget(ln) and not ln.ends_sentence)
            or ln.key in templated
            or ln.is_copyright
            or (title_key and ln.key == title_key.strip(" .:;,!?|-–—•*"))
        ):
            dropped.append(ln.text)
            continue
        if (ln.byline or ln.is_date_line) and not ln.is_prose:
            # a byline or dateline under the standfirst is metadata; further down, a teaser date
            (header_meta if len(body) < 4 else dropped).append(ln.text)
            continue
        card = _teaser_card(lines, i, last)
        if card:
            skip_until = card
            dropped.append(ln.text)
            continue
        if body and ln.text == body[-1]:
            continue
        body.append(ln.text)
    trailer: list[str] = []
    closing = True  # short sentences right after the last paragraph still belong to the article
    for ln in lines[last + 1 : end]:
        if closing and ln.key not in templated and (_closing_sentence(ln) or _closing_item(ln)):
            body.append(ln.text)
            continue
        closing = False
        if ln.is_caption:
            take_caption(ln)
        elif ln.is_furniture or ln.key in templated:
            dropped.append(ln.text)
        else:
            trailer.append(ln.text)
    footer = tuple(ln.text for ln in lines[end:])
    masthead = tuple(ln.text for ln in lines[: min(first, 12)] if not ln.is_furniture)[:3]
    return PageParts(
        title,
        tuple(body),
        tuple(captions),
        tuple(header_meta),
        tuple(trailer),
        footer,
        tuple(dropped),
        masthead,
        tuple(ln.text for ln in lines[:first]),
    )


def _widget(ln: Line) -> bool:
    """A short line of web furniture's vocabulary ("S'abonner à la newsletter", "Suivre X sur
    Twitter"): no closing sentence of the article."""
    return ln.n_words <= 10 and bool(furniture_pattern().search(ln.text) or _SOCIAL.search(ln.text))


# a "Read also" heading with at most this many lines after it, to the end of the text, closes
# the article (the three teasers of a related block); with more, the article may go on after it
CLOSING_TEASERS = 3


def closing_heading(lines: list[Line], first: int, last: int) -> int | None:
    """Index of a related heading ("À lire aussi :") between lines ``first`` and ``last`` that at
    most ``CLOSING_TEASERS`` lines follow up to ``last``: the article ends before it."""
    for i in range(max(first, last - CLOSING_TEASERS), last + 1):
        if lines[i].is_related_marker and lines[i].n_words <= 6 and not _real_prose(lines[i]):
            return i
    return None


def _closing_cut(lines: list[Line], first: int, last: int) -> int:
    """The article's last line: before a closing related heading (:func:`closing_heading`), and
    before the signature under the last paragraph ("Par Jacques Martin"), which is the trailer's
    first line."""
    heading = closing_heading(lines, first + 1, last)
    if heading is not None:
        last = heading - 1
    while last > first and lines[last].byline and not lines[last].is_prose:
        last -= 1
    return last


def _closing_sentence(ln: Line) -> bool:
    """A short sentence that ends the article ("Work is expected to start in April.")."""
    if _widget(ln) or not ln.ends_sentence or ln.n_words < 3 or ln.stop_density < 0.3 or ln.text.endswith("?"):
        return False
    if ln.is_furniture or ln.is_caption or ln.is_copyright or ln.byline or ln.is_date_line or ln.is_teaser_snippet:
        return False
    capitalised = sum(1 for w in ln.words[1:] if w[:1].isupper())
    return capitalised <= (ln.n_words - 1) / 3


def _standfirst(lines: list[Line], first: int) -> int:
    """Where the article starts: its first prose block, or a standfirst above it that only a
    byline, dates or furniture separate from it."""
    i = first - 1
    while i >= 0 and (lines[i].byline or lines[i].is_date_line or lines[i].is_furniture or lines[i].is_caption):
        i -= 1
    if 0 <= i < first - 1 and block_prose(lines[i]):
        return i
    return first


def _closing_item(ln: Line) -> bool:
    """A list item that goes on from the last paragraph (a menu's items are no sentences)."""
    return (
        ln.bulleted
        and ln.n_words >= 3
        and ln.stop_density >= 0.2
        and not (ln.is_copyright or ln.is_date_line or _widget(ln))
    )


def find_end(lines: list[Line], first: int) -> int:
    """Index of the first line of the page's trailing furniture (len(lines) when there is none).

    A footer marker (comments, newsletter, about us, tags) or a paywall prompt ends the article;
    so does a related-article block that looks like the end of a page (dated teasers, cut-off
    snippets, three teasers or more, nothing after it). A short block in mid-article is skipped.
    """
    for i in range(first + 1, len(lines)):
        ln = lines[i]
        if ln.is_paywall or ln.is_footer_marker:
            return i
        if _real_prose(ln):
            continue
        if ln.is_related_marker and _related_block(lines, i, len(lines) - 1)[1]:
            return i
    return len(lines)


def _related_block(lines: list[Line], start: int, last: int) -> tuple[int, bool]:
    """(index of the last line of the related block opened at ``start``, whether it ends the page)."""
    if ":" in lines[start].text and not lines[start].text.rstrip().endswith(":"):
        return start, False  # "À lire aussi : <teaser>" on one line, inside the article
    j, teasers, dated, snippets = start, 0, False, False
    while j + 1 <= last:
        nxt = lines[j + 1]
        if _real_prose(nxt) and not (j + 2 <= last and lines[j + 2].is_date_line):
            break
        j += 1
        if nxt.is_date_line:
            dated = True
        elif nxt.is_teaser_snippet:
            snippets = True
        else:
            teasers += 1
    return j, dated or snippets or teasers >= 3 or j >= last


def _teaser_card(lines: list[Line], i: int, last: int) -> int | None:
    """End index of a teaser card starting at ``i``: a headline shown twice (image alt and link)
    or followed by its own date, plus short link labels after it; None when ``i`` is not one."""
    ln = lines[i]
    if not ln.headline_like or ln.n_words < 4 or i + 1 > last:
        return None
    nxt = lines[i + 1]
    if nxt.key == ln.key or (nxt.is_date_line and not nxt.is_prose):
        j = i + 1
    else:
        return None
    while j + 1 <= last and not lines[j + 1].is_prose and lines[j + 1].n_words <= 3 and not lines[j + 1].ends_sentence:
        j += 1  # "Read more", "İçeriği Görüntüle": the card's link label
    return j


def _site_names(lines: list[Line], first: int) -> set[str]:
    """Keys of header lines that name the site: repeated as a whole line after the article, or
    inside a copyright, welcome or about line (a masthead is never the headline)."""
    after = lines[first + 1 :]
    whole = {ln.key for ln in after}
    furniture_text = " \n ".join(ln.key for ln in after if ln.is_copyright or _SITE_STATEMENT.search(ln.text))
    return {ln.key for ln in lines[:first] if ln.key in whole or (ln.key and ln.key in furniture_text)}


def _read_header(
    lines: list[Line],
    title_at: int | None,
    first: int,
    templated: set[str],
    site_names: set[str],
    take_caption: Callable[[Line], None],
    dropped: list[str],
) -> list[str]:
    """The metadata lines around the headline (bylines, dates, standfirst and kicker lines):
    from the headline, or from the nearest lines above the article when there is none, to the
    article; what stands above is navigation and goes to ``dropped``."""
    start = title_at + 1 if title_at is not None else max(0, first - HEADER_LINES)
    # a dateline or byline printed right above the headline belongs to its block
    kicker = title_at if title_at is not None else start
    while (
        kicker > 0 and (lines[kicker - 1].byline or lines[kicker - 1].is_date_line) and not lines[kicker - 1].is_prose
    ):
        kicker -= 1
    above = range(kicker, title_at if title_at is not None else start)
    dropped.extend(
        ln.text for i, ln in enumerate(lines[:start]) if i not in above and (title_at is None or i != title_at)
    )
    meta: list[str] = [lines[i].text for i in above]
    for ln in lines[start:first]:
        if ln.is_caption:
            take_caption(ln)
        elif ln.byline or ln.is_date_line or ln.is_copyright:
            meta.append(ln.text)
        elif ln.is_furniture or ln.key in templated or ln.is_paywall or ln.is_footer_marker or ln.key in site_names:
            dropped.append(ln.text)
        else:
            meta.append(ln.text)
    return meta
