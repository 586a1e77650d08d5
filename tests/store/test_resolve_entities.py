from etl.records import EntityRef
from etl.store.resolve_entities import Candidate, Decision, choose
from etl.text.normalize import entity_key

ZEL = Candidate(1, "PERSON", "Volodymyr Zelensky", "volodymyr zelensky", frozenset({"zelensky"}))
BASE = Candidate(2, "LOC", "Joint Base Elmendorf-Richardson", "joint base elmendorf richardson")
OTAN = Candidate(3, "ORG", "OTAN", "otan", frozenset({"alliance atlantique", "nato"}))
SURNAME = Candidate(4, "PERSON", "Kearn", "kearn")


def test_exact_and_alias():
    assert choose(EntityRef("Volodymyr Zelensky", "PERSON"), [ZEL]).entity_id == 1
    assert choose(EntityRef("Alliance atlantique", "ORG"), [OTAN]).entity_id == 3
    assert choose(EntityRef("NATO", "ORG"), [OTAN]).entity_id == 3


def test_type_must_match():
    assert choose(EntityRef("OTAN", "LOC"), [OTAN]).entity_id is None


def test_surname_alone_joins_the_only_full_name():
    assert (
        choose(
            EntityRef("Zelensky", "PERSON"), [Candidate(1, "PERSON", "Volodymyr Zelensky", "volodymyr zelensky")]
        ).entity_id
        == 1
    )
    two = [
        Candidate(1, "PERSON", "Donald Trump", "donald trump"),
        Candidate(5, "PERSON", "Melania Trump", "melania trump"),
    ]
    assert choose(EntityRef("Trump", "PERSON"), two).entity_id is None  # ambiguous: never guess


def test_full_name_upgrades_a_surname_only_entity():
    d = choose(EntityRef("David Kearn", "PERSON"), [SURNAME])
    assert d.entity_id == 4 and d.rename_to == "David Kearn"


def test_facility_words_before_a_place():
    assert choose(EntityRef("Elmendorf-Richardson", "LOC"), [BASE]).entity_id == 2
    d = choose(
        EntityRef("Joint Base Elmendorf-Richardson", "LOC"),
        [Candidate(7, "LOC", "Elmendorf-Richardson", "elmendorf richardson")],
    )
    assert d.entity_id == 7 and d.rename_to == "Joint Base Elmendorf-Richardson"


def test_near_spelling_with_a_cutoff():
    assert choose(EntityRef("Volodymyr Zelenskyy", "PERSON"), [ZEL]).entity_id == 1
    assert choose(EntityRef("Volodymyr Kravchenko", "PERSON"), [ZEL]).entity_id is None
    assert choose(EntityRef("Autriche", "LOC"), [Candidate(9, "LOC", "Australie", "australie")]).entity_id is None


# ------------------------------------------------------------------ the in-memory pool of a batch
def test_pool_finds_what_choose_would_and_learns_new_entities():
    from etl.store.resolve_entities import EntityPool

    pool = EntityPool(
        [
            Candidate(1, "PERSON", "Volodymyr Zelensky", "volodymyr zelensky"),
            Candidate(2, "LOC", "Elmendorf-Richardson", "elmendorf richardson"),
            Candidate(3, "PERSON", "Kearn", "kearn"),
        ]
    )
    assert pool.choose(EntityRef("Zelensky", "PERSON")).entity_id == 1  # surname
    assert pool.choose(EntityRef("Volodymyr Zelenskyy", "PERSON")).entity_id == 1  # near spelling
    assert pool.choose(EntityRef("Joint Base Elmendorf-Richardson", "LOC")).entity_id == 2  # facility
    assert pool.choose(EntityRef("David Kearn", "PERSON")) == Decision(3, "David Kearn")  # full name upgrades
    assert pool.choose(EntityRef("Zelensky", "LOC")).entity_id is None  # another type
    assert pool.choose(EntityRef("Marco Rubio", "PERSON")).entity_id is None
    pool.add(Candidate(-1, "PERSON", "Marco Rubio", "marco rubio"))
    assert pool.choose(EntityRef("Rubio", "PERSON")).entity_id == -1
    assert pool.holder("PERSON", "marco rubio") == -1


