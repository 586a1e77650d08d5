"""The cue verb of a quotation and its subject, from the dependency parse of the quote's sentence.

A quotation is reported by a verb in one of four positions, tried in this order:
1. an inserted clause inside the quotation marks (``« A, affirme-t-elle. B »``, ``"A," he said,
   "B"`` when one pair of marks holds both);
2. a verb outside the quotation attached to a word inside it, which is how the parser reads a
   clause after the quote (``« … », glisse X``, ``"…," X said``, ``», peut-on lire dans X``);
3. the verb that governs the quotation: the quote is its clausal complement or object, or sits
   inside them (``X a déclaré : « … »``, ``X said that "…"``, ``X a qualifié … de « … »``), or
   the reporting verb above it (``X said the deal was an example of how "…"``);
4. the verb that is the first word after the quote, however the parser hung it (``», écrit
   l'agence`` read as a separate sentence).
The verb counts when its lemma is a reporting verb (``reporting_lemmas.txt``) or when it has a
reporting clause's shape: right after the quote with its subject inverted after it, or with its
subject between the quote and itself (``'," Haley shot back'``). The source is the verb's subject
(the agent of a passive; the noun a relative ``qui`` stands for; an inverted pronoun before any
other subject; the subject of the verb it depends on for ``peut-on lire``; the place read in,
``dans X``, when the subject is the generic ``on``); a subject written after the verb without
being parsed as one (``glisse Zineb``, ``écrit l'agence``) is the word right after it.

Pure functions over spaCy tokens: which entity the source is stays with the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from etl.nlp import DATA_DIR
from etl.nlp.syntax import parser_for
from etl.text.vocab import load_lines

# the endings of a regular -er verb ({ER} in reporting_verbs.txt): déclare, déclaré, déclarait…
ER_ENDINGS = r"(?:e|es|ent|é|ée|és|ées|er|ait|aient|ant|a|ons|ez|era|erait|eront|èrent)"
_VERBS = ("VERB", "AUX")
_SUBJECTS = ("nsubj", "csubj")
_AGENTS = ("obl:agent", "agent")
_CLAUSES = ("relcl", "acl", "acl:relcl", "advcl", "ccomp", "parataxis", "conj", "cc", "punct")
_NAME_DEPS = ("flat:name", "flat", "compound", "fixed", "flat:foreign")
_INVERTED = {"il", "elle", "ils", "elles", "on"}
_GENERIC = {"on", "ils", "they", "we", "nous", "one", "you", "vous"}
_INCISE_MARKS = {",", "–", "—", "-", "(", ";"}
_READ_IN = {"dans", "sur", "in", "on"}
_RELATIVES = {"qui", "who", "that", "which", "lequel", "laquelle"}
_EXPLETIVES = {"c'", "c’", "ce", "ça", "cela", "it", "this", "that"}


@lru_cache(maxsize=1)
def reporting_lemmas() -> frozenset[str]:
    """Lemmas of reporting verbs, French and English."""
    return load_lines(DATA_DIR, "reporting_lemmas.txt")


@dataclass(frozen=True)
class Cue:
    """A quotation's cue verb and source, as body offsets."""

    verb: str  # the cue as written ("a-t-il ajouté", "said", "peut-on lire")
    lemma: str
    source_start: int  # the source phrase
    source_end: int
    head_start: int  # the source's head word (the name or pronoun itself)
    head_end: int
    pronoun: str | None = None  # the source when it is a personal pronoun
    generic: bool = False  # "on", "they": a source that names no one


_SOURCE_WORDS = {"selon": "selon", "d'après": "d'après", "according": "according to", "pour": "pour"}


