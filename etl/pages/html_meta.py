"""What an HTML page says about itself in its markup: headline, site name, authors, dates.

Where trafilatura is weak, the page's own declarations are read first:
- headline: the printed ``<h1>`` that the page's title (``og:title``, ``<title>``, JSON-LD
  ``headline``) starts with, else that title without the site name the page appends to it;
- publisher: ``og:site_name``, JSON-LD ``publisher.name``, ``application-name``, else the segment
  the page's ``<title>`` ends with (" | Le Monde") when it is not the headline;
- authors: JSON-LD ``author`` names, ``<meta name="author">`` and ``article:author`` names,
  ``rel="author"`` links, elements marked as bylines (``itemprop``/``class`` author or byline),
  without "Par"/"By" and never the publisher itself;
- dates: JSON-LD ``datePublished``/``dateModified`` and ``article:published_time``/
  ``modified_time``.
Nothing is guessed: a field the markup does not give stays None.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from etl.pages.lines import normalise
from etl.text.dates import find_dates

_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|/|»|‹|›)\s+")
_BY = re.compile(r"^(?:par|by|de|written by|écrit par|auteur|author)\s*:?\s+", re.IGNORECASE)
_WEB_ADDRESS = re.compile(r"www\.|https?://|\.(?:com|org|net|fr)\b", re.IGNORECASE)
DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.IGNORECASE)
_ARTICLE_TYPES = re.compile(r"(?:Article|BlogPosting|Report|NewsArticle|WebPage|LiveBlogPosting)$")
_NAME = re.compile(r"^[^\W\d_][^*@/:|<>]{1,80}$")
_AUTHOR_WORDS = frozenset({"author", "byline", "auteur", "signature", "contributor"})
_LABELLED_AUTHOR = re.compile(
    r"^(?:auteure?|author|écrit par|rédigé par|written by)\s*:\s*(?P<name>.+)$", re.IGNORECASE
)


@dataclass(frozen=True)
class HtmlMeta:
    """The page's own declarations (None where it declares nothing)."""

    headline: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    published_on: date | None = None
    updated_on: date | None = None


def _text(node: Any) -> str:
    return normalise(" ".join(node.itertext()))


def _key(text: str | None) -> str:
    return re.sub(r"\W+", " ", (text or "").casefold()).strip()


def _iso(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _json_ld(tree: Any) -> Iterator[dict]:
    """Every JSON-LD object of the page, graphs and lists flattened."""
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text_content() or "null")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def _names(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            yield name
    elif isinstance(value, list):
        for item in value:
            yield from _names(item)


def _typed(value: Any, kind: str) -> bool:
    types = (value.get("@type") or value.get("type")) if isinstance(value, dict) else None
    return kind in (types if isinstance(types, list) else [types])


def _resolved(value: Any, ids: dict[str, dict]) -> Any:
    """A JSON-LD reference (``{"@id": …}``) replaced by the object of the page that it names."""
    if isinstance(value, list):
        return [_resolved(v, ids) for v in value]
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        return ids.get(value["@id"], value)
    return value


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# elements that are no part of an article's own text: links (teasers), menus, asides, footers, forms
OUTSIDE_ARTICLE = "not(ancestor::form or ancestor::a or ancestor::nav or ancestor::aside or ancestor::footer)"


def class_words(node: Any) -> set[str]:
    """The words of an element's ``class``, ``id`` and ``itemprop`` ("article_author-name" →
    article, author, name)."""
    names = " ".join(str(v) for v in (node.get("class"), node.get("id"), node.get("itemprop")) if v)
    return set(re.split(r"[\s_-]+", names.casefold())) - {""}


def text_lines(tree: Any) -> list[str]:
    """The page's own texts, one per element that holds text directly, outside links, menus,
    asides, footers and forms."""
    out = []
    for node in tree.xpath(f"//body//*[{OUTSIDE_ARTICLE}][not(self::script or self::style)]"):
        text = normalise(node.text or "")
        if text:
            out.append(text)
    return out


def _marked_byline(tree: Any, outlets: list[str | None]) -> list[str]:
    """The first byline the markup marks as one (a class or ``itemprop`` word author, byline,
    signature, contributor), or a text labelled as the author ("Auteur : X", "Written by: X")."""
    for node in tree.xpath(f"//*[{OUTSIDE_ARTICLE}][@itemprop or @class]"):
        if class_words(node) & _AUTHOR_WORDS:
            text = _text(node)
            if text and len(text.split()) <= 8 and people([text], outlets):
                return [text]
    for text in text_lines(tree):
        m = _LABELLED_AUTHOR.match(text)
        if m:
            return [m.group("name")]
    return []


def _is_article(item: dict) -> bool:
    types = item.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and _ARTICLE_TYPES.search(t) for t in types)


def _meta(tree: Any, *names: str) -> str | None:
    for name in names:
        for node in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content'):
            text = normalise(str(node))
            if text:
                return text
    return None


def _site_suffix(title: str | None, headline: str | None) -> str | None:
    """The site name a page's title ends with ("Headline | Site"), when the rest is the headline."""
    if not title:
        return None
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return None
    head, tail = " - ".join(parts[:-1]), parts[-1]
    if headline and not (_key(head).startswith(_key(headline)) or _key(headline).startswith(_key(head))):
        return None
    return tail if 1 <= len(tail.split()) <= 6 else None


