from etl.records import EntityRef
from etl.resolve import Candidate, choose

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
    assert choose(EntityRef("Zelensky", "PERSON"), [Candidate(1, "PERSON", "Volodymyr Zelensky",
                                                              "volodymyr zelensky")]).entity_id == 1
    two = [Candidate(1, "PERSON", "Donald Trump", "donald trump"), Candidate(5, "PERSON", "Melania Trump", "melania trump")]
    assert choose(EntityRef("Trump", "PERSON"), two).entity_id is None  # ambiguous: never guess


def test_full_name_upgrades_a_surname_only_entity():
    d = choose(EntityRef("David Kearn", "PERSON"), [SURNAME])
    assert d.entity_id == 4 and d.rename_to == "David Kearn"


def test_facility_words_before_a_place():
    assert choose(EntityRef("Elmendorf-Richardson", "LOC"), [BASE]).entity_id == 2
    d = choose(EntityRef("Joint Base Elmendorf-Richardson", "LOC"),
               [Candidate(7, "LOC", "Elmendorf-Richardson", "elmendorf richardson")])
    assert d.entity_id == 7 and d.rename_to == "Joint Base Elmendorf-Richardson"


def test_near_spelling_with_a_cutoff():
    assert choose(EntityRef("Volodymyr Zelenskyy", "PERSON"), [ZEL]).entity_id == 1
    assert choose(EntityRef("Volodymyr Kravchenko", "PERSON"), [ZEL]).entity_id is None
    assert choose(EntityRef("Autriche", "LOC"), [Candidate(9, "LOC", "Australie", "australie")]).entity_id is None