def cue_lemma(cue: str, language: str, models: dict[str, str] | None = None, doc=None) -> str | None:
    """The lemma of a cue the patterns found ("a-t-il déclaré" → "déclarer", "told" → "tell",
    "selon" → "selon"): the source word it starts with, else its first reporting verb as the
    language's tagger and lemmatizer read it: in ``doc``, the parse of the cue's sentence when
    there is one (the cue's words looked up there), else in the cue alone; None when neither."""
    words = [raw.casefold().strip(',:;.«»“”"()') for raw in cue.replace("’", "'").split()]
    for word in words:
        if word in _SOURCE_WORDS:
            return _SOURCE_WORDS[word]
    if doc is not None:
        tokens = [t for t in doc if t.lower_.replace("’", "'") in words]
    else:
        nlp = parser_for(language, models)
        if nlp is None:
            return None
        tokens = list(nlp(cue))
    # verbs first; a participle the tagger read as an adjective ("qualifiée") next
    found = [t.lemma_.casefold() for t in tokens if t.pos_ in _VERBS and _is_reporting(t)]
    found += [t.lemma_.casefold() for t in tokens if t.pos_ not in _VERBS and _is_reporting(t)]
    found += [lemma for t in tokens for pattern, lemma in _regular_verbs() if pattern.fullmatch(t.lower_)]
    return found[0] if found else None


@lru_cache(maxsize=1)
def _regular_verbs() -> list[tuple[re.Pattern, str]]:
    """The regular -er reporting verbs of ``reporting_verbs.txt`` ("qualifi{ER}"), each with its
    infinitive: what names the lemma of a form the tagger cannot read on its own."""
    out = []
    for line in load_lines(DATA_DIR, "reporting_verbs.txt"):
        stem = line.removesuffix("{er}")
        if stem != line and re.fullmatch(r"[\w'’]+", stem):
            out.append((re.compile(stem + ER_ENDINGS), stem + "er"))
    return out


def _is_reporting(token) -> bool:
    lemmas = reporting_lemmas()
    return token.lemma_.casefold() in lemmas or token.text.casefold() in lemmas


def _inverted_pronoun(verb) -> Any:
    """The pronoun of ``affirme-t-elle``, ``a-t-il``, ``dit-il`` (tokens right after the verb)."""
    doc = verb.doc
    for t in doc[verb.i + 1 : min(len(doc), verb.i + 4)]:
        word = t.text.casefold().split("-")[-1]
        if word in _INVERTED and t.text.startswith("-"):
            return t
        if word != "t" and t.pos_ not in _VERBS:
            return None
    return None


def _name_after(verb, outside: Callable, tags: tuple[str, ...] = ("PROPN",)) -> Any:
    """A proper name (or a noun, when ``tags`` says so) written right after the verb: an inverted
    subject the parser missed."""
    doc = verb.doc
    j = verb.i + 1
    if j < len(doc) and doc[j].pos_ == "DET":
        j += 1
    if j < len(doc) and doc[j].pos_ in tags and outside(doc[j]):
        return doc[j]
    return None


def _subject(verb, outside: Callable, after_quote: bool = False) -> tuple[Any, bool]:
    """The source token of ``verb`` and whether it stands after the verb (an inversion); a verb
    right after the quote takes the noun after it as its subject when the parser found none
    ("», écrit l'agence", parsed as an object)."""
    for c in verb.children:
        if c.dep_ in _AGENTS or (c.dep_ == "obl" and any(g.lower_ in ("par", "by") for g in c.children)):
            return c, c.i > verb.i
    for c in verb.children:
        if c.dep_ == "agent":  # English: "by" → its object
            objects = [g for g in c.children if g.dep_ == "pobj"]
            if objects:
                return objects[0], True
    pron = _inverted_pronoun(verb)
    if pron is not None:  # "peut-on", "a-t-il": the inversion is the subject, whatever the parse says
        return pron, True
    for c in verb.children:
        if c.dep_ in _SUBJECTS and outside(c) and c.lower_ not in _EXPLETIVES and c.lower_ not in ("-t", "t"):
            if c.lower_ in _RELATIVES and verb.dep_ in ("relcl", "acl:relcl", "acl") and outside(verb.head):
                return verb.head, False  # "Trump, qui a répondu que …": the noun the clause is about
            return c, c.i > verb.i
    if verb.dep_ in ("xcomp", "conj", "aux", "aux:tense") and verb.head is not verb and verb.head.pos_ in _VERBS:
        return _subject(verb.head, outside)[0], False
    name = _name_after(verb, outside, ("PROPN", "NOUN") if after_quote else ("PROPN",))
    return (name, True) if name is not None else (None, False)


