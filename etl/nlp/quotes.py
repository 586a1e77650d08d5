"""Direct quotations in an article body: their spans (:mod:`etl.nlp.quote_marks`), then who said
them (:mod:`etl.nlp.attribution`), as ``Quote`` records with kind, speaker, cue and offsets.
"""

from __future__ import annotations

from etl.nlp.attribution import Attributor
from etl.nlp.quote_marks import find_quote_spans
from etl.records import Mention, Quote


def extract_quotes(body: str, mentions: list[Mention], language: str = "fr") -> list[Quote]:
    """Quotes of ``body`` with kind, speaker, cue and offsets (``body[start:end]`` covers the marks)."""
    spans = find_quote_spans(body)
    if not spans:
        return []
    attributor = Attributor(body, spans, mentions, language)
    out = []
    for span in spans:
        who = attributor.attribute(span)
        out.append(
            Quote(
                text=span.text(body),
                kind=who.kind,
                start=span.start,
                end=span.end,
                speaker=who.speaker,
                speaker_text=who.speaker_text,
                cue=who.cue,
            )
        )
    return out
