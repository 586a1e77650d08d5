"""Events stated in an article: what happened, when, where and who, one record per event.

A trigger word (``etl/data/event_triggers.tsv``) in a sentence states an event; the sentence's
entities are its parties and the place after a locative preposition its location. Mentions of
the same event in the article are gathered: a definite mention ("la rencontre", "ce sommet") or
one without parties refers back to the latest compatible event; an event announced as new
("prochaine rencontre", "nouvelle rencontre", "un mini-sommet") stays apart. Sentences in the
conditional or hypothetical mood start no event unless they give a time. A photo caption that
names the event's parties and gives a full date dates the event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from etl.nlp.event_vocab import GROUPS, LABELS, NEEDS_TIME, SPECIFICITY, demonyms, triggers
from etl.nlp.gazetteer import default_gazetteer
from etl.nlp.places import place_links
from etl.nlp.sentences import split_sentences
from etl.nlp.timeexpr import TimeExpr, find_time
from etl.records import Caption, EntityRef, EventMention, Mention, Quote
from etl.text.normalize import starts_word

_ANAPHORIC = re.compile(
    r"(?:\b(?:le|la|les|l['’]|ce|cet|cette|ces|du|au|aux|leur|leurs|sa|son|ses|the|this|that)\s*)$", re.IGNORECASE
)
_NEW = re.compile(
    r"(?:\b(?:prochaine?|nouvel(?:le)?|autre|future?|second(?:e)?|deuxième|next|new|another)\s+"
    r"(?:\w+\s+)?)$",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:pourrai(?:t|ent)|serai(?:t|ent)|représenterai(?:t|ent)|si|éventuel\w*|voire|"
    r"objectif|hypoth\w+|perspective|probabilité|could|would|might|if|possible)\b",
    re.IGNORECASE,
)
_PROPOSED = re.compile(r"\b(?:sugg[ée]r\w*|propos\w*|invit\w*|suggest\w*|propos\w*)\b", re.IGNORECASE)
_EXPECTED = re.compile(
    r"\b(?:perspective|probabilité|attendu\w*|pourrai(?:t|ent)|serai(?:t|ent)|représenterai\w*|"
    r"expected|likely)\b",
    re.IGNORECASE,
)
_ANNOUNCED = re.compile(r"\b(?:annonc\w+\s+(?:son|sa|leur)\s+intention|a\s+annoncé|announced)\b", re.IGNORECASE)
_SCHEDULED = re.compile(
    r"\b(?:\w+(?:eront|era|iront|ira)|doi(?:t|vent)|devrai(?:t|ent)|prévu\w*|prévoi\w*|va|vont|"
    r"will|is\s+due|scheduled|planned|expire|expirera)\b",
    re.IGNORECASE,
)
_GENERIC_NOUNS = {"rencontre", "réunion", "sommet", "visite", "appel", "entretien", "meeting", "summit", "visit"}
_BARE_DE = re.compile(r"\b(?:de|d['’])\s*$", re.IGNORECASE)
_OF_PLACE = re.compile(
    r"(?:sommet|rencontre|réunion|visite|summit|meeting)s?\s+(?:de|d['’]|du|in|of)\s*$", re.IGNORECASE
)
_LOCATIVE = re.compile(
    r"(?:\b(?:à|au|aux|en|sur|dans|in|at|on)\s+(?:la\s+|le\s+|l['’]|les\s+|the\s+)?)$", re.IGNORECASE
)


@dataclass
class _Cluster:
    etype: str
    status: str
    start: int
    end: int
    participants: dict[str, EntityRef] = field(default_factory=dict)
    things: list[str] = field(default_factory=list)
    location: EntityRef | None = None
    time: TimeExpr | None = None
    date: date | None = None


def _group(etype: str) -> str:
    return GROUPS.get(etype, etype)


def _status_compatible(a: str, b: str) -> bool:
    future = {"proposed", "expected"}
    return (a in future) == (b in future)


def _status(sentence: str, new: bool) -> str:
    if new and _PROPOSED.search(sentence):
        return "proposed"
    if new or _EXPECTED.search(sentence):
        return "expected"
    if _ANNOUNCED.search(sentence):
        return "announced"
    if _SCHEDULED.search(sentence):
        return "scheduled"
    return "occurred"


class _Places:
    """In-article place hierarchy."""

    def __init__(self, links: list[tuple[EntityRef, EntityRef]]) -> None:
        self.parent = {child.name: parent.name for child, parent in links}

    def ancestors(self, name: str) -> list[str]:
        out, seen = [], {name}
        while name in self.parent and self.parent[name] not in seen:
            name = self.parent[name]
            seen.add(name)
            out.append(name)
        return out

    def compatible(self, a: EntityRef | None, b: EntityRef | None) -> bool:
        if a is None or b is None or a.name == b.name:
            return True
        return b.name in self.ancestors(a.name) or a.name in self.ancestors(b.name)

    def most_specific(self, a: EntityRef | None, b: EntityRef | None) -> EntityRef | None:
        """The narrower of two places: a known inclusion, else a place over a whole country."""
        if a is None or b is None:
            return a or b
        if a.name in self.ancestors(b.name):
            return b
        if b.name in self.ancestors(a.name):
            return a
        return b if _is_broad(a) and not _is_broad(b) else a

    def linked(self, name: str) -> bool:
        return name in self.parent or name in self.parent.values()


def _is_broad(place: EntityRef) -> bool:
    entry = default_gazetteer().lookup(place.name)
    return entry is not None and entry.scope in ("country", "region")


def extract_events(
    body: str,
    mentions: list[Mention],
    quotes: list[Quote],
    captions: tuple[Caption, ...] = (),
    published_on: date | None = None,
    language: str = "fr",
) -> tuple[list[EventMention], list[tuple[EntityRef, EntityRef]]]:
    """Events of the article and the place inclusions it states."""
    quoted = [(q.start, q.end) for q in quotes]
    links = place_links(body, mentions)
    places = _Places(links)
    clusters: list[_Cluster] = []
    for s, e in split_sentences(body, quoted):
        sentence = body[s:e]
        found = _triggers_in(sentence, s, quoted)
        if not found:
            continue
        ents = [m for m in mentions if s <= m.start < e and not any(a <= m.start < b for a, b in quoted)]
        location = _location(body, ents, places)
        parties = {
            m.entity.name: m.entity
            for m in ents
            if m.entity.type in ("PERSON", "ORG", "LOC") and not _is_place(body, m, places)
        }
        things = sorted({m.entity.name for m in ents if m.entity.type == "MISC"})
        demonym_parties = {} if parties else {c: EntityRef(c, "LOC") for p, c in demonyms() if p.search(sentence)}
        times = find_time(sentence)
        own_words = _without_quotes(body, s, e, quoted)
        hypothetical = bool(_HYPOTHETICAL.search(own_words))
        has_quote = any(s <= a < e for a, _ in quoted)
        for etype, pos, word in _fold(found):
            parties = _clause_parties(body, s, e, pos, ents, places)
            prefix = body[max(s, pos - 30) : pos]
            if _BARE_DE.search(prefix) and word.casefold().rstrip("s") in _GENERIC_NOUNS:
                continue  # "lieu de rencontre": a generic noun, not an event
            if etype == "statement" and has_quote:
                continue  # a statement that is quoted is a quote, not an event
            new = bool(_NEW.search(prefix)) or body[pos : pos + 5].casefold() == "mini-"
            anaphoric = bool(_ANAPHORIC.search(prefix)) and not new
            status = _status(sentence, new)
            time = _nearest_time(times, pos - s)
            if new and not parties:  # "leur prochaine rencontre": the same parties meet again
                previous = [c for c in clusters if _group(c.etype) == _group(etype)]
                parties = dict(previous[-1].participants) if previous else {}
            target = _attach(clusters, etype, status, parties, location, anaphoric, new, places)
            if target is None:
                if not (parties or demonym_parties) or (hypothetical and time is None):
                    continue
                if etype in NEEDS_TIME and time is None:
                    continue  # "en menant des frappes": an ongoing state, not a dated event
                target = _Cluster(etype, status, s, e)
                target.participants.update(demonym_parties)
                target.participants.update(parties)
                clusters.append(target)
            if SPECIFICITY.get(etype, 0) > SPECIFICITY.get(target.etype, 0):
                target.etype = etype
            if not anaphoric:  # "ce sommet" in a sentence about something else adds no parties
                target.participants.update(parties)
            target.things.extend(t for t in things if t not in target.things)
            target.location = places.most_specific(target.location, location)
            if time is not None and (target.time is None or (target.time.kind == "vague" and time.kind != "vague")):
                target.time = time
    _date_from_captions(clusters, captions, body, mentions)
    out = [_record(c, published_on, language) for c in clusters]
    return out, links


_CLAUSE_BREAK = re.compile(r"[,;:()«»“”—]|''")


def _clause_parties(body: str, s: int, e: int, pos: int, ents: list[Mention], places: _Places) -> dict[str, EntityRef]:
    """The parties of the event a trigger at ``pos`` states: entities of its clause (and a short
    apposition after it); with no person there, the parties of the whole sentence."""
    cuts = [s] + [s + m.start() for m in _CLAUSE_BREAK.finditer(body[s:e])] + [e]
    start = max(c for c in cuts if c <= pos)
    end = min(c for c in cuts if c > pos)
    nxt = [c for c in cuts if c > end]
    if nxt and body[end] == ",":
        tail = [m for m in ents if end < m.start < nxt[0]]
        if tail and tail[0].entity.type == "PERSON" and len(body[end + 1 : nxt[0]].split()) <= 4:
            end = nxt[0]  # "… avec le président américain, Donald Trump."
    parties = {
        m.entity.name: m.entity
        for m in ents
        if start <= m.start < end and m.entity.type in ("PERSON", "ORG", "LOC") and not _is_place(body, m, places)
    }
    if not any(p.type == "PERSON" for p in parties.values()):
        parties = {
            m.entity.name: m.entity
            for m in ents
            if m.entity.type in ("PERSON", "ORG", "LOC") and not _is_place(body, m, places)
        }
    return parties


def _triggers_in(sentence: str, offset: int, quoted: list[tuple[int, int]]) -> list[tuple[str, int, str]]:
    hits: list[tuple[str, int, int]] = []
    lowered = sentence.lower()
    if len(lowered) != len(sentence):  # a letter whose lower case is longer ("İ"): offsets would move
        lowered = sentence
    for etype, pattern in triggers():
        for m in pattern.finditer(lowered):
            if not starts_word(sentence, m.start()):
                continue
            pos = offset + m.start()
            if any(a <= pos < b for a, b in quoted):
                continue
            if any(m.start() < he and hs < m.end() for _, hs, he in hits):
                continue
            hits.append((etype, m.start(), m.end()))
    return sorted(((t, offset + hs, sentence[hs:he]) for t, hs, he in hits), key=lambda x: x[1])


def _fold(found: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """A trip made for a meeting is part of the meeting ("se rendre aux États-Unis pour une
    rencontre"); an announcement of an event is that event, announced."""
    if any(_group(t) == "gathering" for t, _, _ in found):
        found = [f for f in found if f[0] != "visit"]
    if len({t for t, _, _ in found} - {"announcement"}) >= 1:
        found = [f for f in found if f[0] != "announcement"]
    return found


def _nearest_time(times: list[TimeExpr], pos: int) -> TimeExpr | None:
    if not times:
        return None
    return min(times, key=lambda t: abs(t.start - pos))


def _is_place(body: str, m: Mention, places: _Places) -> bool:
    """A place named as where things happen: after a locative preposition ("en Alaska"), in a
    stated inclusion ("Elmendorf-Richardson, en Alaska"), or right after an event noun ("le
    sommet d'Alaska")."""
    if m.entity.type != "LOC":
        return False
    before = body[max(0, m.start - 40) : m.start]
    return bool(_LOCATIVE.search(before[-12:]) or places.linked(m.entity.name) or _OF_PLACE.search(before))


def _location(body: str, ents: list[Mention], places: _Places) -> EntityRef | None:
    best = None
    for m in ents:
        if _is_place(body, m, places):
            best = places.most_specific(best, m.entity)
    return best


def _attach(
    clusters: list[_Cluster],
    etype: str,
    status: str,
    parties: dict,
    location: EntityRef | None,
    anaphoric: bool,
    new: bool,
    places: _Places,
) -> _Cluster | None:
    for c in reversed(clusters):
        if _group(c.etype) != _group(etype) or not _status_compatible(c.status, status):
            continue
        if new and c.status not in ("proposed", "expected"):
            continue
        if anaphoric:
            return c  # "la rencontre", "ce sommet": the event already spoken of
        if not places.compatible(c.location, location) and not (_is_broad_ref(c.location) or _is_broad_ref(location)):
            continue
        if not parties:
            return c
        mine, theirs = set(parties), set(c.participants)
        if (mine <= theirs or theirs <= mine) and mine & theirs:
            return c
    return None


def _without_quotes(body: str, s: int, e: int, quoted: list[tuple[int, int]]) -> str:
    """The sentence's own words: quotations blanked out."""
    chars = list(body[s:e])
    for a, b in quoted:
        for i in range(max(a, s), min(b, e)):
            chars[i - s] = " "
    return "".join(chars)


def _is_broad_ref(place: EntityRef | None) -> bool:
    return place is not None and _is_broad(place)


def _date_from_captions(
    clusters: list[_Cluster], captions: tuple[Caption, ...], body: str, mentions: list[Mention]
) -> None:
    """A caption naming two of an event's parties (or one and its place) with a full date dates it."""
    from etl.text.dates import find_dates  # noqa: PLC0415

    for caption in captions:
        dates = [d for d in find_dates(caption.text) if d.year]
        if not dates:
            continue
        text = caption.text.casefold()
        for c in clusters:
            if c.date or (c.time and c.time.kind == "absolute"):
                continue
            hits = {m.entity.name for m in mentions if m.entity.name in c.participants and m.surface.casefold() in text}
            place = c.location is not None and c.location.name.casefold() in text
            if len(hits) >= 2 or (hits and place):
                c.date = dates[0].to_date()
                break  # a caption illustrates one event


def _record(c: _Cluster, published_on: date | None, language: str) -> EventMention:
    names = [*c.things, *(p.name for p in c.participants.values())][:4]
    label = LABELS.get(language, LABELS["en"]).get(c.etype, c.etype)
    title = f"{label} : {', '.join(names)}" if names else label
    if c.location is not None:
        title += f" ({c.location.name})"
    event_date = c.date
    if event_date is None and c.time is not None:
        event_date = (
            c.time.resolve(published_on, published_on.year if published_on else None)
            if c.time.kind != "day_month" or published_on
            else None
        )
    return EventMention(
        event_type=c.etype,
        title=title,
        start=c.start,
        end=c.end,
        event_date=event_date,
        date_text=c.time.text if c.time else None,
        status=c.status,
        location=c.location,
        participants=tuple(c.participants.values()),
        date_expr=c.time.as_json() if c.time else None,
    )