def _name_extent(token) -> tuple[int, int]:
    """Token range of a name with its flat/compound parts: ``Antony Fastier``."""
    lo = hi = token.i
    for c in token.children:
        if c.dep_ in _NAME_DEPS:
            lo, hi = min(lo, c.i), max(hi, c.i)
    return lo, hi


def _source_span(token) -> tuple[int, int, int, int]:
    """Character offsets (in the doc) of the source phrase and of its head name."""
    doc = token.doc
    lo, hi = _name_extent(token)
    left = min(token.left_edge.i, lo)
    while left < lo and doc[left].dep_ in ("case", "mark", "punct"):  # "dans Les Échos" → "Les Échos"
        left += 1
    right = max([hi] + [c.right_edge.i for c in token.children if c.i > hi and c.dep_ not in _CLAUSES])
    while right > hi and doc[right].is_punct:
        right -= 1
    head = doc[lo : hi + 1]
    phrase = doc[left : right + 1]  # with its complements: "le porte-parole du gouvernement Gabriel Attal"
    return phrase.start_char, phrase.end_char, head.start_char, head.end_char


def _read_in(verb) -> Any:
    """``peut-on lire dans Les Échos``: the place a generic subject reads the quote in."""
    for v in (verb, *[c for c in verb.children if c.dep_ == "xcomp"]):
        for c in v.children:
            if c.dep_.startswith("obl") or c.dep_ == "prep":
                cases = [g.lower_ for g in c.children if g.dep_ == "case"]
                if c.lower_ in _READ_IN:  # English: "in" → its object
                    objects = [g for g in c.children if g.dep_ == "pobj"]
                    if objects and objects[0].pos_ == "PROPN":
                        return objects[0]
                elif any(x in _READ_IN for x in cases) and c.pos_ == "PROPN":
                    return c
    return None


def _follows_quote(doc, quote: set[int], token) -> bool:
    """Only punctuation between the quote's closing mark and ``token``."""
    j = token.i - 1
    while j >= 0 and doc[j].is_punct and j not in quote:
        j -= 1
    return j in quote


def _near_after(doc, quote: set[int], verb) -> bool:
    """At most four words (punctuation, auxiliaries, pronouns, adverbs) between the quote's end
    and ``verb``: '», a-t-il ajouté', '," she said', '", Haley shot back' (subject first)."""
    last = max(quote)
    between = doc[last + 1 : verb.i]
    return 0 <= verb.i - last - 1 <= 4 and all(
        t.is_punct or t.pos_ in ("AUX", "PRON", "ADV", "PROPN", "DET") for t in between
    )


def _right_after(doc, quote: set[int], subject, verb) -> bool:
    """'"…," Haley shot back': the subject follows the quote's closing mark (and punctuation)
    and the verb follows the subject's name."""
    lo, hi = _name_extent(subject)
    lo = min(lo, subject.left_edge.i)
    if not (hi < verb.i <= hi + 2) or lo == 0:
        return False
    return _follows_quote(doc, quote, doc[lo])


def _cue_text(verb) -> str:
    doc = verb.doc
    lo = verb.i
    while lo > 0 and doc[lo - 1].dep_.startswith("aux") and doc[lo - 1].head is verb:
        lo -= 1
    hi = verb.i
    while hi + 1 < len(doc) and (doc[hi + 1].text.startswith("-") or doc[hi + 1].dep_ == "xcomp"):
        hi += 1
    return doc[lo : hi + 1].text


def _participle(token) -> bool:
    """A participle that qualifies a noun ("une position jugée « … »"): the quote is what the
    noun is called, not what its sentence's subject says."""
    return token.dep_ in ("amod", "acl") and (
        token.pos_ == "VERB" or "Part" in token.morph.get("VerbForm") or _is_reporting(token)
    )


