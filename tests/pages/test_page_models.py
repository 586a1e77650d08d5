"""The dump's models on pages written for these tests: article blocks, headline, publisher."""

from etl.pages.block_model import FEATURES, default_model, find_blocks
from etl.pages.clean import clean_dump
from etl.pages.headline import FEATURES as HEADLINE_FEATURES
from etl.pages.headline import default_model as default_headline
from etl.pages.lines import split_lines
from etl.pages.metadata import extract_metadata

PARAGRAPH = (
    "Les élus ont adopté mardi soir le nouveau plan de circulation du centre-ville, après plusieurs mois de "
    "concertation avec les habitants et les commerçants du quartier."
)
COMMENTS = [
    "12 commentaires",
    "Je ne comprends pas pourquoi vous n'avez pas consulté les habitants des rues voisines avant de voter.",
    "Répondre",
    "Vous avez raison, et votre quartier va encore subir tout le trafic des camions de livraison le matin.",
]


def test_the_shipped_models_are_trained_on_todays_features():
    assert default_model().scorer.names == FEATURES
    assert default_headline().scorer.names == HEADLINE_FEATURES


def test_an_article_of_one_paragraph_is_still_an_article():
    text = "\n".join(
        ["Accueil", "Politique", "", "Le plan de circulation adopté", "", PARAGRAPH, "", "Mentions légales"]
    )
    parts = clean_dump(text)
    assert parts.body == PARAGRAPH
    assert parts.title == "Le plan de circulation adopté"


def test_reader_comments_after_a_comments_header_are_not_the_article():
    text = "\n\n".join(["Le plan de circulation adopté", PARAGRAPH, PARAGRAPH.replace("mardi", "lundi"), *COMMENTS])
    body = clean_dump(text).body
    assert "lundi soir" in body
    assert "consulté les habitants" not in body


def test_blocks_are_runs_of_prose():
    lines = split_lines("\n\n".join([PARAGRAPH, "Partager", PARAGRAPH, "a", "b", "c", "d", PARAGRAPH]))
    assert [b.lines for b in find_blocks(lines)] == [(0, 2), (7,)]


def test_the_headline_is_the_heading_above_the_article_not_the_menu_or_the_breadcrumb():
    text = "\n".join(
        [
            "Le Courrier du Val",
            "Accueil",
            "Actualités",
            "Accueil > Actualités > Le plan de circulation adopté au conseil",
            "Le plan de circulation adopté au conseil",
            "Par Marie Durand",
            "Publié le 4 juin 2024",
            "",
            PARAGRAPH,
            PARAGRAPH.replace("mardi", "lundi"),
        ]
    )
    parts = clean_dump(text)
    assert parts.title == "Le plan de circulation adopté au conseil"
    meta = extract_metadata(parts)
    assert meta.author == "Marie Durand"
    assert meta.published_on is not None and meta.published_on.isoformat() == "2024-06-04"


def test_the_publisher_is_the_copyright_owner_not_the_web_designer():
    base = ["Le plan de circulation adopté au conseil", PARAGRAPH, PARAGRAPH.replace("mardi", "lundi")]
    owner = clean_dump("\n\n".join([*base, "© 2024 Le Courrier du Val. Tous droits réservés"]))
    designer = clean_dump("\n\n".join([*base, "© 2024 Conception : Studio Pixel"]))
    assert extract_metadata(owner).publisher == "Le Courrier du Val"
    assert extract_metadata(designer).publisher is None


def _author_of(*header: str) -> str | None:
    text = "\n".join(
        ["Le plan de circulation adopté au conseil", *header, "", PARAGRAPH, PARAGRAPH.replace("mardi", "lundi")]
    )
    return extract_metadata(clean_dump(text)).author


def _published_above(*header: str) -> str | None:
    """The publication date of an article printed under ``header`` lines."""
    text = "\n".join([*header, "", PARAGRAPH, PARAGRAPH.replace("mardi", "lundi")])
    published = extract_metadata(clean_dump(text)).published_on
    return published.isoformat() if published else None


def test_bylines_as_pages_print_them():
    assert _author_of("ByJane Doe", "April 2, 2024") == "Jane Doe"  # a link glued to its label
    assert _author_of("By", "Jane Doe", "April 2, 2024") == "Jane Doe"  # label and name on two lines
    assert _author_of("Marie Durand | lundi 9 décembre 2019 à 09h08") == "Marie Durand"  # a name beside its date
    assert _author_of("Marie Durand Marie Durand", "9 décembre 2019") == "Marie Durand"  # printed twice
    assert _author_of("Politique", "Société") is None  # sections are no bylines


def test_the_publication_date_is_the_datelines_not_a_date_the_headline_names():
    published = _published_above(
        "Accueil > Conseil > Décisions du conseil du mardi 10 septembre",
        "Décisions du conseil du mardi 10 septembre",
        "mercredi 11 septembre 2019",
    )
    assert published == "2019-09-11"


