"""What the selective dependency parse costs: on the same pages, NER over every paragraph (the
NER-only reference's work, in one process) against the parse of the sentences that hold a
quotation (what speaker attribution parses), with the share of sentences parsed."""

from __future__ import annotations

import time
from pathlib import Path

from etl.nlp.entities import ner_inputs, parse_many
from etl.nlp.quote_marks import find_quote_spans
from etl.nlp.quotes import sentences_to_parse
from etl.nlp.sentences import split_sentences
from etl.nlp.syntax import parse_sentences
from etl.pages.clean import clean_dump


def quote_parse_cost(folder: Path, pages: int = 300, language: str = "fr") -> dict[str, float]:
    """Seconds of NER and of the quotes' parse over the first ``pages`` pages of ``folder``, one
    process, models loaded before the clock starts."""
    bodies = [clean_dump(p.read_text(encoding="utf-8")).body for p in sorted(folder.glob("*.txt"))[:pages]]
    ner_texts = [t for body in bodies for t in ner_inputs(body)]
    parse_texts = [t for body in bodies for t in sentences_to_parse(body)]
    sentences = sum(len(split_sentences(body, [(s.start, s.end) for s in find_quote_spans(body)])) for body in bodies)
    parse_many(ner_texts[:2], language, None)  # load the models outside the clock
    parse_sentences(parse_texts[:2], language)
    clock = time.perf_counter()
    parse_many(ner_texts, language, None)
    ner_seconds = time.perf_counter() - clock
    clock = time.perf_counter()
    parse_sentences(parse_texts, language)
    parse_seconds = time.perf_counter() - clock
    return {
        "pages": len(bodies),
        "sentences": sentences,
        "sentences_parsed": len(parse_texts),
        "share_of_sentences_parsed": round(len(parse_texts) / max(sentences, 1), 3),
        "share_of_characters_parsed": round(sum(map(len, parse_texts)) / max(sum(map(len, bodies)), 1), 3),
        "ner_seconds": round(ner_seconds, 2),
        "parse_seconds": round(parse_seconds, 2),
        "parse_over_ner": round(parse_seconds / max(ner_seconds, 1e-9), 3),
    }
