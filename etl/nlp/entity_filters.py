"""Spans that are no names: capitalised common words, lone common nouns, function words,
adjectives and demonyms (by the model's own lexicon), web sites' names, and what a glued
separator or a doubled print lets into a span."""

from __future__ import annotations

import re

from etl.nlp.gazetteer import Gazetteer
from etl.nlp.institutions import institution_heads, org_words
from etl.nlp.spacy_models import Lexicon
from etl.nlp.spans import Span, is_name_token

_WEB_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|fr|org|net|info|ie|eu|tn|be|ch|ca|uk|de|io)$", re.IGNORECASE)

_SEPARATOR_CHARS = re.compile(r"\s*(?:[•|·]|\s/\s)")


def cleaned(span: Span) -> Span:
    """A span without what a glued separator lets in ("Jean Veber• Crédits") and without its own
    copy printed right after it ("Humza YousafHumza Yousaf")."""
    text = span.text
    m = _SEPARATOR_CHARS.search(text)
    if m:
        text = text[: m.start()].rstrip()
    half = len(text) // 2
    if len(text) % 2 == 0 and half >= 3 and text[:half] == text[half:]:
        text = text[:half]
    if text == span.text:
        return span
    return Span(span.start, span.start + len(text), text, span.label, span.sentence_start)


def is_common_word_span(span: Span, tokens: list, lexicon: Lexicon | None, gazetteer: Gazetteer) -> bool:
    """A capitalised common word at a sentence start, or a plural demonym, is not a name."""
    if lexicon is None or span.text in gazetteer:
        return False
    first = tokens[0].text
    if len(tokens) == 1 and tokens[0].is_stop and not first.isupper() and span.label != "PERSON":
        return True  # "Celles", "Nous": a function word, capitalised by a sentence start
    plural = first.endswith(("s", "x")) and lexicon.lemma(first.casefold()) != first.casefold()
    if len(tokens) == 1 and plural and lexicon.is_common(first, ("adj",)):
        return True  # "Européens", "Américains"
    if (
        len(tokens) == 1
        and span.label != "PERSON"
        and lexicon.tells_proper_nouns
        and lexicon.is_common(first, ("adj",))
        and not lexicon.is_common(first, ("noun",))
    ):
        return True  # "Africaine", "Franco-Marocain": an adjective is no place
    if len(tokens) > 1 and plural and lexicon.is_common(first, ("noun",)) and all(t.text.islower() for t in tokens[1:]):
        return True  # "États européens": a plural common noun and its adjectives
    if span.label == "LOC" and (len(span.text) <= 2 or any(c.isdigit() for c in span.text)):
        return True  # "B2", "X", "BP 422": a code, a box number or a letter is no place
    parts = span.text.split("-")
    if (
        len(tokens) <= 3
        and len(parts) >= 2
        and lexicon.tells_proper_nouns
        and all(p and lexicon.is_common(p, ("noun",)) and not lexicon.is_common(p, ("propn",)) for p in parts)
    ):
        return True  # "État-nation", "Soirée-débat": a compound of common nouns
    if first.isupper() or not lexicon.tells_proper_nouns:
        return False  # an acronym; or a lexicon that files names among its nouns ("florida")
    if span.label == "PERSON" and len(tokens) > 1 and all(is_name_token(t.text) for t in tokens):
        return False  # "Laurent Berger" opening a sentence: a first name may be a common word too
    return span.sentence_start and lexicon.is_common(first)


def _common_noun_alone(span: Span, lexicon: Lexicon | None, gazetteer: Gazetteer) -> bool:
    """A lone capitalised common noun ("Grève", "Constitution", "Mobilisation"), by a lexicon
    that files names apart from its nouns."""
    word = span.text
    if lexicon is None or not lexicon.tells_proper_nouns or " " in word or word in gazetteer:
        return False
    if any(c.isupper() for c in word[1:]):
        return False  # "MoDem", "OTAN": no common word is written so
    low = word.casefold()
    if low in institution_heads() or low in org_words():
        return False  # "Sénat", "Parlement": an institution's common noun capitalised is its name
    return lexicon.is_common(word, ("noun",))


def drop_common_nouns(spans: list[Span], lexicon: Lexicon | None, gazetteer: Gazetteer) -> list[Span]:
    """The spans without lone common nouns, unless the article also names in full something that
    ends with that word (a surname such as "Berger" after "Laurent Berger"), and without web
    sites' names ("Boston.com", "REGARDS.FR": the page's own furniture, not an actor)."""
    last_words = {s.text.split()[-1].casefold() for s in spans if " " in s.text}
    return [
        s
        for s in spans
        if (s.text.casefold() in last_words or not _common_noun_alone(s, lexicon, gazetteer))
        and not _WEB_NAME.match(s.text)
    ]