def test_pool_agrees_with_choose_over_all_candidates():
    from etl.store.resolve_entities import EntityPool

    known = [
        Candidate(i, t, n, entity_key(n))
        for i, (t, n) in enumerate(
            [
                ("PERSON", "Donald Trump"),
                ("PERSON", "Melania Trump"),
                ("PERSON", "Vladimir Poutine"),
                ("LOC", "Anchorage"),
                ("LOC", "Alaska"),
                ("ORG", "OTAN"),
                ("PERSON", "Poutine"),
                ("LOC", "Base Elmendorf"),
                ("PERSON", "Sergueï Lavrov"),
            ],
            start=1,
        )
    ]
    pool = EntityPool(known)
    for ref in [
        EntityRef("Trump", "PERSON"),
        EntityRef("Poutine", "PERSON"),
        EntityRef("Lavrov", "PERSON"),
        EntityRef("Serguei Lavrov", "PERSON"),
        EntityRef("Elmendorf", "LOC"),
        EntityRef("Otan", "ORG"),
        EntityRef("Anchorrage", "LOC"),
        EntityRef("Vladimir Poutin", "PERSON"),
    ]:
        assert pool.choose(ref) == choose(ref, known), ref


def test_pool_agrees_with_choose_on_many_generated_names():
    """Names, surnames, aliases, facility words and misspellings drawn at random: the pool (which
    scans for near spellings only when the indexed entities decide nothing) answers as choose does
    over every candidate, canonical names included."""
    import random

    from etl.store.resolve_entities import EntityPool

    rng = random.Random(11)
    first = ["Donald", "Melania", "Vladimir", "Sergueï", "Marco", "Volodymyr", "Kaja", "Iouri"]
    last = ["Trump", "Poutine", "Lavrov", "Rubio", "Zelensky", "Kallas", "Ouchakov", "Poutin"]
    places = ["Anchorage", "Alaska", "Base Elmendorf", "Elmendorf", "Joint Base Elmendorf", "Kiev", "Kyiv"]

    def misspell(name: str) -> str:
        i = rng.randrange(1, len(name))
        return name[:i] + rng.choice("aeiouy") + name[i:]

    def a_name(type_: str) -> str:
        name = (
            rng.choice([f"{rng.choice(first)} {rng.choice(last)}", rng.choice(last)])
            if type_ == "PERSON"
            else rng.choice(places)
        )
        return misspell(name) if rng.random() < 0.3 else name

    known: list[Candidate] = []
    for i in range(1, 40):
        type_ = rng.choice(["PERSON", "PERSON", "LOC"])
        name = a_name(type_)
        aliases = frozenset({entity_key(a_name(type_))}) if rng.random() < 0.3 else frozenset()
        known.append(Candidate(i, type_, name, entity_key(name), aliases))
    pool = EntityPool(known)
    for _ in range(600):
        type_ = rng.choice(["PERSON", "PERSON", "LOC"])
        ref = EntityRef(a_name(type_), type_, tuple(a_name(type_) for _ in range(rng.choice([0, 0, 1]))))
        canonical = rng.random() < 0.2
        assert pool.choose(ref, canonical) == choose(ref, known, canonical=canonical), ref


def test_pool_scans_for_near_spellings_only_when_the_name_is_not_known(monkeypatch):
    from etl.store import resolve_entities as resolve

    scans: list[str] = []
    extract = resolve.process.extract
    monkeypatch.setattr(resolve.process, "extract", lambda key, *a, **k: scans.append(key) or extract(key, *a, **k))
    pool = resolve.EntityPool([ZEL, BASE, OTAN, SURNAME])
    assert pool.choose(EntityRef("Volodymyr Zelensky", "PERSON")).entity_id == 1
    assert pool.choose(EntityRef("Elmendorf-Richardson", "LOC")).entity_id == 2
    assert scans == []
    assert pool.choose(EntityRef("Volodymyr Zelenskyy", "PERSON")).entity_id == 1
    assert scans == ["volodymyr zelenskyy"]
