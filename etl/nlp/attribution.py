"""Who said a quotation, with which words, and whether it is a statement or a scare quote.

First from the dependency parse of the quote's sentence (:mod:`etl.nlp.speakers` finds the cue
and its source; this module turns the source into an entity: the one named there, a pronoun's
antecedent, a function's holder, a description's referent, see :mod:`etl.nlp.quote_context`).
Where the parse finds no cue, or no model parses the language, patterns, tried in this order
within the quote's sentence:
1. after the quote: inversion ("», a-t-il déclaré", "», estime le ministre", '," said X',
   '," X said'), a source ("», selon X", "according to X") or an agent ("« … » évoqués par X",
   "présenté comme “…” par leurs entourages");
2. before it: "Déclaration de X : « … »", "X : « … »", then the last verb of saying before the
   quote ("X a qualifié … de « … »", "X a salué « … »", "X a indiqué que … « … »",
   "précisant que « … »"), whose subject is the nearest source before the verb: an entity, a
   pronoun (il/elle → the person the previous sentences are about; "qui" → the name before it),
   a function ("le président russe" → the person with that role in the article) or an unnamed
   group ("Certains", "plusieurs manifestants");
3. "selon X" / "according to X" anywhere in the sentence.
A participle with no agent ("une position jugée « maximaliste »") attributes nothing. A quote
with no source is a scare quote. Verbs and unnamed sources are data files.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from etl.nlp import DATA_DIR
from etl.nlp.quote_context import DETERMINER, NAME, PLURAL, SINGULAR, QuoteContext, role_key
from etl.nlp.quote_marks import QuoteSpan
from etl.nlp.speakers import ER_ENDINGS, Cue, cue_lemma, find_cue
from etl.nlp.syntax import parse_sentences
from etl.records import EntityRef, Mention
from etl.text.vocab import load_lines

log = logging.getLogger(__name__)
_AUX = (
    r"(?:a|as|avait|aurait|ont|avaient|auraient|est|sont|s['’]est|se\s+sont|vient\s+de|venait\s+de|a\s+tenu\s+à|"
    r"has|have|had|was|were)"
)
_BOUNDARY = re.compile(r"[,;:()]|\b(?:que|qu['’]|dont|où|mais|et|car|lorsque|quand|that|but|and|when)\b", re.IGNORECASE)
_SOURCE_WORD = re.compile(
    r"(?:^|[\s,(])(?:selon|d['’]après|according\s+to)\s+(?P<np>[^,.;:!?«»“”\"]{2,80})"
    r"|(?:^|[,(]\s*)pour\s+(?P<np2>[^,.;:!?«»“”\"]{2,60}),",
    re.IGNORECASE,
)
_PERSON_NAME = re.compile(
    r"^(?!(?:Le|La|Les|L['’]|The|Un|Une)\s)[A-ZÀ-Þ][\w’'-]+(?:\s+(?:de\s+|von\s+|van\s+|der\s+)?"
    r"[A-ZÀ-Þ][\w’'-]+){1,3}$"
)
_COLON_SOURCE = re.compile(
    r"(?:(?:déclaration|communiqué|message|propos|réaction|statement|message)\s+"
    r"(?:de|du|des|d['’]|of|from)\s+)?(?P<np>[^,.;:!?«»“”\"]{2,80}?)\s*:\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _verb_pattern() -> re.Pattern:
    forms = sorted(load_lines(DATA_DIR, "reporting_verbs.txt"), key=len, reverse=True)
    alt = "|".join(f"(?:{f.replace('{er}', ER_ENDINGS)})" for f in forms)
    return re.compile(rf"(?<![\w’'-])(?:{alt})(?![\w’'-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _unnamed() -> frozenset[str]:
    return load_lines(DATA_DIR, "unnamed_sources.txt")


def _is_passive_participle(body: str, start: int, word: str) -> bool:
    """ "jugée", "perçue comme": a participle used as an adjective (no auxiliary before it)."""
    if not re.search(r"(?:é|ée|és|ées|u|ue|us|ues|ite|ites|it|is)$", word.casefold()):
        return False
    before = body[max(0, start - 25) : start]
    return not re.search(rf"\b{_AUX}(?:-t-(?:il|elle|ils|elles|on))?\s+(?:\w+\s+)?$", before, re.IGNORECASE)


@dataclass(frozen=True)
class Attribution:
    """The result for one quote."""

    kind: str
    speaker: EntityRef | None = None
    speaker_text: str | None = None
    cue: str | None = None
    cue_lemma: str | None = None


class Attributor(QuoteContext):
    """Attributes the quotes of one article, sharing its sentences, mentions and roles."""

    def __init__(
        self,
        body: str,
        spans: list[QuoteSpan],
        mentions: list[Mention],
        language: str,
        models: dict[str, str] | None = None,
        docs: list | None = None,
    ) -> None:
        super().__init__(body, spans, mentions)
        self.language = language
        self.models = models
        self.parsed = self._parse(models, docs)

    def _parse(self, models: dict[str, str] | None, docs: list | None) -> dict[tuple[int, int], object]:
        """The parse of each sentence that holds a quotation (and of no other sentence): ``docs``
        when the caller parsed :func:`parse_targets` of many articles at once, else parsed here."""
        wanted = self.parse_targets()
        if docs is None:
            try:
                docs = parse_sentences([self.body[s:e] for s, e in wanted], self.language, models)
            except Exception:  # a parser that fails on odd text costs the parse, not the quotes
                log.exception("the parse of %d quoted sentences failed: attributed by patterns", len(wanted))
                docs = None
        if docs is None:
            return {}
        return {se: doc for se, doc in zip(wanted, docs, strict=True) if doc is not None}

    # ------------------------------------------------------------ sources
    def _source(self, text_start: int, text_end: int) -> tuple[EntityRef | None, str | None]:
        """An entity or verbatim source named in ``body[text_start:text_end]``."""
        chunk = self.body[text_start:text_end]
        words = chunk.strip(" ,")
        if not words:
            return None, None
        for m in self.mentions:
            if text_start <= m.start and m.end <= text_end and m.entity.type in ("PERSON", "ORG", "LOC"):
                np_text = self.body[text_start : m.end].strip(" ,")
                return m.entity, np_text if len(np_text.split()) <= 12 else m.surface
        low = words.casefold()
        if low in SINGULAR:
            return self._antecedent(text_start, low), words
        if low in PLURAL:
            return None, words
        key = role_key(words)
        if key in self.roles:
            return self.roles[key], words
        return self._described(words, text_start), words

    def _subject_before(self, limit: int, floor: int) -> tuple[EntityRef | None, str | None, bool]:
        """The nearest source before position ``limit`` (not before ``floor``): (entity, text, found)."""
        text = self.body[floor:limit]
        # strip a trailing auxiliary: "le président russe a" → "le président russe"
        text_stripped = re.sub(
            rf"\s+{_AUX}(?:\s+(?:toutefois|aussi|également|encore|ensuite|déjà|alors|"
            rf"pourtant|notamment|bien|finalement))?\s*$",
            "",
            text,
            flags=re.IGNORECASE,
        )
        end = floor + len(text_stripped)
        chunk_start = floor
        for b in _BOUNDARY.finditer(text_stripped):
            chunk_start = floor + b.end()
        mentions = [
            m
            for m in self.mentions
            if chunk_start <= m.start
            and m.end <= end
            and m.entity.type in ("PERSON", "ORG", "LOC")
            and not self._in_quote(m.start)
        ]
        if mentions:
            m = mentions[-1]
            np_text = self.body[chunk_start : m.end].strip(" ,")
            return m.entity, np_text if len(np_text.split()) <= 12 else m.surface, True
        chunk = self.body[chunk_start:end].strip(" ,")
        pron = re.search(r"(?:^|\s|-t-|-)(il|elle|ils|elles|on|he|she|they|qui)\s*$", chunk, re.IGNORECASE)
        if pron:
            word = pron.group(1)
            low = word.casefold()
            if low == "qui":
                before = [
                    m
                    for m in self.mentions
                    if m.end <= chunk_start + pron.start(1)
                    and m.start >= self._sentence_of(limit)[0]
                    and not self._in_quote(m.start)
                ]
                return (before[-1].entity, before[-1].surface, True) if before else (None, None, False)
            if low in SINGULAR:
                return self._antecedent(chunk_start + pron.start(1), low), word, True
            return None, word, True
        if not chunk:
            return None, None, False
        first = chunk.split()[0].casefold().strip(",")
        if len(chunk.split()) <= 8 and (re.match(rf"{DETERMINER}\b", chunk, re.IGNORECASE) or first in _unnamed()):
            key = role_key(chunk)
            return self.roles.get(key) or self._described(chunk, chunk_start), chunk, True
        return None, None, False

    # ------------------------------------------------------------ per quote
    def attribute(self, span: QuoteSpan) -> Attribution:
        """Kind, speaker, speaker text and cue of one quote (call in reading order: a pronoun may
        stand for the person quoted last)."""
        found = self._attribute(span)
        if found.speaker_text and (found.speaker is None or found.speaker.type == "PERSON"):
            fuller = self._person_named(found.speaker.name if found.speaker else found.speaker_text)
            if fuller is not None:
                found = replace(found, speaker=fuller)
        if found.cue and not found.cue_lemma:
            doc = self.parsed.get(self._sentence_of(span.start))  # parsed already: not parsed again
            found = replace(found, cue_lemma=cue_lemma(found.cue, self.language, self.models, doc))
        if found.speaker is not None and found.speaker.type == "PERSON":
            self.last_speaker = (found.speaker, span.end)
        elif found.speaker is None and found.speaker_text and NAME.fullmatch(found.speaker_text):
            self.last_speaker = (None, span.end)  # a person the model did not recognise: no guess after
        return found

    def _attribute(self, span: QuoteSpan) -> Attribution:
        """From the parse of the quote's sentence, else from the patterns."""
        s_start, s_end = self._sentence_of(span.start)
        doc = self.parsed.get((s_start, s_end))
        if doc is not None:
            cue = find_cue(doc, s_start, span.start, span.end, lambda p: self._in_other_quote(p, span))
            if cue is not None:
                parsed = self._from_cue(cue)
                if parsed.speaker is not None or cue.pronoun or cue.generic:
                    return parsed
                found = self._by_patterns(span, s_start, s_end)  # a function the patterns may resolve
                return found if found.speaker is not None else parsed
        return self._by_patterns(span, s_start, s_end)

    def _by_patterns(self, span: QuoteSpan, s_start: int, s_end: int) -> Attribution:
        """Attribution by the patterns of the module's docstring."""
        after = self.body[span.end : s_end]
        found = self._after(span, after)
        if found:
            return found
        found = self._before(span, s_start)
        if found:
            return found
        for m in _SOURCE_WORD.finditer(self.body[s_start:s_end]):
            group = "np" if m.group("np") else "np2"
            pos = s_start + m.start(group)
            if self._in_quote(pos):
                continue
            np_end = pos + len(m.group(group).rstrip())
            entity, text = self._source(pos, np_end)
            if entity or (text and text.split()[0].casefold() in _unnamed()):
                return Attribution("statement", entity, text, m.group(0).strip(" ,(").split()[0])
        return Attribution("scare")

    def _from_cue(self, cue: Cue) -> Attribution:
        """The speaker a parsed cue names: the entity mentioned at its head word, a pronoun's
        antecedent, a function's holder, or the source's words with no entity."""
        text = " ".join(self.body[cue.source_start : cue.source_end].split())
        if text.startswith("-"):  # an inverted pronoun: "disent-ils", "a-t-on"
            text = text.split("-")[-1]
        if cue.generic:
            return Attribution("statement", None, text, cue.verb, cue.lemma)
        if cue.pronoun:
            who = self._antecedent(cue.head_start, cue.pronoun) if cue.pronoun.casefold() in SINGULAR else None
            return Attribution("statement", who, cue.pronoun, cue.verb, cue.lemma)
        people = [
            m
            for m in self.mentions
            if cue.source_start <= m.start
            and m.end <= cue.source_end
            and m.entity.type == "PERSON"
            and not self._in_quote(m.start)
        ]
        # a person named in the source phrase ("acting U.S. Attorney Joshua Levy"), else the
        # entity that is its head ("The World Health Organization"), else a function's holder
        named = people or [
            m
            for m in self.mentions
            if m.start < cue.head_end and cue.head_start < m.end and m.entity.type in ("PERSON", "ORG", "LOC")
        ]
        if len(text.split()) > 12:
            text = self.body[cue.head_start : cue.head_end]
        if named:
            return Attribution("statement", named[0].entity, text, cue.verb, cue.lemma)
        who = self.roles.get(role_key(text)) or self._described(text, cue.source_start)
        return Attribution("statement", who or self._introduced_person(cue), text, cue.verb, cue.lemma)

    def _after(self, span: QuoteSpan, after: str) -> Attribution | None:
        base = span.end
        m = re.match(
            r"^\s*[,–—-]?\s*(?P<cue>(?:(?:a|avait|aurait|ont|avaient)-t-(?P<p1>il|elle|ils|elles|on)\s+"
            r"(?P<v1>[\w’'-]+))|(?P<v2>[\w’'-]+?)-t?-?(?P<p2>il|elle|ils|elles|on)\b)",
            after,
            re.IGNORECASE,
        )
        if m and _verb_pattern().fullmatch(m.group("v1") or m.group("v2") or ""):
            pron = m.group("p1") or m.group("p2")
            entity = self._antecedent(base, pron) if pron.casefold() in SINGULAR else None
            return Attribution("statement", entity, pron, m.group("cue"))
        m = re.match(
            rf"^\s*[,–—-]?\s*(?P<cue>(?:{_AUX}\s+)?(?P<v>[\w’'-]+)(?:\s+(?:par|by))?)\s+"
            rf"(?P<np>(?:[A-ZÀ-Þ]|{DETERMINER}\s)[^,.;:!?«»“”\"]{{1,90}})",
            after,
        )
        if m and _verb_pattern().fullmatch(m.group("v")) and not m.group("v").casefold().endswith("ant"):
            start = base + m.start("np")
            entity, text = self._source(start, start + len(m.group("np").rstrip()))
            if entity or text:
                return Attribution("statement", entity, text, m.group("cue"))
        m = re.match(
            rf"^\s*,?\s*(?P<np>[^,.;:!?«»“”\"]{{2,60}}?)\s+(?P<cue>(?:{_AUX}\s+)?(?P<v>said|says|told|added|"
            rf"explained|insisted|noted|warned|wrote|asked|replied|stated|argued))\b",
            after,
            re.IGNORECASE,
        )
        if m:
            start = base + m.start("np")
            entity, text = self._source(start, start + len(m.group("np")))
            return Attribution("statement", entity, text, m.group("cue"))
        m = re.match(
            r"^\s*,?\s*(?P<cue>(?:selon|d['’]après|according\s+to))\s+(?P<np>[^,.;:!?«»“”\"]{2,80})",
            after,
            re.IGNORECASE,
        )
        if not m:
            m = re.match(
                r"^\s*(?P<cue>(?:[\w’'-]+\s+){0,2}?par|(?:[\w’'-]+\s+){0,2}?by)\s+"
                r"(?P<np>[^,.;:!?«»“”\"]{2,80})",
                after,
                re.IGNORECASE,
            )
        if m:
            start = base + m.start("np")
            entity, text = self._source(start, start + len(m.group("np").rstrip()))
            if entity or text:
                return Attribution("statement", entity, text, m.group("cue"))
        return None

    def _before(self, span: QuoteSpan, s_start: int) -> Attribution | None:
        before = self.body[s_start : span.start]
        colon = _COLON_SOURCE.search(before)
        if colon:
            start = s_start + colon.start("np")
            entity, text = self._source(start, start + len(colon.group("np")))
            if entity is None and text and _PERSON_NAME.match(text):
                entity = EntityRef(text, "PERSON")  # "Déclaration de Joe Biden :" with the name unrecognised
            if entity:
                return Attribution("statement", entity, text, before[colon.start() :].strip())
        verbs = [v for v in _verb_pattern().finditer(before) if not self._in_quote(s_start + v.start())]
        closest = None
        for v in reversed(verbs):
            pos = s_start + v.start()
            if _is_passive_participle(self.body, pos, v.group(0)):
                continue
            closest = closest if closest is not None else pos
            entity, text, found = self._subject_before(pos, s_start)
            if found:
                cue = " ".join(self.body[closest : span.start].split()[:8])
                return Attribution("statement", entity, text, cue or v.group(0))
        return None
