"""What the attribution of an article's quotes shares: its sentences, its people and their
functions, who was quoted last, and how a pronoun, a surname or a function finds its person."""

from __future__ import annotations

import re
from bisect import bisect_right

from etl.nlp import DATA_DIR
from etl.nlp.institutions import institution_heads
from etl.nlp.quote_marks import QuoteSpan
from etl.nlp.roles import role_heads
from etl.nlp.sentences import sentence_at, split_sentences
from etl.records import EntityRef, Mention
from etl.text.normalize import entity_key
from etl.text.vocab import load_lines

SINGULAR = {"il", "elle", "he", "she"}
PLURAL = {"ils", "elles", "they", "on"}
_COURTESY = {"Mr", "Mrs", "Ms", "Miss", "Dr", "M", "Mme", "Mlle", "Me", "Pr", "Sir", "Dame"}
_RECENT = 1500  # characters: how far back the last person quoted may be a pronoun's antecedent
DETERMINER = (
    r"(?:le|la|les|l['’]|un|une|des|leur|leurs|ses|son|sa|ce|cette|ces|plusieurs|certains|certaines|"
    r"the|a|an|some|several|many|his|her|their)"
)
_GENDER = {"il": "m", "he": "m", "elle": "f", "she": "f"}
_TITLE_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Miss|M|Mme|Mlle|Monsieur|Madame|Mademoiselle)\.?\s+$")
_FEMININE_TITLES = {"mrs", "ms", "miss", "mme", "mlle", "madame", "mademoiselle"}
NAME = re.compile(r"[A-ZÀ-Þ][\w’'-]+(?:\s+[A-ZÀ-Þ][\w’'-]+){0,2}")
# after a name: ", étudiante …", ", the mayor …", ", 54," / ", 32 ans": a person's apposition
_APPOSITION = re.compile(
    r",\s+(?:(?:\d{1,3}(?:\s+ans)?\s*,)|(?:(?:le|la|l'|un|une|the|a|an)\s*)?(?P<word>[^\W\d_][\w'-]*))"
)
_DEFINITE = re.compile(r"^(?:le|la|l['’]|the|cette|ce|this)\s*", re.IGNORECASE)


def parse_targets(sentences: list[tuple[int, int]], spans: list[QuoteSpan]) -> list[tuple[int, int]]:
    """The sentences that hold a quotation, in order: what the attribution parses."""
    return sorted({sentence_at(sentences, s.start) for s in spans})


