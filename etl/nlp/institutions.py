"""Full names of institutions: a model's span extended over the head noun and complements
that name the institution it belongs to ("tribunal de grande instance de Nanterre",
"université Paris-8", "Conseil constitutionnel")."""

from __future__ import annotations

from functools import lru_cache

from etl.nlp import DATA_DIR
from etl.nlp.spacy_models import Lexicon
from etl.text.vocab import load_lines

_LINKS = frozenset({"de", "des", "du", "d'", "la", "le", "l'", "of", "the", "for"})
INSTITUTION_REACH = 6  # tokens between an institution's head noun and the name it governs
_ADJECTIVES_FOLLOW = frozenset({"fr", "es", "it", "pt", "ca"})  # languages that put adjectives after the noun


@lru_cache(maxsize=1)
def institution_heads() -> dict[str, bool]:
    """Head nouns of institutions, each with whether a name may follow it directly ("named")."""
    return {line.split("\t")[0]: line.endswith("\tnamed") for line in load_lines(DATA_DIR, "institution_heads.txt")}


def org_words() -> frozenset[str]:
    """Words that make a name an organisation ("Institut", "Project", "Parti")."""
    return load_lines(DATA_DIR, "org_words.txt")


def split_at_institution(tokens: list) -> list[list]:
    """A span that names a body and the institution it belongs to, in two ("Dares du ministère
    de l'Emploi" → "Dares", "ministère de l'Emploi"): cut before a head noun that a preposition
    introduces, when a name stands before it."""
    heads = institution_heads()
    for k in range(2, len(tokens) - 1):
        if (
            tokens[k].text.casefold() in heads
            and tokens[k - 1].text.casefold() in ("du", "de", "des", "d'")
            and tokens[0].text[:1].isupper()
            and tokens[0].text.casefold() not in heads
        ):
            return [tokens[: k - 1], tokens[k:]]
    return [tokens]


def extend_to_institution(doc, tokens: list, label: str, lexicon: Lexicon | None) -> tuple[list, str]:
    """The full name of the institution a span belongs to, as an organisation: the head noun
    before it and its complements ("tribunal de grande instance de Nanterre", "université
    Paris-8", "lycée Jean Zay"); in languages that put adjectives after the noun, the adjectives
    after a name that starts with such a head ("Conseil constitutionnel"). Other spans as they are."""
    heads = institution_heads()
    first = tokens[0].i
    i, lowers = first - 1, 0
    start = None
    while i >= 0 and first - i <= INSTITUTION_REACH and not doc[i + 1].is_sent_start:
        word = doc[i].text.casefold()
        if word in heads:
            start = i
            break
        if word in _LINKS:
            i -= 1
            continue
        if doc[i].is_alpha and doc[i].text.islower() and lowers < 3 and _complement_word(doc[i].text, lexicon):
            lowers += 1
            i -= 1
            continue
        break
    # "université Paris-8", "lycée Jean Zay" name an establishment; "l'agence Reuters" describes one
    adjacent = start is not None and start == first - 1 and heads[doc[start].text.casefold()]
    if start is not None and (adjacent or doc[first - 1].text.casefold() in _LINKS):
        tokens = list(doc[start : tokens[-1].i + 1])
        label = "ORG"
    if (
        label == "ORG"
        and lexicon is not None
        and doc.lang_ in _ADJECTIVES_FOLLOW
        and tokens[0].text.casefold() in heads
    ):
        end = tokens[-1].i + 1
        while end < len(doc) and end - tokens[-1].i <= 2 and doc[end].text.islower() and doc[end].is_alpha:
            word = doc[end].text
            if (
                doc[end].is_sent_start
                or doc[end].is_stop
                or not lexicon.is_common(word, ("adj",))
                or lexicon.is_common(word, ("verb",))
            ):
                break
            end += 1
        tokens = list(doc[tokens[0].i : end])
    if label == "ORG" and lexicon is not None and doc.lang_ in _ADJECTIVES_FOLLOW and lexicon.tells_proper_nouns:
        tokens = _with_complements(doc, tokens, lexicon)
    return tokens, label


COMPLEMENT_REACH = 8  # tokens of lower-case complements after an organisation's name


def _with_complements(doc, tokens: list, lexicon: Lexicon) -> list:
    """An organisation's name with the lower-case complements of its official form ("Haute
    Autorité pour la transparence de la vie publique", "Convention citoyenne pour le climat"):
    prepositions, articles, common nouns and adjectives, up to a verb, a punctuation mark or a
    capitalised word; kept only when they end on a noun or an adjective."""
    end, last_good, after_noun = tokens[-1].i + 1, tokens[-1].i + 1, False
    while end < len(doc) and end - tokens[-1].i <= COMPLEMENT_REACH and not doc[end].is_sent_start:
        word = doc[end].text
        low = word.casefold()
        nxt = doc[end + 1].text.casefold() if end + 1 < len(doc) else ""
        if low in _COMPLEMENT_LINKS or (low == "et" and nxt in ("de", "d'", "du", "des")):
            end, after_noun = end + 1, False
            continue
        if low in institution_heads():
            break  # "Dares du ministère de l'Emploi": another institution starts
        content = doc[end].is_alpha and word.islower() and not doc[end].is_stop
        if content and not lexicon.is_common(word, ("verb",)):
            noun = lexicon.is_common(word, ("noun",))
            if noun or (after_noun and lexicon.is_common(word, ("adj",))):
                end, last_good, after_noun = end + 1, end + 1, noun
                continue
        break
    if last_good > tokens[-1].i + 1 and doc[tokens[-1].i + 1].text.casefold() in _COMPLEMENT_LINKS:
        return list(doc[tokens[0].i : last_good])
    return tokens


_COMPLEMENT_LINKS = frozenset({"de", "des", "du", "d'", "la", "le", "les", "l'", "pour"})


def _complement_word(word: str, lexicon: Lexicon | None) -> bool:
    """A lower-case noun or adjective inside an institution's name ("cour d'appel", "tribunal de
    grande instance"); never a conjunction, a pronoun or a verb."""
    return lexicon is not None and len(word) > 2 and lexicon.is_common(word, ("noun", "adj"))
