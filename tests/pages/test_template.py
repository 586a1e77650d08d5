from etl.pages.clean import clean_dump
from etl.pages.template import fingerprints, learn_template


def page(title: str, lead: str) -> str:
    return f"""Vie locale
Météo du jour
{title}

{lead} Le conseil municipal a voté la mesure à une large majorité lors de sa dernière séance publique.

Suivez Le Petit Écho sur les réseaux

La décision entrera en vigueur au début du mois prochain, selon la mairie, qui prévoit une réunion publique.

Notre rédaction vous remercie de votre fidélité
Le Petit Écho local, tous les jours avec vous
"""


PAGES = [
    page("Le marché couvert rouvre ses portes après travaux", "Le marché couvert a rouvert samedi."),
    page("Une nouvelle piste cyclable relie la gare au lycée", "La piste cyclable a été inaugurée lundi."),
    page("La médiathèque étend ses horaires le dimanche", "La médiathèque ouvrira désormais le dimanche."),
    page("Le festival d'été dévoile sa programmation", "Le festival a présenté ses têtes d'affiche."),
]


def test_lines_repeated_across_pages_are_learned_and_dropped():
    template = learn_template([fingerprints(p) for p in PAGES], min_pages=3)
    parts = clean_dump(PAGES[0], template)
    assert parts.title == "Le marché couvert rouvre ses portes après travaux"
    assert "Notre rédaction vous remercie" not in parts.body
    assert "Le Petit Écho local" not in parts.body
    assert "Suivez Le Petit Écho sur les réseaux" not in parts.body
    assert parts.body.startswith("Le marché couvert a rouvert samedi.")
    assert parts.body.endswith("qui prévoit une réunion publique.")


def test_without_template_only_the_mid_article_widget_stays():
    parts = clean_dump(PAGES[0])
    assert "Notre rédaction vous remercie" not in parts.body  # after the last paragraph anyway
    assert "Suivez Le Petit Écho sur les réseaux" in parts.body  # no vocabulary knows it


def test_prose_is_never_template():
    wire = "Le gouvernement a annoncé mardi un plan de soutien de deux milliards d'euros pour les agriculteurs."
    pages = [
        f"Titre numéro {i} pour le test\n\n{wire}\n\nUne autre phrase propre à la page numéro {i} et assez longue."
        for i in range(5)
    ]
    template = learn_template([fingerprints(p) for p in pages], min_pages=3)
    assert wire in clean_dump(pages[0], template).body


def test_titles_are_unique_so_never_learned():
    template = learn_template([fingerprints(p) for p in PAGES], min_pages=2)
    assert clean_dump(PAGES[1], template).title == "Une nouvelle piste cyclable relie la gare au lycée"
