"""The dependency parse, run only on the sentences that need it.

The NER pipeline (:mod:`etl.nlp.spacy_models`) has no parser: parsing every sentence would cost
several times the NER. Speaker attribution needs the parse of the sentences that hold a
quotation, and only those; this module loads the same spaCy package a second time with its
tagger, morphologizer, parser and lemmatizer (no NER), sharing the NER pipeline's vocabulary
(and so its vectors), and parses a list of sentences with ``nlp.pipe``.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from etl.nlp.spacy_models import DEFAULT_MODELS, load_ner

log = logging.getLogger(__name__)

PARSE_EXCLUDE = ("ner", "senter")
MAX_SENTENCE_CHARS = 3000  # a longer "sentence" is a run-on block: not worth the parser's time


@lru_cache(maxsize=8)
def load_parser(model: str):
    """The tagging, parsing and lemmatizing pipeline of spaCy package ``model`` (no NER), on the
    NER pipeline's vocabulary (raises OSError when the package is not installed)."""
    import spacy  # noqa: PLC0415

    return spacy.load(model, exclude=list(PARSE_EXCLUDE), vocab=load_ner(model).vocab)


_warned: set[str] = set()


def parser_for(language: str, models: dict[str, str] | None = None):
    """The parsing pipeline for ``language``, or None (with one warning) when there is none."""
    name = (models or DEFAULT_MODELS).get(language)
    if not name:
        return None
    try:
        nlp = load_parser(name)
    except (OSError, ImportError, ValueError) as exc:
        if name not in _warned:
            _warned.add(name)
            log.warning("no parser for %r (%s): quotes are attributed by patterns only", language, exc)
        return None
    if "parser" not in nlp.pipe_names:
        if name not in _warned:
            _warned.add(name)
            log.warning("model %r has no parser: quotes are attributed by patterns only", name)
        return None
    return nlp


def parse_sentences(texts: list[str], language: str, models: dict[str, str] | None = None) -> list | None:
    """The parsed Doc of each text (None in place of a text too long to parse), or None when the
    language has no parser."""
    nlp = parser_for(language, models)
    if nlp is None:
        return None
    keep = [i for i, t in enumerate(texts) if len(t) <= MAX_SENTENCE_CHARS]
    docs = list(nlp.pipe([texts[i] for i in keep], batch_size=64))
    out: list = [None] * len(texts)
    for i, doc in zip(keep, docs, strict=True):
        out[i] = doc
    return out
