"""Resolution within an article: one type and one canonical entity per name (the gazetteer's
name in the article's language, the full name for a surname or a first name, the long form for
an acronym, the full name for a short form), roles attached to people."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from etl.nlp.gazetteer import Gazetteer
from etl.nlp.institutions import institution_heads, org_words
from etl.nlp.roles import find_role
from etl.nlp.spacy_models import Lexicon
from etl.nlp.spans import Span, is_name_token
from etl.records import EntityRef, Mention
from etl.text.normalize import entity_key

_TYPE_PRIORITY = {"PERSON": 3, "ORG": 2, "LOC": 1, "MISC": 0}


def resolve_in_article(
    spans: list[Span], body: str, gazetteer: Gazetteer, language: str | None = None, lexicon: Lexicon | None = None
) -> list[Mention]:
    """Give every span its type and canonical entity within the article (a known entity by its
    canonical name in the article's ``language``); attach roles."""
    groups: dict[str, list[Span]] = defaultdict(list)
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
            and all(is_name_token(w) for w in members[0].text.split())
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
    groups: dict[str, list[Span]], types: dict[str, str], body: str, gazetteer: Gazetteer
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
            # the words before "(ACR)", back to the start of their clause: found from the mark, not by
            # trying every position of the body
            m = re.search(rf"\(\s*{re.escape(surface)}\s*\)", body)
            if m:
                words = re.split(r"[.!?;:()«»\n]", body[max(0, m.start() - 300) : m.start()])[-1].split()
                for k in range(2, min(len(words), len(acronym) + 5) + 1):
                    candidate = " ".join(words[-k:])
                    if acronym in (_initials(candidate), _initials(candidate, every_word=True)):
                        long_form = re.sub(r"^(?:[lLdD]['’])", "", candidate)
                        head = long_form.split()[0].casefold()
                        kind = "ORG" if head in institution_heads() or head in org_words() else types[key]
                        found = (long_form, kind)
                        break
        if found:
            out[key] = found
    return out


def _most_common_text(members: list[Span]) -> str:
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
