"""Direct quotations in an article body: their spans (:mod:`etl.nlp.quote_marks`), then who said
them (:mod:`etl.nlp.attribution`), as ``Quote`` records with kind, speaker, cue and offsets.

A quotation with no source of its own that follows a quoted person's words (``"A," X said. "B"``,
or a new paragraph of quotation right after it) is that person's too: a quote continued after
its attribution.
"""

from __future__ import annotations

import re
from dataclasses import replace

from etl.nlp.attribution import Attributor
from etl.nlp.quote_context import parse_targets
from etl.nlp.quote_marks import find_quote_spans
from etl.nlp.sentences import split_sentences
from etl.records import Mention, Quote

_MAX_GAP_WORDS = 25  # words between two quotes of one speaker: an attribution clause, not a story
_SENTENCE_OPEN = re.compile(r"(?:^|[.!?:…»”\"]\s*|\n\n)\s*[–—-]?\s*$")


def sentences_to_parse(body: str) -> list[str]:
    """The texts the attribution of ``body``'s quotes parses (see ``docs`` of :func:`extract_quotes`)."""
    spans = find_quote_spans(body)
    if not spans:
        return []
    sentences = split_sentences(body, [(s.start, s.end) for s in spans])
    return [body[s:e] for s, e in parse_targets(sentences, spans)]


def extract_quotes(
    body: str,
    mentions: list[Mention],
    language: str = "fr",
    models: dict[str, str] | None = None,
    docs: list | None = None,
) -> list[Quote]:
    """Quotes of ``body`` with kind, speaker, cue and offsets (``body[start:end]`` covers the marks).
    ``docs``: the parse of :func:`sentences_to_parse`, when the caller parsed many bodies at once."""
    spans = find_quote_spans(body)
    if not spans:
        return []
    attributor = Attributor(body, spans, mentions, language, models, docs)
    out: list[Quote] = []
    for span in spans:
        who = attributor.attribute(span)
        quote = Quote(
            text=span.text(body),
            kind=who.kind,
            start=span.start,
            end=span.end,
            speaker=who.speaker,
            speaker_text=who.speaker_text,
            cue=who.cue,
            cue_lemma=who.cue_lemma,
        )
        if out and quote.kind == "scare" and _continues(body, out[-1], quote, mentions):
            before = out[-1]
            quote = replace(
                quote,
                kind="statement",
                speaker=before.speaker,
                speaker_text=before.speaker_text,
                cue=before.cue,
                cue_lemma=before.cue_lemma,
            )
        out.append(quote)
    return out


def _continues(body: str, previous: Quote, quote: Quote, mentions: list[Mention]) -> bool:
    """Whether ``quote`` goes on with ``previous``'s speaker: it opens a sentence, holds at least
    four words, and between the two there is at most one paragraph break and a short clause that
    names no other person."""
    if previous.kind != "statement" or not (previous.speaker or previous.speaker_text):
        return False
    if len(quote.text.split()) < 4 or not _SENTENCE_OPEN.search(body[max(0, quote.start - 80) : quote.start]):
        return False
    gap = body[previous.end : quote.start]
    if gap.count("\n\n") > 1 or len(gap.split()) > _MAX_GAP_WORDS:
        return False
    if "\n\n" in gap and gap.split("\n\n")[-1].strip():
        return False  # the new paragraph has its own words before the quote
    said = previous.speaker.name if previous.speaker else previous.speaker_text or ""
    return not any(
        previous.end <= m.start < quote.start and m.entity.type == "PERSON" and not said.endswith(m.entity.name)
        for m in mentions
    )
