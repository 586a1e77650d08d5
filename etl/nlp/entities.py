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
- courtesy titles, a sentence's capitalised "The", possessives, credits after a separator leave
  the span; an institution is named in full (:mod:`etl.nlp.institutions`);
- lone common nouns, function words, adjectives and web sites' names are dropped
  (:mod:`etl.nlp.entity_filters`);
- types, canonical names (the gazetteer's in the article's language, full names for surnames,
  first names, acronyms and short forms) come from the resolution within the article
  (:mod:`etl.nlp.resolve_mentions`).
"""

from __future__ import annotations

from collections.abc import Iterable

from etl.nlp.entity_filters import cleaned, drop_common_nouns, is_common_word_span
from etl.nlp.gazetteer import Gazetteer, default_gazetteer
from etl.nlp.institutions import extend_to_institution, institution_heads, org_words, split_at_institution
from etl.nlp.resolve_mentions import resolve_in_article
from etl.nlp.roles import role_heads
from etl.nlp.spacy_models import DEFAULT_MODELS, Lexicon, lexicon_for, ner_for
from etl.nlp.spans import ELISION, Span, is_name_token
from etl.records import Mention

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
_SENTENCE_ARTICLES = frozenset({"The", "A", "An"})  # capitalised only because a sentence starts


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
        or ELISION.match(tokens[0].text)
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
        if not is_name_token(tok.text):
            break
        tail.insert(0, tok)
    return tail if len(tail) >= 2 else []


def _split_known_prefix(tokens: list, gazetteer: Gazetteer) -> tuple[list, list] | None:
    """("Maison-Blanche", "Karoline Leavitt") for a span that glues a known entity to a name."""
    for k in range(len(tokens) - 2, 0, -1):
        head = tokens[:k]
        rest = tokens[k:]
        text = _doc_text(head[0].doc)[head[0].idx : head[-1].idx + len(head[-1].text)]
        if text in gazetteer and all(is_name_token(t.text) for t in rest) and len(rest) >= 2:
            return head, rest
    return None


def _doc_text(doc) -> str:
    """The doc's text (``Doc.text`` joins every token each time it is read: computed once here)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def _spans(doc, offset: int, label: str, tokens: list) -> Span:
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    return Span(
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


def raw_spans(body: str, nlp, lexicon: Lexicon | None, gazetteer: Gazetteer, docs: list | None = None) -> list[Span]:
    """NER spans of the body with the span-level fixes applied (offsets into ``body``); ``docs``
    are the model's docs of :func:`ner_inputs` when already computed."""
    heads = role_heads()
    paras = list(_paragraphs(body))
    out: list[Span] = []
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
            for piece in _split_on_dashes(tokens):
                for part in split_at_institution(piece):
                    part, part_label = extend_to_institution(doc, part, label, lexicon)
                    _add_span(out, doc, offset, part_label, part, lexicon, gazetteer)
        out.extend(_gazetteer_spans(_doc_text(doc), offset, out, gazetteer))
    return out


def _gazetteer_spans(text: str, offset: int, found: list[Span], gazetteer: Gazetteer) -> list[Span]:
    """Known names the model missed ("la place de l'OTAN"), where no model span already is."""
    taken = [(s.start - offset, s.end - offset) for s in found if offset <= s.start < offset + len(text)]
    extra = []
    for m in gazetteer.find(text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        entry = gazetteer.lookup(m.group(0))
        assert entry is not None  # the pattern is made of the gazetteer's names
        extra.append(
            Span(
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
    out: list[Span], doc, offset: int, label: str, tokens: list, lexicon: Lexicon | None, gazetteer: Gazetteer
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
        and (any(t.text.casefold() in org_words() for t in tokens) or tokens[0].text.casefold() in institution_heads())
    ):
        label = "ORG"  # "Managing the Atom Project", "Institut Pasteur", "Parquet national financier"
    span = _spans(doc, offset, label, tokens)
    if is_common_word_span(span, tokens, lexicon, gazetteer):
        if len(tokens) > 1 and all(t.text[:1].isupper() for t in tokens[1:]):
            out.append(_spans(doc, offset, label, tokens[1:]))  # "Rencontre Trump" → "Trump"
        return
    if (
        label == "MISC"
        and len(tokens) > 1
        and lexicon is not None
        and lexicon.is_common(tokens[0].text, ("noun",))
        and all(is_name_token(t.text) for t in tokens[1:])
        and span.text not in gazetteer
    ):
        out.append(_spans(doc, offset, "MISC", tokens[1:]))  # "Rencontre Trump" inside a title line
        return
    span = cleaned(span)
    if span.text:
        out.append(span)


def _text(tokens: list) -> str:
    return _doc_text(tokens[0].doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]


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
    spans = drop_common_nouns(raw_spans(body, nlp, lexicon, gaz, docs), lexicon, gaz)
    return resolve_in_article(spans, body, gaz, language, lexicon)