class QuoteContext:
    """An article's body, quote spans and mentions, read once for all its quotes."""

    def __init__(self, body: str, spans: list[QuoteSpan], mentions: list[Mention]) -> None:
        self.body = body
        self.spans = spans
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.sentences = self._sentences()
        self.roles = self._role_map()
        self.subjects = self._sentence_subjects()
        self.gender = self._titled_genders()  # person name → "m" / "f", when the article tells
        # the last person quoted (None: a name the model did not recognise), and where
        self.last_speaker: tuple[EntityRef | None, int] | None = None

    def parse_targets(self) -> list[tuple[int, int]]:
        """The sentences the attribution parses: those that hold a quotation, in order."""
        return parse_targets(self.sentences, self.spans)

    # ------------------------------------------------------------ structure
    def _in_quote(self, pos: int) -> bool:
        """Whether ``pos`` is inside a quotation (the spans are disjoint and in order)."""
        i = bisect_right(self.spans, pos, key=lambda s: s.start) - 1
        return i >= 0 and pos < self.spans[i].end

    def _sentences(self) -> list[tuple[int, int]]:
        return split_sentences(self.body, [(s.start, s.end) for s in self.spans])

    def _sentence_of(self, pos: int) -> tuple[int, int]:
        return sentence_at(self.sentences, pos)

    def _role_map(self) -> dict[str, EntityRef]:
        roles: dict[str, set] = {}
        for m in self.mentions:
            if m.role and m.entity.type == "PERSON":
                roles.setdefault(role_key(m.role), set()).add(m.entity)
        return {k: next(iter(v)) for k, v in roles.items() if len(v) == 1}

    def _sentence_subjects(self) -> list[tuple[int, EntityRef | None]]:
        """For each sentence start, the person it is about (first person named, or the person a
        leading pronoun refers to)."""
        out: list[tuple[int, EntityRef | None]] = []
        current: EntityRef | None = None
        for s, e in self.sentences:
            people = [
                m
                for m in self.mentions
                if s <= m.start < e and m.entity.type == "PERSON" and not self._in_quote(m.start)
            ]
            head = self.body[s:e].lstrip(' «“"-–•')
            if re.match(r"(?:il|elle|he|she)\b", head, re.IGNORECASE) and current is not None:
                pass  # "Il a ajouté…": still the same person
            elif people:
                current = people[0].entity
            out.append((s, current))
        return out

    def _antecedent(self, pos: int, pronoun: str = "") -> EntityRef | None:
        """The person a singular pronoun at ``pos`` refers to: the last person quoted, when it
        was recently and no other person is named in the sentences since ("…," Haley shot back.
        As Ramaswamy played down the boos, she added: "…"); otherwise the person the sentence,
        or the sentences before it, are about. A person known to be of the other gender (from a
        courtesy title) is passed over. (Genders are not learned from resolved pronouns: one
        wrong resolution would then mislead every later one.)"""
        return self._antecedent_of(pos, _GENDER.get(pronoun.casefold()))

    def _fits(self, entity: EntityRef | None, gender: str | None) -> bool:
        return entity is None or gender is None or self.gender.get(entity.name, gender) == gender

    def _antecedent_of(self, pos: int, gender: str | None) -> EntityRef | None:
        recent = self._recent_speaker(pos)
        if recent is not None and self._fits(recent[0], gender):
            return recent[0]
        s, _ = self._sentence_of(pos)
        inside = [
            m.entity
            for m in self.mentions
            if s <= m.start < pos
            and m.entity.type == "PERSON"
            and not self._in_quote(m.start)
            and self._fits(m.entity, gender)
        ]
        if inside:
            return inside[0]
        best = None
        for start, subject in self.subjects:
            if start >= s:
                break
            best = subject
        if self._fits(best, gender):
            return best
        # the person the sentences before are about is of the other gender: the first person
        # of that gender named in the last three sentences
        before = [se for se in self.sentences if se[1] <= s][-3:]
        for a, b in reversed(before):
            fitting = [
                m.entity
                for m in self.mentions
                if a <= m.start < b
                and m.entity.type == "PERSON"
                and self._fits(m.entity, gender)
                and not self._in_quote(m.start)
            ]
            if fitting:
                return fitting[0]
        return None

    def _titled_genders(self) -> dict[str, str]:
        """Genders the article states by a courtesy title before a name ("Mr Ross", "Mme Borne")."""
        out: dict[str, str] = {}
        for m in self.mentions:
            title = _TITLE_BEFORE.search(self.body[max(0, m.start - 10) : m.start])
            if m.entity.type == "PERSON" and title:
                out.setdefault(m.entity.name, "f" if title.group(1).casefold() in _FEMININE_TITLES else "m")
        return out

    def _recent_speaker(self, pos: int) -> tuple[EntityRef | None] | None:
        """The last person quoted, when recently and no other person is named between their
        quote and the sentence of ``pos`` (as a 1-tuple: the person may be unrecognised, None)."""
        if self.last_speaker is None:
            return None
        entity, end = self.last_speaker
        if 0 <= pos - end <= _RECENT and not self._new_subject(end, self._sentence_of(pos)[0], entity):
            return (entity,)
        return None

    def _person_named(self, text: str) -> EntityRef | None:
        """The one person of the article whose full name ends or starts with ``text`` (a surname
        or first name, after a courtesy title): "Ms Robison", "Levy", "Van Den Hoek"."""
        words = [w for w in text.replace("’", "'").split() if w.strip(".") not in _COURTESY]
        if not words or len(words) > 4 or not all(w[:1].isupper() for w in words):
            return None
        found = {
            m.entity
            for m in self.mentions
            if m.entity.type == "PERSON"
            and len(names := m.entity.name.split()) > len(words)
            and (names[-len(words) :] == words or names[: len(words)] == words)
        }
        return next(iter(found)) if len(found) == 1 else None

    def _described(self, text: str, pos: int) -> EntityRef | None:
        """The entity a definite description at ``pos`` stands for ("la toxicologue", "la jeune
        femme", "the government"): the person quoted last or named last before it, or the
        organisation named before it whose name holds its noun. A function ("le président russe")
        is left to the role holders."""
        m = _DEFINITE.match(text)
        words = text[m.end() :].casefold().replace("’", "'").split()[:3] if m else []
        if not words or len(text.split()) > 5:
            return None
        if any(w in role_heads() for w in words):
            return None  # a function: its holder is found by the role (here, or across the corpus)
        if any(w in load_lines(DATA_DIR, "person_nouns.txt") for w in words):
            recent = self._recent_speaker(pos)
            if recent is not None:
                return recent[0]
            people = [m for m in self.mentions if m.entity.type == "PERSON" and self._shortly_before(m, pos)]
            return people[-1].entity if people else None
        heads = [w for w in words if w in institution_heads() or w in load_lines(DATA_DIR, "org_nouns.txt")]
        if not heads:
            return None
        # an organisation named before whose name holds the description's noun ("the Government"
        # → "Scottish Government"), else the last organisation named in the sentence before
        # ("Monsanto … l'EPA n'a pas cillé. « … », écrit l'agence": the last one); else none
        orgs = [m for m in self.mentions if m.entity.type == "ORG" and self._shortly_before(m, pos)]
        named = [m for m in orgs if heads[0] in m.entity.name.casefold().replace("’", "'").split()]
        if named:
            return named[-1].entity
        previous = [se for se in self.sentences if se[1] <= self._sentence_of(pos)[0]][-1:]
        near = [m.entity for m in orgs for a, b in previous if a <= m.start < b]
        return near[-1] if near else None

    def _introduced_person(self, cue) -> EntityRef | None:
        """A name the model did not recognise, presented as a person right after it: "glisse
        Zineb, étudiante en lettres", "said Tom Hale, 54," (a person noun, a function or an age)."""
        name = self.body[cue.head_start : cue.head_end]
        if not NAME.fullmatch(name):
            return None
        after = self.body[cue.head_end : cue.head_end + 40].casefold().replace("’", "'")
        m = _APPOSITION.match(after)
        if not m:
            return None
        word = m.group("word")
        if word is None or word in role_heads() or word in load_lines(DATA_DIR, "person_nouns.txt"):
            return EntityRef(name, "PERSON")
        return None

    def _shortly_before(self, mention: Mention, pos: int) -> bool:
        return 0 <= pos - mention.end <= _RECENT and not self._in_quote(mention.start)

    def _new_subject(self, start: int, end: int, entity: EntityRef | None) -> bool:
        """Whether another person is named between ``start`` and ``end`` (outside quotes)."""
        for m in self.mentions:
            if not (start <= m.start < end) or m.entity.type != "PERSON" or m.entity == entity:
                continue
            if not self._in_quote(m.start):
                return True
        return False

    def _in_other_quote(self, pos: int, span: QuoteSpan) -> bool:
        return any(s.start <= pos < s.end for s in self.spans if s is not span)


def role_key(text: str) -> str:
    """A function without its determiner, normalised ("le président russe" → "president russe")."""
    text = re.sub(rf"^\s*{DETERMINER}\s*", "", text.strip(), flags=re.IGNORECASE)
    return entity_key(text)
