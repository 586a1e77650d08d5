"""Byline, publisher and dates of a page, from the zones the cleaner set apart.

Rules, in order of trust:
- author: a byline in the header ("Par X", "By X", "Photo du rédacteur: X"), an agency dateline
  ("PARIS (AFP) -"), a signature after the last paragraph that looks like a person's name;
- publisher: a welcome line ("Bienvenue sur X", "Welcome to X"), an institutional signature
  ("Département presse … de l'X"), a copyright owner that the page names elsewhere too (a web
  designer or a bare © line is not the publisher);
- dates: labelled or lone dates in the header and trailer only (never in captions or related
  blocks); "Dernière mise à jour", "Mis à jour", "Updated" give ``updated_on``; a date without a
  year takes one only from the page (another full date, else the year the article mentions
  most); no date is ever invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from etl.pages import DATA_DIR
from etl.pages.block_model import furniture_pattern
from etl.pages.clean import PageParts
from etl.pages.lines import SOCIAL_NETWORKS, Line, normalise, undoubled
from etl.text.dates import DateMention, dominant_year, find_dates

_UPDATED = re.compile(
    r"(?:derni[eè]re\s+)?mise?\s+à\s+jour|mis\s+à\s+jour|actualis[ée]|modifi[ée]|"
    r"(?<![a-z])updated?\b|last\s+modified|revised",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(r"publi[ée]|mise?\s+en\s+ligne|\bposted\b|\bpublished\b|\bdate\s*:|^date\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
_WELCOME = re.compile(
    r"^(?:bienvenue\s+(?:sur|chez|à|dans)|welcome\s+to)\s+(?:le\s+site\s+(?:de\s+)?|the\s+)?"
    r"(?P<name>[^!.?,;:]{2,60}?)\s*[!.?]*$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^(?:le\s+|la\s+|the\s+)?(?:département|service|direction|cellule|bureau|pôle|équipe|rédaction|"
    r"press office|communications? (?:office|department)|media (?:office|team))\b[^.!?]{0,60}?"
    r"\s(?:de\s+l['’]|du\s+|de\s+la\s+|des\s+|d['’]|of\s+(?:the\s+)?)(?P<name>[^\s.!?][^.!?]{1,50}?)\s*\.?$",
    re.IGNORECASE,
)
_COPYRIGHT_OWNER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,]*(?P<name>[^|]{2,80})", re.IGNORECASE
)
_DESIGNER = re.compile(
    r"conception|design|réalisation|powered by|propulsé|développé|made by|site par|webmaster", re.IGNORECASE
)
_BYLINE_CUT = re.compile(
    r"\s+(?:[|•·—–-]|publié|published|posted|mis à jour|updated)\s+.*$|\s*[|•·]\s*.*$|,\s.*$", re.IGNORECASE
)
_DATE_LEAD = re.compile(r"\s+(?:le|on|the|du|am)\s*$", re.IGNORECASE)
_TRAILING_BY = re.compile(r"(?:^|\s)(?:by|par)\s+(?P<name>[A-ZÀ-Þ][^|•·,;]{1,60}?)\s*$")
_OUTLET = re.compile(
    r"^(?P<name>[^,.!?]{2,50}?)(?:,\s+the\s+news\s+and\s+media\s+division\s+of|\s+is\s+(?:part\s+of|"
    r"a\s+(?:publication|brand|title)\s+of|an?\s+(?:independent|local|national|regional|daily|weekly)\b)|"
    r"\s+est\s+(?:une\s+publication|un\s+titre|une\s+marque|un\s+média|un\s+journal)\b)",
    re.IGNORECASE,
)
_EXPLICIT_LABEL = re.compile(
    r"^(?:photo du rédacteur|auteur|author|written by|rédigé par|écrit par|publié par|"
    r"posted by|signé)\b",
    re.IGNORECASE,
)
_PERSON_SHAPE = re.compile(r"^[A-ZÀ-Þ][\w’'-]+(?:\s+(?:de|da|van|von|del|le|la|ben|al|[A-ZÀ-Þ][\w’'.-]*)){1,3}$")


_SEPARATED = re.compile(r"\s+[|•·—–-]\s+")
# site furniture that names the site: "Suivre X sur Twitter", "Follow X on Instagram",
# "S'abonner à la page Facebook de X", "Flux RSS de X", "X logo", "Logo X"
_NETWORKS = f"(?:{SOCIAL_NETWORKS}|x)"  # "Suivre X sur X"
_BRANDED = (
    re.compile(rf"^(?:suivre|suivez|follow|like)\s+(?P<name>.+?)\s+(?:sur|on)\s+{_NETWORKS}\b", re.IGNORECASE),
    re.compile(
        rf"^(?:s['’]abonner\s+(?:à\s+la\s+|au\s+|aux\s+)?)?(?:page\s+{_NETWORKS}|compte\s+{_NETWORKS}|"
        r"chaîne\s+youtube|flux\s+rss)\s+(?:de\s+|d['’]\s*)(?P<name>.+)$",
        re.IGNORECASE,
    ),
)
_LOGO = re.compile(r"^(?P<name>.+?)\s+logo$|^logo\s+(?P<name2>.+)$", re.IGNORECASE)
_FURNITURE_NAMES = frozenset({"footer", "header", "site", "main", "menu", "mobile", "our", "nos", "notre"})
_BRAND_WORDS = 3  # a logo's text is the site's name when short ("Le Grand Continent logo")
# a company that owns titles ("MediaNews Group", "National World Publishing Ltd"), not the title
_COMPANY = re.compile(
    r"\b(?:group|groupe|ltd|limited|inc|llc|plc|gmbh|s\.?a\.?s?|partners|holdings?|network|"
    r"publishing|publications|média|media\s+group|corporation|corp|company)\.?$",
    re.IGNORECASE,
)


SIGNATURE_LINES = 2  # lines right under the article where a bare name is its signature


@dataclass(frozen=True)
class Metadata:
    """What the page says about itself."""

    author: str | None = None
    publisher: str | None = None
    published_on: date | None = None
    updated_on: date | None = None


@lru_cache(maxsize=1)
def agencies() -> dict[str, str]:
    """Agency names by case-folded key."""
    names = [
        ln.strip()
        for ln in (DATA_DIR / "agencies.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    return {n.casefold(): n for n in names}


def _agency_pattern() -> re.Pattern:
    alts = "|".join(re.escape(a) for a in sorted(agencies().values(), key=len, reverse=True))
    return re.compile(rf"^(?:[A-ZÀ-Þ][\w’' .-]{{1,40}},?\s+)?(?:[^()]{{0,40}}\s)?\((?P<agency>{alts})\)\s*[-–—:]")


def extract_metadata(parts: PageParts) -> Metadata:
    """Author, publisher and dates of a page split by :func:`etl.pages.clean.clean_dump`."""
    author, publisher = _author(parts), _publisher(parts)
    if author and publisher and author.casefold().endswith(" " + publisher.casefold()):
        author = author[: -len(publisher)].strip(" ,|-–—") or None  # "By Jane Doe Fox News"
    return Metadata(author=author, publisher=publisher, **_dates(parts))


# ---------------------------------------------------------------- author
def _clean_name(name: str) -> str:
    """The name part of a byline: no date, time, role or separator after it."""
    name = normalise(name)
    dates = find_dates(name)
    if dates:
        name = _DATE_LEAD.sub("", name[: dates[0].start])
    name = _BYLINE_CUT.sub("", name)
    return name.strip(" :,;|-–—")


_WIDGET = re.compile(
    r"\b(?:button|bouton|icon|icône|logo|menu|share|partager|print|imprimer|tweet|e-?mail|embed)\b", re.IGNORECASE
)


def _valid_author(name: str, explicit: bool) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 8 or find_dates(name) or not re.search(r"[^\W\d_]", name):
        return False
    if _WIDGET.search(name) or furniture_pattern().search(name):
        return False  # "Share Button", "Newsletter": a widget's label
    return explicit or words[0][:1].isupper()


def _author(parts: PageParts) -> str | None:
    for text in parts.header:
        ln = Line(0, text, text)
        if ln.byline:
            name = _clean_name(ln.byline)
            if _valid_author(name, bool(_EXPLICIT_LABEL.match(text))):
                return name
    for text in parts.header:  # "Posted on March 3, 2024 by Margaret Ellis"
        m = _TRAILING_BY.search(normalise(text))
        if m and find_dates(text) and _valid_author(m.group("name").strip(), False):
            return m.group("name").strip()
    header = [undoubled(normalise(t)) for t in parts.header]
    for i, text in enumerate(header):
        nxt = header[i + 1] if i + 1 < len(header) else ""
        if text.casefold() in ("by", "par") and _PERSON_SHAPE.match(nxt):
            return nxt  # "By" and the name on two lines
        head = _SEPARATED.split(text, maxsplit=1)[0].strip()
        # a name beside its date ("Marie Merlet | 9 décembre 2019") or right above it
        if _PERSON_SHAPE.match(head) and not text.isupper() and (find_dates(text[len(head) :]) or find_dates(nxt)):
            return head
    if parts.body_lines:
        m = _agency_pattern().match(parts.body_lines[0]) or _agency_pattern().match(
            parts.body_lines[min(1, len(parts.body_lines) - 1)]
        )
        if m:
            return agencies()[m.group("agency").casefold()]
    for k, text in enumerate(parts.trailer):
        ln = Line(0, text, text)
        if ln.byline:
            name = _clean_name(ln.byline)
            if _valid_author(name, bool(_EXPLICIT_LABEL.match(text))):
                return name
        # a bare name signs the article only right under its last paragraph (further down, a
        # name-shaped line is a menu entry, a section or a teaser)
        if (
            k < SIGNATURE_LINES
            and _PERSON_SHAPE.match(text.strip())
            and not _SIGNATURE.match(text)
            and not text.isupper()
            and _valid_author(text.strip(), False)
        ):
            return text.strip()
    return None


# ---------------------------------------------------------------- publisher
def _publisher(parts: PageParts) -> str | None:
    """The outlet: a welcome line, an outlet statement or an institutional signature; else the
    owner a copyright line names or the page's masthead (its first lines), whichever the page
    names most inside its other lines ("Suivre Regards sur Twitter": a brand is named around
    the page, a menu entry only stands alone); else the copyright owner."""
    around = (*parts.header, *parts.trailer, *parts.footer)
    for pattern in (_WELCOME, _OUTLET, _SIGNATURE):
        for text in around:
            m = pattern.match(normalise(text))
            if m:
                return m.group("name").strip()
    outside = [normalise(t) for t in (*parts.masthead, *parts.header, *parts.dropped, *parts.trailer, *parts.footer)]
    folded = [_fold(t) for t in outside]

    def evidence(name: str) -> int:
        key = _fold(name)
        return sum(1 for t in folded if key in t and t != key)

    branded = _branded(outside, [normalise(t) for t in parts.above])
    if branded:
        return branded
    owners = [n for n in (_copyright_owner(t) for t in reversed(outside)) if n and not _COMPANY.search(n)]
    names = [normalise(t) for t in parts.masthead[:2]]
    names = [n for n in names if 1 <= len(n.split()) <= 5 and not find_dates(n) and n[:1].isupper()]
    names = [n for n in names if not (Line(0, n, n).is_furniture or furniture_pattern().search(n))]
    scored = sorted(((evidence(n), -i, n) for i, n in enumerate(owners + names)), reverse=True)
    if scored and scored[0][0] >= 2:
        return scored[0][2]
    return owners[0] if owners else None


def _branded(outside: list[str], above: list[str]) -> str | None:
    """The site's name as its own furniture gives it: a follow link or a feed around the article,
    a logo's text above it, or a logo below it whose name the page also prints elsewhere (a
    partner's badge is named once); the name given most, the first of them on a tie; never a name
    made of furniture words."""
    found: list[str] = []
    above_keys = set(map(_fold, above))
    folded = [_fold(t) for t in outside]
    for text in [*outside, *above]:
        plain = re.sub(r"\s*\([^)]*\)\s*$", "", text.lstrip("•·*- ")).strip()
        for pattern in (*_BRANDED, _LOGO):
            m = pattern.search(plain)
            name = (m.group("name") or m.groupdict().get("name2") or "") if m else ""
            name = name.strip(" .:")
            if not name or len(name.split()) > (_BRAND_WORDS if pattern is _LOGO else 6) or find_dates(name):
                continue
            words = name.casefold().split()
            if _COMPANY.search(name) or furniture_pattern().search(name) or _FURNITURE_NAMES.intersection(words):
                continue
            key = _fold(name)
            if (
                pattern is _LOGO
                and _fold(text) not in above_keys
                and not any(key in t and "logo" not in t for t in folded)
            ):
                continue
            found.append(name.title() if name == name.casefold() else name)
    if not found:
        return None
    counts = {k: sum(1 for n in found if _fold(n) == k) for k in map(_fold, found)}
    return max(found, key=lambda n: (counts[_fold(n)], -found.index(n)))


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold().replace("’", "'")).strip()


def _copyright_owner(text: str) -> str | None:
    """The owner a copyright line names ("© 2023 ABC News. All rights reserved." → ABC News),
    never a web designer or a software."""
    m = _COPYRIGHT_OWNER.search(text)
    if not m:
        return None
    cut = r"\s+(?:tous droits|all rights|powered by|propulsé|développé|developed)|\s[-–—|]\s|[.,|]\s"
    name = re.split(cut, m.group("name"), flags=re.IGNORECASE)[0]
    if _DESIGNER.search(text[: m.start("name") + len(name)]):
        return None
    name = re.sub(r"[\s\-–—,]*(?:19|20)\d\d\s*$", "", name).strip(" -–—,")
    words = name.split()
    return name if 1 <= len(words) <= 5 and words[0][:1].isalnum() else None


# ---------------------------------------------------------------- dates
def _labelled(
    lines: tuple[str, ...], strict: bool = False, labels_only: bool = False
) -> tuple[list[DateMention], list[DateMention]]:
    """(publication, update) date mentions from metadata lines. ``strict`` (under the article,
    where teasers and comments carry dates too) keeps only a date a label introduces, on its
    line or alone on the line above ("Mise en ligne" / "23 mai 2019"), or a date printed alone,
    with its year; ``labels_only``, only the dates a label introduces."""
    published: list[tuple[int, int, int, DateMention]] = []
    updated: list[DateMention] = []
    for order, text in enumerate(lines):
        dateline = Line(0, text, text).is_date_line
        above = lines[order - 1] if order else ""
        label_above = bool(_PUBLISHED.search(above)) and not find_dates(above) and len(above.split()) <= 4
        for d in find_dates(text):
            before = text[: d.start]
            if label_above and not before.strip():
                before = f"{above} {before}"
            # the label nearest before the date decides (a line may hold both)
            up = [m.end() for m in _UPDATED.finditer(before)]
            pub = [m.end() for m in _PUBLISHED.finditer(before)]
            if up and (not pub or up[-1] > pub[-1]):
                updated.append(d)
            elif (labels_only and not pub) or (
                strict and (d.year is None or (not pub and _WORD.search(text.replace(d.text, " "))))
            ):
                continue
            else:
                # a labelled date first, then a dateline's, then a date inside other words (a
                # kicker's or a headline's "mardi 10 septembre" names what the article is about);
                # among those, a full date before one without its year
                published.append((0 if pub else 1 if dateline else 2, d.year is None, order, d))
    return [x[-1] for x in sorted(published, key=lambda x: x[:3])], updated


def labelled_publication(lines: list[str]) -> date | None:
    """The full date a publication label gives ("Publié le 3 mai 2019", "Mise en ligne" above
    "23 mai 2019"), the first one in reading order; None when no line labels one."""
    published, _ = _labelled(tuple(lines), strict=True, labels_only=True)
    return published[0].to_date() if published else None


def _dates(parts: PageParts) -> dict[str, date | None]:
    pub, upd = _labelled(parts.header)
    # under the article, a date without a label is a teaser's or a comment's
    t_pub, t_upd = _labelled(parts.trailer, strict=True)
    pub = pub or t_pub
    upd = upd or t_upd
    if not pub and parts.body_lines:
        m = _agency_pattern().match(parts.body_lines[0])
        if m:
            pub = list(find_dates(parts.body_lines[0][: m.end()]))
    full_years = [d.year for d in (*pub, *upd) if d.year is not None]
    fallback = full_years[0] if full_years else dominant_year("\n".join((parts.title or "", *parts.body_lines)))
    published = next((d.to_date(fallback) for d in pub if d.to_date(fallback)), None)
    updated = next((d.to_date(fallback) for d in upd if d.to_date(fallback)), None)
    if published and updated and updated < published:
        updated = None  # an update before publication means the year guess was wrong: keep nothing
    return {"published_on": published, "updated_on": updated}