def _candidates(doc, quote: set[int], outside: Callable) -> list[tuple[Any, str]]:
    out: list[tuple[Any, str]] = []
    for t in doc:  # 1. an inserted clause inside the marks ("soupire-t-elle" whatever its tag)
        after_mark = t.i > 0 and doc[t.i - 1].text in _INCISE_MARKS
        if t.i in quote and after_mark and (t.pos_ in _VERBS or _inverted_pronoun(t) is not None):
            out.append((t, "incise"))
    for t in doc:  # 2. a clause right after the quote, attached to a word of it
        if outside(t) and t.pos_ in _VERBS and t.head.i in quote and _near_after(doc, quote, t):
            out.append((t, "attached"))
    for t in doc:  # 3. the verb that governs the quote
        if t.i in quote and t.head.i not in quote and not t.is_punct:  # the marks hang anywhere
            h, steps = t.head, 0
            while h.pos_ not in _VERBS and h.head is not h and steps < 4 and not _participle(h):
                h, steps = h.head, steps + 1
            if h.pos_ in _VERBS and not _participle(h) and outside(h) and all(h is not c for c, _ in out):
                out.append((h, "governs"))
                # reported speech holding the quote: 'X said the deal was an example of how "…"'
                while h.dep_ in ("ccomp", "xcomp") and h.head.pos_ in _VERBS and not _is_reporting(h):
                    h = h.head
                    if outside(h) and all(h is not c for c, _ in out):
                        out.append((h, "governs"))
    for t in doc:  # 4. a verb that is the first word after the quote, however the parser hung it
        first = t.pos_ == "VERB" and not t.dep_.startswith(("aux", "amod", "acl")) and _follows_quote(doc, quote, t)
        if first and outside(t) and all(t is not c for c, _ in out):
            out.append((t, "attached"))
    return out


def find_cue(doc, offset: int, start: int, end: int, in_other_quote: Callable[[int], bool]) -> Cue | None:
    """The cue of the quotation at body offsets ``start``–``end`` in the parsed sentence ``doc``
    (whose text starts at body offset ``offset``); ``in_other_quote`` tells a position inside
    another quotation (never a cue)."""
    quote = {t.i for t in doc if start <= offset + t.idx < end}
    if not quote:
        return None

    def outside(t) -> bool:
        return t.i not in quote and not in_other_quote(offset + t.idx)

    for verb, how in _candidates(doc, quote, outside):
        if how == "incise":
            # the incise's own words are not the quote: its subject may sit inside the marks
            def usable(t, _v=verb) -> bool:  # an incise's subject is inverted: after its verb
                return 0 < t.i - _v.i <= 6 and not in_other_quote(offset + t.idx)

            subject, inverted = _subject(verb, usable)
        else:
            subject, inverted = _subject(verb, outside, _follows_quote(doc, quote, verb))
        if subject is None:
            continue
        listed = _is_reporting(verb) or any(_is_reporting(c) for c in verb.children if c.dep_ == "xcomp")
        # an unlisted verb reports the quote only in a reporting clause's shape: right after the
        # quote, with its subject after it ("», glisse X") or just before it ('," X shot back')
        shaped = (inverted and _follows_quote(doc, quote, verb)) or _right_after(doc, quote, subject, verb)
        if not (listed or shaped):
            continue
        word = subject.text.casefold().split("-")[-1]
        generic = word in _GENERIC
        if generic:
            place = _read_in(verb)
            if place is not None:
                subject, generic = place, False
        s0, s1, h0, h1 = _source_span(subject)
        pronoun = subject.text.split("-")[-1] if subject.pos_ == "PRON" and not generic else None
        lemma = next((c.lemma_ for c in verb.children if c.dep_ == "xcomp" and _is_reporting(c)), verb.lemma_)
        return Cue(_cue_text(verb), lemma, offset + s0, offset + s1, offset + h0, offset + h1, pronoun, generic)
    return None