def _strip_site(title: str, sites: Iterable[str]) -> str:
    """A page title without the site name appended to it (the name may itself hold a separator)."""
    keys = {_key(s) for s in sites if s}
    parts = _SEPARATORS.split(title)
    for k in range(1, len(parts)):
        tail = " ".join(parts[k:])
        if _key(tail) in keys or DOMAIN.match(tail) or all(_key(p) in keys for p in parts[k:]):
            return " - ".join(parts[:k])
    return title


def _printed(titles: Iterable[str], h1s: list[str]) -> str | None:
    """The part of a page title that its printed ``<h1>`` starts with ("Headline | Section | Site"
    against "Headline" or "Headline Subscribers")."""
    for title in titles:
        parts = _SEPARATORS.split(title)
        for k in range(len(parts), 0, -1):
            head = " - ".join(parts[:k]) if k < len(parts) else title
            if len(head.split()) >= 2 and any(_key(h).startswith(_key(head)) for h in h1s):
                return head if k < len(parts) else next(h for h in h1s if _key(h).startswith(_key(head)))
    return None


def parse_tree(html: str) -> Any | None:
    """The page's lxml tree (None when lxml cannot read it), parsed once for every reader."""
    import lxml.html  # noqa: PLC0415

    try:
        return lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None


def people(names: Iterable[str], outlets: Iterable[str | None] = ()) -> tuple[str, ...]:
    """Author names as bylines give them, without "Par"/"By", in order, once each; never an
    outlet (nor a line that names one: "CBS News February 24"), a date, a form label or an
    address."""
    not_people = {_key(o) for o in outlets if o} - {""}
    out: list[str] = []
    for raw in names:
        name = _BY.sub("", normalise(raw)).strip(" ,;|")
        if not _NAME.match(name) or _WEB_ADDRESS.search(name) or find_dates(name):
            continue
        if any(n in _key(name) for n in not_people) or _key(name) in map(_key, out):
            continue
        out.append(name)
    return tuple(out)


def read_html_meta(html: str | Any) -> HtmlMeta:
    """The headline, publisher, authors and dates the page's markup (text or lxml tree) declares."""
    tree = parse_tree(html) if isinstance(html, str) else html
    if tree is None:
        return HtmlMeta()
    items = list(_json_ld(tree))
    ids = {i["@id"]: i for i in items if isinstance(i.get("@id"), str) and len(i) > 1}
    articles = [item for item in items if _is_article(item)]
    ld_headline = next((normalise(a["headline"]) for a in articles if isinstance(a.get("headline"), str)), None)
    ld_publisher = next(
        (
            normalise(n)
            for a in articles
            for p in _listed(_resolved(a.get("publisher"), ids))
            if not _typed(p, "Person")
            for n in _names(p)
        ),
        None,
    )
    page_title = next((_text(t) for t in tree.xpath("//head/title")), None) or None
    og_title = _meta(tree, "og:title", "twitter:title")
    h1s = [t for t in (_text(h) for h in tree.xpath("//h1")) if len(t.split()) >= 2]

    site = _meta(tree, "og:site_name", "application-name")
    if site and DOMAIN.match(site) and site == site.casefold():
        site = None  # a bare domain; "Boston.com" is a name
    titles = [t for t in (og_title, ld_headline, page_title) if t]
    headline = next((h for h in h1s for t in titles if _key(t).startswith(_key(h))), None) or _printed(titles, h1s)
    if headline is None and titles:
        headline = _strip_site(titles[0], [site or "", ld_publisher or "", _site_suffix(page_title, None) or ""])
    publisher = site or ld_publisher or _site_suffix(page_title, headline)
    # names the page gives to organisations (its publisher, its copyright owner): never an author
    outlets = [publisher, site, ld_publisher, _meta(tree, "publisher"), _meta(tree, "copyright")]
    outlets += [n for i in items if _typed(i, "Organization") for n in _names(i)]

    main = next((a for a in articles if _key(str(a.get("headline", ""))) == _key(headline)), None)
    declared = _listed(_resolved((main or (articles[0] if articles else {})).get("author"), ids))
    # the article's structured authors first; the page's meta tags only when it declares none
    authors = [n for x in declared if x and not _typed(x, "Organization") for n in _names(x)]
    for name in ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author"):
        value = _meta(tree, name)
        if value and not value.startswith("http") and not people(authors, outlets):
            authors.append(value)
    if not people(authors, outlets):
        authors = [_text(a) for a in tree.xpath('//a[@rel="author"]')][:1]
    if not people(authors, outlets):
        authors = _marked_byline(tree, outlets)
    cleaned = people(authors, outlets)

    published = next((d for a in articles if (d := _iso(a.get("datePublished")))), None)
    published = published or _iso(_meta(tree, "article:published_time", "datePublished"))
    updated = next((d for a in articles if (d := _iso(a.get("dateModified")))), None)
    updated = updated or _iso(_meta(tree, "article:modified_time", "dateModified"))
    return HtmlMeta(headline or None, publisher, cleaned, published, updated)
