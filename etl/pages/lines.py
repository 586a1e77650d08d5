"""Line-level signals for page dumps: furniture, captions, bylines, dates, prose, headlines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from etl.pages import DATA_DIR
from etl.pages.decode import INVISIBLE
from etl.text.dates import find_dates
from etl.text.vocab import load_lines

BULLETS = "•·▪●◦‣∙*–-"
_BULLET = re.compile(r"^\s*[•·▪●◦‣∙*]+\s*|^\s*[–-]\s+")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_LETTER = re.compile(r"[^\W\d_]")
_IMAGE_NAME = re.compile(r"^[\w.,()\-\s]*\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:\?\S*)?$", re.IGNORECASE)
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+\.(?:com|fr|org|net|be|ch|ca|uk|io)(?:/\S*)?$", re.IGNORECASE)
_BREADCRUMB = re.compile(r"(?:\s[›»>/|]\s.*){2,}")
_READING_TIME = re.compile(
    r"^(?:temps de lecture\s*:?\s*)?\d+\s*(?:min(?:ute)?s?|mn)\.?(?:\s+(?:de\s+lecture|read|reading|lecture))?$"
    r"|^(?:lecture|reading time)\s*:?\s*\d+\s*min",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|tous droits réservés|all rights reserved", re.IGNORECASE)
_CAPTION = re.compile(
    r"©|^(?:photo|photos|crédit|crédits|credit|credits|image|illustration|légende|caption)\s*(?:photo\s*)?:"
    r"|\((?:photo|crédit|credit)[^)]*\)\s*$|/\s*(?:AFP|Reuters|AP|EPA|Getty Images|ANSA|dpa)\s*$"
    r"|\b(?:Getty Images|Shutterstock|AFP Photo|REUTERS/)",
    re.IGNORECASE,
)
# the social networks a page's share and follow buttons name
SOCIAL_NETWORKS = "twitter|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky|mastodon"
# a photographer's credit after the caption's sentence: "… press conference. Jane Roe / The Courier"
_PHOTO_CREDIT = re.compile(
    r"[.!?][\"”»]?\s+[A-ZÀ-Þ][\w’'-]+(?:\s+[A-ZÀ-Þ][\w’'.-]+){1,2}\s*/\s*"
    r"(?:The\s+)?[A-ZÀ-Þ][\w’'.&-]*(?:\s+[A-ZÀ-Þ][\w’'.&-]*){0,3}\s*$"
)
_BYLINE = re.compile(
    r"^(?:par|by|written by|écrit par|rédigé par|publié par|posted by|auteur|author|"
    r"photo du rédacteur|signé)\s*:?\s+(?P<name>.+)$",
    re.IGNORECASE,
)
_GLUED_BY = re.compile(r"^(By|Par)(?=[A-ZÀ-Þ][a-zà-ÿ])")  # "ByTal Axelrod": a link glued to its label
_TIME = re.compile(
    r"\b\d{1,2}\s*(?:h|:)\s*\d{2}(?:\s*(?:am|pm|a\.m\.|p\.m\.))?|\b(?:GMT|UTC|CET|CEST|BST|EST|PST)"
    r"(?:\s*[+-]\s*\d{1,2})?",
    re.IGNORECASE,
)
_COUNT = re.compile(r"[(\[]?\b\d+\b[)\]]?")
_COMMENTS_HEADER = re.compile(
    r"^\d+\s+(?:comments?|commentaires?|thoughts?\s+on|responses?\s+to|réponses?|réactions?|replies)\b"
)
_SENTENCE_END = re.compile(r"[.!?…»”\"')\]]\s*$")
_PROSE_END = re.compile(r"(?:[.!…:]|[.!?…]\s*[»”\"')\]]|»|”)\s*$")
_INNER_SENTENCE = re.compile(r"[.!?…]\s+[A-ZÀ-ÖØ-Þ«“\"]")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Stop words of the corpus languages (jusText's lists), for stop-word density."""
    import justext  # noqa: PLC0415

    words: set[str] = set()
    for lang in ("French", "English", "German", "Spanish", "Italian", "Portuguese", "Dutch"):
        words |= {w.casefold() for w in justext.get_stoplist(lang)}
    return frozenset(words)


def normalise(raw: str) -> str:
    """A line without list bullets and invisible characters, white space (NBSP, thin spaces)
    collapsed."""
    return _SPACES.sub(" ", _BULLET.sub("", raw.translate(INVISIBLE))).strip()


def undoubled(text: str) -> str:
    """A line printed twice in one ("Emmanuelle Ducros Emmanuelle Ducros": an icon's label beside
    its link), once; other lines as they are."""
    words = text.split()
    half = len(words) // 2
    return " ".join(words[:half]) if half and len(words) % 2 == 0 and words[:half] == words[half:] else text


def key(text: str) -> str:
    """Comparison key of a line: case-folded, no trailing punctuation."""
    return text.casefold().strip(" .:;,!?|-–—•*").strip()


