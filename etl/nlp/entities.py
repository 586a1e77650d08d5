"""Named entities of an article body: spaCy NER, fixes for the model's known errors, and
resolution within the article (``Poutine`` → ``Vladimir Poutine``).

Fixes, each a general rule (see the tests for the sentences they were written for):
- the model reads a copy of the paragraph with curly apostrophes made straight (same length,
  so offsets do not move) and one paragraph at a time (no span crosses a paragraph);
- leading lower-case words, elided articles and descriptors leave the span (``l'OTAN`` →
  ``OTAN``, ``base militaire d'Elmendorf-Richardson`` → ``Elmendorf-Richardson``);
- a function is not an organisation (``ministre des Affaires étrangères``, ``Finances`` after
  ``ministre des``): such spans are dropped and the function kept as the role of the person;
- a capitalised common word that starts a sentence is not a name (``Lecture``, ``Maintien``),
  nor is a plural demonym (``Européens``), checked against the model's own lexicon;
- a span that begins with a known entity and goes on with a person's name is split
  (``Maison-Blanche Karoline Leavitt``);
- the type comes from the gazetteer when the name is known (Washington: LOC, Kremlin: ORG),
  otherwise from a vote over the article's mentions of the same name; a surname that is the
  last word of a person named in full in the article is that person.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from etl.nlp import DATA_DIR
from etl.nlp.gazetteer import Gazetteer, default_gazetteer
from etl.nlp.roles import find_role, role_heads
from etl.nlp.spacy_models import DEFAULT_MODELS, Lexicon, lexicon_for, ner_for
from etl.records import EntityRef, Mention
from etl.text.normalize import entity_key
from etl.text.vocab import load_lines

LABELS = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "MISC": "MISC",
    "NORP": None,
    "FAC": "LOC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})
# elided articles and pronouns; a capital M, T or S before an apostrophe starts a name ("M'Jid")
_ELISION = re.compile(r"^(?:[lLdDjJnNsScmtT]|qu|Qu|QU|jusqu|lorsqu|puisqu)'$")
_PREPOSITIONS = {"de", "des", "du", "d'", "la", "le", "l'", "of", "the", "for"}
# courtesy titles before a name ("Ms Robison", "M. Fillon"): not part of it
_CIVILITIES = frozenset(
    {
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Mx",
        "Dr",
        "M",
        "Mme",
        "Mmes",
        "Mlle",
        "MM",
        "Me",
        "Pr",
        "Monsieur",
        "Madame",
        "Mademoiselle",
    }
)
_WEB_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|fr|org|net|info|ie|eu|tn|be|ch|ca|uk|de|io)$", re.IGNORECASE)
_SENTENCE_ARTICLES = frozenset({"The", "A", "An"})  # capitalised only because a sentence starts
_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$")
_TYPE_PRIORITY = {"PERSON": 3, "ORG": 2, "LOC": 1, "MISC": 0}


@dataclass
class _Span:
    start: int  # offsets in the body
    end: int
    text: str
    label: str
    sentence_start: bool = False


def _is_name_token(text: str) -> bool:
    return bool(_NAME_TOKEN.match(text)) and not _ELISION.match(text)


MAX_CHUNK = 20_000  # characters the model reads at once (a paragraph longer than this is cut at spaces)


def _paragraphs(body: str) -> Iterable[tuple[int, str]]:
    pos = 0
    for para in body.split("\n\n"):
        start = 0
        while start < len(para):  # a giant paragraph (no line breaks at all) is read in pieces
            end = (
                len(para)
                if len(para) - start <= MAX_CHUNK
                else (para.rfind(" ", start, start + MAX_CHUNK) + 1 or start + MAX_CHUNK)
            )
            if para[start:end].strip():
                yield pos + start, para[start:end]
            start = end
        pos += len(para) + 2


def _trim(tokens: list) -> list:
    """Drop leading lower-case words, elisions, punctuation, courtesy titles ("Ms", "M.") and a
    sentence's capitalised "The" ("The Health Ministry said"); trailing punctuation and a
    possessive ("Agency's")."""
    while tokens and (
        not tokens[0].text[:1].isupper()
        or _ELISION.match(tokens[0].text)
        or tokens[0].is_punct
        or (tokens[0].text in _SENTENCE_ARTICLES and tokens[0].is_sent_start and len(tokens) > 1)
        or (tokens[0].text.rstrip(".") in _CIVILITIES and len(tokens) > 1)
    ):
        if tokens[0].text[:1].isdigit() and len(tokens) > 1 and tokens[1].text[:1].isupper():
            break  # "10 Downing Street"
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].text in ("-", "–", "—", "'s", "’s", "'")):
        tokens = tokens[:-1]
    return tokens


_LINKS = frozenset({"de", "des", "du", "d'", "la", "le", "l'", "of", "the", "for"})
INSTITUTION_REACH = 6  # tokens between an institution's head noun and the name it governs
_ADJECTIVES_FOLLOW = frozenset({"fr", "es", "it", "pt", "ca"})  # languages that put adjectives after the noun


def _institution_heads() -> dict[str, bool]:
    """Head nouns of institutions, each with whether a name may follow it directly ("named")."""
    return {line.split("\t")[0]: line.endswith("\tnamed") for line in load_lines(DATA_DIR, "institution_heads.txt")}


def _extend_to_institution(doc, tokens: list, label: str, lexicon: Lexicon | None) -> tuple[list, str]:
    """The full name of the institution a span belongs to, as an organisation: the head noun
    before it and its complements ("tribunal de grande instance de Nanterre", "université
    Paris-8", "lycée Jean Zay"); in languages that put adjectives after the noun, the adjectives
    after a name that starts with such a head ("Conseil constitutionnel"). Other spans as they are."""
    heads = _institution_heads()
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
    return tokens, label


def _complement_word(word: str, lexicon: Lexicon | None) -> bool:
    """A lower-case noun or adjective inside an institution's name ("cour d'appel", "tribunal de
    grande instance"); never a conjunction, a pronoun or a verb."""
    return lexicon is not None and len(word) > 2 and lexicon.is_common(word, ("noun", "adj"))


def _role_headed(tokens: list, heads: frozenset[str]) -> bool:
    first = tokens[0].text.casefold()
    two = f"{first} {tokens[1].text.casefold()}" if len(tokens) > 1 else first
    return _is_head(first, heads) or two in heads


def _after_role(doc, first: int, heads: frozenset[str]) -> bool:
    """True for a span (first token ``first``) right after "ministre des", "secrétaire d'",
    "minister of": a portfolio in a function, not an organisation or a place."""
    i = first - 1
    saw_prep = False
    while i >= 0 and doc[i].text.casefold() in _PREPOSITIONS:
        saw_prep = True
        i -= 1
    return saw_prep and i >= 0 and _is_head(doc[i].text, heads)


def _is_portfolio(
    doc, tokens: list, label: str, heads: frozenset[str], lexicon: Lexicon | None, gazetteer: Gazetteer
) -> bool:
    """ "Finances" in "ministre des Finances", "État" in "secrétaire d'État": a common word that
    completes a function is not an entity ("dirigeants de l'OTAN" keeps OTAN)."""
    if label == "PERSON" or lexicon is None or not _after_role(doc, tokens[0].i, heads):
        return False
    return lexicon.is_common(tokens[0].text) and _text(tokens) not in gazetteer


def _is_head(word: str, heads: frozenset[str]) -> bool:
    low = word.casefold()
    return low in heads or (low.endswith("s") and low[:-1] in heads)


def _person_tail(tokens: list) -> list:
    """The run of name-like tokens at the end of a span (a person named after a role)."""
    tail: list = []
    for tok in reversed(tokens):
        if not _is_name_token(tok.text):
            break
        tail.insert(0, tok)
    return tail if len(tail) >= 2 else []


def _split_known_prefix(tokens: list, gazetteer: Gazetteer) -> tuple[list, list] | None:
    """("Maison-Blanche", "Karoline Leavitt") for a span that glues a known entity to a name."""
    for k in range(len(tokens) - 2, 0, -1):
        head = tokens[:k]
        rest = tokens[k:]
        text = _doc_text(head[0].doc)[head[0].idx : head[-1].idx + len(head[-1].text)]
        if text in gazetteer and all(_is_name_token(t.text) for t in rest) and len(rest) >= 2:
            return head, rest
    return None


def _doc_text(doc) -> str:
    """The doc's text (``Doc.text`` joins every token each time it is read: computed once here)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def _spans(doc, offset: int, label: str, tokens: list) -> _Span:
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    return _Span(
        offset + start, offset + end, _doc_text(doc)[start:end], label, tokens[0].is_sent_start or tokens[0].i == 0
    )


def ner_inputs(body: str) -> list[str]:
    """The texts the model reads for ``body``: its paragraphs (long ones in pieces), apostrophes
    made straight. :func:`extract_mentions` takes the docs of these texts when the caller ran
    the model over many articles at once."""
    return [p.translate(_APOSTROPHES) for _, p in _paragraphs(body)]


def parse_many(
    texts: list[str], language: str, models: dict[str, str] | None = None, batch_size: int = 64
) -> list | None:
    """The model's docs for ``texts`` (from :func:`ner_inputs` of several articles), read in
    batches as spaCy reads best; None when no model serves ``language``."""
    nlp = ner_for(language, models)
    return None if nlp is None else list(nlp.pipe(texts, batch_size=batch_size))


def raw_spans(body: str, nlp, lexicon: Lexicon | None, gazetteer: Gazetteer, docs: list | None = None) -> list[_Span]:
    """NER spans of the body with the span-level fixes applied (offsets into ``body``); ``docs``
    are the model's docs of :func:`ner_inputs` when already computed."""
    heads = role_heads()
    paras = list(_paragraphs(body))
    out: list[_Span] = []
    if docs is None:
        docs = nlp.pipe(p.translate(_APOSTROPHES) for _, p in paras)
    for (offset, para), doc in zip(paras, docs, strict=True):
        doc.user_data.setdefault("text", para.translate(_APOSTROPHES))  # what Doc.text would join again
        for ent in doc.ents:
            label = LABELS.get(ent.label_)
            if label is None:
                continue
            tokens = list(ent)
            if _role_headed(tokens, heads):
                tail = _person_tail(tokens)
                if tail and label == "PERSON":
                    out.append(_spans(doc, offset, "PERSON", tail))
                continue
            tokens = _trim(tokens)
            if not tokens:
                continue
            for part in _split_on_dashes(tokens):
                part, part_label = _extend_to_institution(doc, part, label, lexicon)
                _add_span(out, doc, offset, part_label, part, lexicon, gazetteer)
        out.extend(_gazetteer_spans(_doc_text(doc), offset, out, gazetteer))
    return out


def _gazetteer_spans(text: str, offset: int, found: list[_Span], gazetteer: Gazetteer) -> list[_Span]:
    """Known names the model missed ("la place de l'OTAN"), where no model span already is."""
    taken = [(s.start - offset, s.end - offset) for s in found if offset <= s.start < offset + len(text)]
    extra = []
    for m in gazetteer.find(text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        entry = gazetteer.lookup(m.group(0))
        assert entry is not None  # the pattern is made of the gazetteer's names
        extra.append(
            _Span(
                offset + m.start(),
                offset + m.end(),
                m.group(0),
                entry.type,
                m.start() == 0 or text[max(0, m.start() - 2) : m.start()].strip() in (".", "!", "?"),
            )
        )
        taken.append((m.start(), m.end()))
    return extra


def _split_on_dashes(tokens: list) -> list[list]:
    """Parts of a span joined by a spaced dash ("Conclusion - OMSAC") or by a separator of
    credits and menus ("Jane Roe / Chicago Tribune", "Jean Veber• Crédits")."""
    parts: list[list] = [[]]
    for i, tok in enumerate(tokens):
        spaced = i > 0 and tokens[i - 1].whitespace_ and tok.whitespace_
        if (tok.text in ("-", "–", "—") and spaced) or tok.text in ("/", "|", "•", "·"):
            parts.append([])
        else:
            parts[-1].append(tok)
    return [_trim(p) for p in parts if _trim(p)]


def _add_span(
    out: list[_Span], doc, offset: int, label: str, tokens: list, lexicon: Lexicon | None, gazetteer: Gazetteer
) -> None:
    """Append the span (or its parts) unless it is a common word."""
    split = _split_known_prefix(tokens, gazetteer) if len(tokens) >= 3 else None
    if split:
        known, person = split
        entry = gazetteer.lookup(_text(known))
        assert entry is not None  # _split_known_prefix splits off a name the gazetteer knows
        out.append(_spans(doc, offset, entry.type, known))
        out.append(_spans(doc, offset, "PERSON", person))
        return
    if _is_portfolio(doc, tokens, label, role_heads(), lexicon, gazetteer):
        return
    if (
        label in ("MISC", "LOC")
        and len(tokens) > 1
        and (
            any(t.text.casefold() in load_lines(DATA_DIR, "org_words.txt") for t in tokens)
            or tokens[0].text.casefold() in _institution_heads()
        )
    ):
        label = "ORG"  # "Managing the Atom Project", "Institut Pasteur", "Parquet national financier"
    span = _spans(doc, offset, label, tokens)
    if _is_common_word_span(span, tokens, lexicon, gazetteer):
        if len(tokens) > 1 and all(t.text[:1].isupper() for t in tokens[1:]):
            out.append(_spans(doc, offset, label, tokens[1:]))  # "Rencontre Trump" → "Trump"
        return
    if (
        label == "MISC"
        and len(tokens) > 1
        and lexicon is not None
        and lexicon.is_common(tokens[0].text, ("noun",))
        and all(_is_name_token(t.text) for t in tokens[1:])
        and span.text not in gazetteer
    ):
        out.append(_spans(doc, offset, "MISC", tokens[1:]))  # "Rencontre Trump" inside a title line
        return
    span = _cleaned(span)
    if span.text:
        out.append(span)


_SEPARATOR_CHARS = re.compile(r"\s*(?:[•|·]|\s/\s)")


def _cleaned(span: _Span) -> _Span:
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
    return _Span(span.start, span.start + len(text), text, span.label, span.sentence_start)


def _text(tokens: list) -> str:
    return _doc_text(tokens[0].doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]


def _is_common_word_span(span: _Span, tokens: list, lexicon: Lexicon | None, gazetteer: Gazetteer) -> bool:
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
    if first.isupper() or not lexicon.tells_proper_nouns:
        return False  # an acronym; or a lexicon that files names among its nouns ("florida")
    if span.label == "PERSON" and len(tokens) > 1 and all(_is_name_token(t.text) for t in tokens):
        return False  # "Laurent Berger" opening a sentence: a first name may be a common word too
    return span.sentence_start and lexicon.is_common(first)


def _common_noun_alone(span: _Span, lexicon: Lexicon | None, gazetteer: Gazetteer) -> bool:
    """A lone capitalised common noun ("Grève", "Constitution", "Mobilisation"), by a lexicon
    that files names apart from its nouns."""
    word = span.text
    if lexicon is None or not lexicon.tells_proper_nouns or " " in word or word in gazetteer:
        return False
    if any(c.isupper() for c in word[1:]):
        return False  # "MoDem", "OTAN": no common word is written so
    low = word.casefold()
    if low in _institution_heads() or low in load_lines(DATA_DIR, "org_words.txt"):
        return False  # "Sénat", "Parlement": an institution's common noun capitalised is its name
    return lexicon.is_common(word, ("noun",))


def _drop_common_nouns(spans: list[_Span], lexicon: Lexicon | None, gazetteer: Gazetteer) -> list[_Span]:
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


def resolve_in_article(
    spans: list[_Span], body: str, gazetteer: Gazetteer, language: str | None = None, lexicon: Lexicon | None = None
) -> list[Mention]:
    """Give every span its type and canonical entity within the article (a known entity by its
    canonical name in the article's ``language``); attach roles."""
    groups: dict[str, list[_Span]] = defaultdict(list)
    for s in spans:
        groups[entity_key(s.text)].append(s)
    types: dict[str, str] = {}
    for key, members in groups.items():
        known = gazetteer.lookup(members[0].text)
        if known:
            types[key] = known.type
        else:
            votes = Counter(m.label for m in members)
            types[key] = max(votes, key=lambda t: (votes[t], _TYPE_PRIORITY[t]))
    # a name of two or three name-like words whose last word the article also gives alone as a
    # person ("Humza Yousaf" … "Yousaf") is that person, whatever the model voted for the full form
    for key, members in groups.items():
        words = key.split()
        if (
            types[key] in ("ORG", "LOC")
            and 2 <= len(words) <= 3
            and types.get(words[-1]) == "PERSON"
            and all(_is_name_token(w) for w in members[0].text.split())
            and gazetteer.lookup(members[0].text) is None
        ):
            types[key] = "PERSON"
    long_forms = _acronym_long_forms(groups, types, body, gazetteer)
    described: dict[str, str] = {}
    # full names of people: "Vladimir Poutine" makes "Poutine" a person and the same person
    full_names = {k: ms for k, ms in groups.items() if types[k] == "PERSON" and len(k.split()) >= 2}
    by_surname: dict[str, set[str]] = defaultdict(set)
    for k in full_names:
        by_surname[k.split()[-1]].add(k)
    # "Affaire Benalla" beside "Alexandre Benalla": a common noun before a surname is no first name
    for surname, keys in by_surname.items():
        named = {
            k
            for k in keys
            if not (lexicon and lexicon.tells_proper_nouns and lexicon.is_common(k.split()[0], ("noun",)))
        }
        if len(named) == 1 and len(keys) > 1:
            by_surname[surname] = named
            for k in keys - named:
                canonical_of_described = _most_common_text(groups[next(iter(named))])
                described[k] = canonical_of_described
    # an organisation's short form: "Assemblée" for "Assemblée nationale", "Parliament" for
    # "Scottish Parliament", when the article names only one such organisation in full
    by_head: dict[str, set[str]] = defaultdict(set)
    for k in groups:
        if types[k] == "ORG" and len(k.split()) >= 2:
            by_head[k.split()[0]].add(k)
            by_head[k.split()[-1]].add(k)
    by_first: dict[str, set[str]] = defaultdict(set)
    for k in full_names:
        by_first[k.split()[0]].add(k)
    canonical: dict[str, str] = dict(described)
    for key, members in groups.items():
        if key in described:
            continue
        known = gazetteer.lookup(members[0].text)
        if known and not (known.type == "PERSON" and key in by_surname and len(by_surname[key]) == 1):
            canonical[key] = known.canonical_in(language)
            continue
        if key in long_forms and not known:
            canonical[key], types[key] = long_forms[key]
            continue
        if not known and types[key] == "ORG" and len(by_head.get(key, ())) == 1:
            canonical[key] = _most_common_text(groups[next(iter(by_head[key]))])  # "Assemblée nationale"
            continue
        if (
            len(key.split()) == 1
            and types[key] == "PERSON"
            and key not in by_surname
            and len(by_first.get(key, ())) == 1
            and not known
        ):
            canonical[key] = _most_common_text(groups[next(iter(by_first[key]))])  # "Ron" for "Ron DeSantis"
            continue
        if len(key.split()) == 1 and len(by_surname.get(key, ())) == 1 and types[key] in ("PERSON", "LOC", "ORG"):
            full_key = next(iter(by_surname[key]))
            types[key] = "PERSON"
            canonical[key] = _most_common_text(groups[full_key])
            continue
        canonical[key] = _most_common_text(members)
    mentions = []
    for key, members in groups.items():
        name = canonical[key]
        ref_key = entity_key(name)
        ref_type = types.get(ref_key, types[key]) if ref_key in groups else types[key]
        aliases = tuple(sorted({m.text for m in members} - {name}))
        ref = EntityRef(name=name, type=ref_type, aliases=aliases)
        for m in members:
            role = find_role(body, m.start, m.end) if ref_type == "PERSON" else None
            mentions.append(Mention(ref, m.text, m.start, m.end, role))
    return _merge_refs(sorted(mentions, key=lambda x: x.start))


_FUNCTION_WORDS = frozenset(
    {"de", "du", "des", "la", "le", "les", "l", "d", "et", "pour", "à", "en", "sur", "of", "the", "and", "for", "on"}
)
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&]{1,9}$")


def _initials(text: str, every_word: bool = False) -> str:
    """The first letters of a name's words, function words left out unless ``every_word``
    ("Parquet national financier" → "pnf", "Institut de recherche pour le développement" → "ird")."""
    words = [re.sub(r"^[ldLD]['’]", "", w) for w in re.findall(r"[\w'’-]+", text)]
    letters = [w[0] for w in words if w and (every_word or w.casefold() not in _FUNCTION_WORDS)]
    return entity_key("".join(letters)).replace(" ", "")


def _acronym_long_forms(
    groups: dict[str, list[_Span]], types: dict[str, str], body: str, gazetteer: Gazetteer
) -> dict[str, tuple[str, str]]:
    """(long form, type) of the article's acronyms: a name of the article whose initials spell
    it, or the words its first parenthesised use follows ("Parquet national financier (PNF)")
    (the abbreviation definitions of Schwartz and Hearst, 2003)."""
    out: dict[str, tuple[str, str]] = {}
    long_names = {k: ms for k, ms in groups.items() if len(k.split()) >= 2 and types[k] in ("ORG", "LOC")}
    for key, members in groups.items():
        surface = members[0].text
        if not _ACRONYM.match(surface) or sum(c.isupper() for c in surface) < 2 or gazetteer.lookup(surface):
            continue
        acronym = entity_key(surface).replace(" ", "")
        found = next(
            (
                (_most_common_text(ms), types[k])
                for k, ms in long_names.items()
                if acronym in (_initials(ms[0].text), _initials(ms[0].text, every_word=True))
            ),
            None,
        )
        if found is None:
            m = re.search(rf"([^.!?;:()«»\n]+?)\s*\(\s*{re.escape(surface)}\s*\)", body)
            if m:
                words = m.group(1).split()
                for k in range(2, min(len(words), len(acronym) + 5) + 1):
                    candidate = " ".join(words[-k:])
                    if acronym in (_initials(candidate), _initials(candidate, every_word=True)):
                        found = (re.sub(r"^(?:[lLdD]['’])", "", candidate), types[key])
                        break
        if found:
            out[key] = found
    return out


def _most_common_text(members: list[_Span]) -> str:
    counts = Counter(m.text for m in members)
    return max(counts, key=lambda t: (counts[t], len(t)))


def _merge_refs(mentions: list[Mention]) -> list[Mention]:
    """One EntityRef per (type, canonical key) in the article, holding every alias seen."""
    aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
    names: dict[tuple[str, str], str] = {}
    for m in mentions:
        key = (m.entity.type, entity_key(m.entity.name))
        names.setdefault(key, m.entity.name)
        aliases[key].update(m.entity.aliases)
        if m.surface != m.entity.name:
            aliases[key].add(m.surface)
    refs = {k: EntityRef(names[k], k[0], tuple(sorted(aliases[k] - {names[k]}))) for k in names}
    return [
        Mention(refs[(m.entity.type, entity_key(m.entity.name))], m.surface, m.start, m.end, m.role) for m in mentions
    ]


def extract_mentions(
    body: str,
    language: str,
    models: dict[str, str] | None = None,
    gazetteer: Gazetteer | None = None,
    docs: list | None = None,
) -> list[Mention]:
    """Entity mentions of ``body`` (offsets into it); empty when no model serves ``language``.
    ``docs``: the model's docs of :func:`ner_inputs` of the body, when the caller parsed many
    articles at once (:func:`parse_many`)."""
    nlp = ner_for(language, models)
    if nlp is None or not body.strip():
        return []
    model_name = (models or DEFAULT_MODELS).get(language, "")
    gaz = gazetteer or default_gazetteer()
    lexicon = lexicon_for(model_name)
    spans = _drop_common_nouns(raw_spans(body, nlp, lexicon, gaz, docs), lexicon, gaz)
    return resolve_in_article(spans, body, gaz, language, lexicon)