def _publisher_of(top: list[str], bottom: list[str]) -> str | None:
    base = ["Le plan de circulation adopté au conseil", PARAGRAPH, PARAGRAPH.replace("mardi", "lundi")]
    return extract_metadata(clean_dump("\n\n".join([*top, *base, *bottom]))).publisher


def test_the_publisher_is_the_name_the_sites_own_furniture_gives():
    menu = ["Accueil", "Politique", "Société"]
    follow = ["• Suivre Le Courrier du Val sur Twitter", "• S'abonner aux flux RSS de Le Courrier du Val"]
    assert _publisher_of(menu, follow) == "Le Courrier du Val"
    assert _publisher_of(["Valley Courier logo", *menu], []) == "Valley Courier"
    assert _publisher_of(["logo valley courier", *menu], []) == "Valley Courier"  # as printed, capitalised


def test_a_partners_badge_a_source_line_or_a_company_is_not_the_publisher():
    menu = ["Accueil", "Politique", "Société"]
    assert _publisher_of(menu, ["The Standards Project Logo"]) is None  # a badge below, named once
    assert _publisher_of(menu, ["Source : Page Facebook de Collectif Vélo"]) is None
    assert _publisher_of(menu, ["© 2024 Val Media Group. All rights reserved."]) is None  # the owner company
    assert _publisher_of(menu, ["Newsletter logo", "Footer Logo"]) is None


def test_a_signature_above_a_closing_read_also_list_signs_the_article():
    teasers = [
        "Revue Projet : Savons-nous encore débattre ? Tout le monde s'accorde sur l'importance de débattre, "
        "mais la mise en pratique n'est pas si aisée dans les conseils de quartier.",
        "Revue Urbaine : la ville et ses habitants, un dossier coordonné par une équipe de chercheurs.",
        "Revue Cités : Quand la rue travaille, là aussi travaille le langage des habitants.",
    ]
    text = "\n\n".join(
        [
            "Le plan de circulation adopté au conseil",
            PARAGRAPH,
            PARAGRAPH.replace("mardi", "lundi"),
            "Par Jacques Martin",
            "À lire aussi :",
            *teasers,
        ]
    )
    parts = clean_dump(text)
    assert parts.body_lines[-1] == PARAGRAPH.replace("mardi", "lundi")
    assert extract_metadata(parts).author == "Jacques Martin"


def test_a_widgets_label_under_the_article_is_no_signature():
    assert _author_of() is None
    text = "\n\n".join(["Le plan de circulation adopté au conseil", PARAGRAPH, PARAGRAPH, "Share Button"])
    assert extract_metadata(clean_dump(text)).author is None


def _published_under(*trailer: str) -> str | None:
    text = "\n\n".join(["Le plan de circulation adopté au conseil", PARAGRAPH, PARAGRAPH.replace("mardi", "lundi")])
    published = extract_metadata(clean_dump(text + "\n\n" + "\n".join(trailer))).published_on
    return published.isoformat() if published else None


def test_under_the_article_only_a_labelled_date_or_a_date_alone_is_the_publication_date():
    assert _published_under("Mise en ligne", "23 mai 2019") == "2019-05-23"  # the label above its date
    assert _published_under("Date 23.05.2011") == "2011-05-23"
    assert _published_under("28 mai 2016 : Article du Courrier") is None  # a press review's item
    assert _published_under("Le 10 octobre 2019, le maire a été réélu à la tête de la métropole.") is None
    assert _published_under("Publié le 2 août") is None  # no year: a teaser's, not guessed


def test_a_date_glued_to_the_words_around_it():
    published = _published_above(
        "Une candidature collective à la présidence du conseil",
        "Marie Durand Politique 20 janvier 202020 janvier 2020évaluation, conseil 0 Comment",
    )
    assert published == "2020-01-20"


def test_a_dateline_printed_above_the_headline_belongs_to_its_block():
    text = "\n".join(
        [
            "Home",
            "Politics",
            "Business",
            "March 3, 2024, 8:15 AM",
            "City council approves the new downtown traffic plan",
            "Share",
            "",
            "The city council approved the new downtown traffic plan on Tuesday night, after months of "
            "talks with residents and shop owners of the district.",
            "Work on the first streets is expected to start in April, the mayor said after the vote.",
        ]
    )
    parts = clean_dump(text)
    assert parts.title == "City council approves the new downtown traffic plan"
    published = extract_metadata(parts).published_on
    assert published is not None and published.isoformat() == "2024-03-03"


def test_a_sign_up_prompt_inside_the_article_is_not_article_text():
    text = "\n\n".join(
        [
            "Le plan de circulation adopté au conseil",
            PARAGRAPH,
            "Inscrivez-vous à notre newsletter Politique",
            "CLICK HERE TO GET THE COURIER APP",
            PARAGRAPH.replace("mardi", "lundi"),
            "Pour réécouter le débat, cliquez sur le lien ci-dessous.",
        ]
    )
    body = clean_dump(text).body
    assert "newsletter" not in body and "CLICK HERE" not in body
    assert "cliquez sur le lien ci-dessous." in body  # a sentence of the article stays