@dataclass
class Line:
    """One non-blank line of a dump, with the signals the cleaner uses."""

    index: int
    raw: str
    text: str

    @cached_property
    def bulleted(self) -> bool:
        return bool(_BULLET.match(self.raw))

    @cached_property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)

    @cached_property
    def n_words(self) -> int:
        return len(self.words)

    @cached_property
    def stop_density(self) -> float:
        if not self.words:
            return 0.0
        stops = stop_words()
        return sum(1 for w in self.words if w.casefold() in stops) / len(self.words)

    @cached_property
    def key(self) -> str:
        return key(self.text)

    @cached_property
    def ends_sentence(self) -> bool:
        return bool(_SENTENCE_END.search(self.text))

    @cached_property
    def is_prose(self) -> bool:
        """A paragraph of running text (jusText-style: long enough, enough stop words, ended like
        a sentence). Headlines, even long ones, end without a full stop; a question ends a
        paragraph only when the paragraph holds another sentence."""
        if self.stop_density < 0.2 or self.n_words < 8:
            return False
        if self.dates and self.n_words < 30 and len(_WORD.findall(_TIME.sub(" ", self._without_dates))) < 8:
            return False  # a dateline ("Published April 2, 2024, 6:40 p.m.") is no paragraph
        if self.n_words >= 30:
            return True
        if _PROSE_END.search(self.text):
            return self.n_words >= 12 or self.stop_density >= 0.3
        if self.text.rstrip().endswith("?"):
            return bool(_INNER_SENTENCE.search(self.text)) and self.n_words >= 12
        return False

    @cached_property
    def is_teaser_snippet(self) -> bool:
        """A cut-off excerpt ("… le dernier rapport de…"), as related-article blocks show."""
        return self.text.endswith(("…", "...")) and not self.text.endswith(("»…", "”…"))

    @cached_property
    def headline_like(self) -> bool:
        """Short, capitalised, not ended like a sentence: a headline, kicker or intertitle."""
        if not 1 <= self.n_words <= 30 or self.text.endswith((".", ",", ";")):
            return False
        first = self.text.lstrip("«“\"'([")[:1]
        return first.isupper() or first.isdigit()

    @cached_property
    def is_furniture(self) -> bool:
        """Navigation, share bullets, file names, URLs, breadcrumbs, reading times, stray tokens."""
        k = self.key
        if not k or not _LETTER.search(k):
            return True
        if k in load_lines(DATA_DIR, "boilerplate_lines.txt"):
            return True
        if _IMAGE_NAME.match(self.text) or _URL.match(self.text) or _READING_TIME.match(self.text):
            return True
        if _BREADCRUMB.search(self.text) and not self.is_prose:
            return True
        # a lone lower-case token ("ree", "img") is an image placeholder or widget label
        return self.n_words == 1 and len(k) <= 4 and k.islower() and not self.ends_sentence

    @cached_property
    def is_copyright(self) -> bool:
        return bool(_COPYRIGHT.search(self.text)) and self.n_words <= 25

    @cached_property
    def is_caption(self) -> bool:
        """An image caption or photo credit (never article text)."""
        credited = _CAPTION.search(self.text) or _PHOTO_CREDIT.search(self.text)
        return bool(credited) and self.n_words <= 60 and not self.is_copyright

    @cached_property
    def byline(self) -> str | None:
        """The name in a byline line ("Par Jean Dupont", "By Jane Doe", "Photo du rédacteur: X")."""
        m = _BYLINE.match(_GLUED_BY.sub(r"\1 ", self.text))
        if not m or self.n_words > 16 or (self.is_prose and self.ends_sentence):
            return None
        return m.group("name").strip()

    @cached_property
    def dates(self):
        return find_dates(self.text)

    @cached_property
    def _without_dates(self) -> str:
        rest = self.text
        for d in self.dates:
            rest = rest.replace(d.text, " ")
        return rest

    @cached_property
    def is_date_line(self) -> bool:
        """A line that is mostly dates, times and labels ("Publié le 12/03/2024 à 14h05, mis à
        jour le …", "Posted on March 3, 2024 by X")."""
        if not self.dates or self.n_words > 30 or self.is_prose:
            return False
        rest = self.text
        for d in self.dates:
            rest = rest.replace(d.text, " ")
        rest = _TIME.sub(" ", rest)
        return len(_WORD.findall(rest)) <= 10

    @cached_property
    def is_footer_marker(self) -> bool:
        """Comments, newsletter, about-us, tags, footer menus: the article is over."""
        if _COMMENTS_HEADER.match(self.key) and self.n_words <= 40:
            return True
        if self.n_words > 12:
            return False
        k = " ".join(_COUNT.sub(" ", self.key).split())
        markers = load_lines(DATA_DIR, "footer_markers.txt")
        if k in markers:
            return True
        head = re.split(r"\s*:\s*", k, maxsplit=1)[0]
        return ":" in self.text and head in markers

    @cached_property
    def is_paywall(self) -> bool:
        """A paywall or subscription prompt ("Il vous reste 78 % de cet article à lire")."""
        if self.n_words > 30:
            return False
        low = self.text.casefold()
        return any(p in low for p in load_lines(DATA_DIR, "paywall_markers.txt"))

    @cached_property
    def is_related_marker(self) -> bool:
        k = self.key
        if k in load_lines(DATA_DIR, "related_markers.txt"):
            return True
        head = re.split(r"\s*[:|]\s*", k, maxsplit=1)[0]
        return head in load_lines(DATA_DIR, "related_markers.txt") and ":" in self.text


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of a dump, normalised, with their 0-based index in the source."""
    out = []
    for i, raw in enumerate(text.split("\n")):
        norm = normalise(raw)
        if norm:
            out.append(Line(i, raw, norm))
    return out
