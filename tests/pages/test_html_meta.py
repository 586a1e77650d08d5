"""What an HTML page declares about itself: headline, publisher, authors, dates (own fixtures)."""

from datetime import date

from etl.pages.html import parse_html
from etl.pages.html_meta import read_html_meta

BODY = (
    "<p>" + " ".join(["Le conseil municipal a voté le budget de la ville mardi soir après un long débat."] * 6) + "</p>"
)


def page(head: str, body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<article>{BODY}</article></body></html>"


def test_the_printed_h1_beats_a_title_with_the_site_name():
    html = page(
        "<title>Le budget voté après trois heures de débat | La Gazette</title>"
        '<meta property="og:site_name" content="La Gazette">',
        "<h1>Le budget voté après trois heures de débat</h1>",
    )
    meta = read_html_meta(html)
    assert meta.headline == "Le budget voté après trois heures de débat"
    assert meta.publisher == "La Gazette"


def test_a_badge_after_the_h1_is_left_out_through_the_title():
    html = page(
        "<title>Le budget voté après trois heures de débat | Chroniques | La Gazette</title>",
        "<h1>Le budget voté après trois heures de débat Abonnés</h1>",
    )
    assert read_html_meta(html).headline == "Le budget voté après trois heures de débat"


def test_without_h1_the_title_loses_the_site_name_and_the_site_comes_from_the_title():
    html = page("<title>City approves the budget after a long debate - The Valley Courier</title>")
    meta = read_html_meta(html)
    assert meta.headline == "City approves the budget after a long debate"
    assert meta.publisher == "The Valley Courier"


def test_json_ld_gives_authors_publisher_and_dates_but_an_organisation_is_no_author():
    ld = (
        '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "City approves the budget",'
        ' "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "Courier Media"}],'
        ' "publisher": {"@type": "Organization", "name": "The Valley Courier"},'
        ' "datePublished": "2024-04-02T18:40:00Z", "dateModified": "2024-04-03T09:05:00Z"}'
    )
    meta = read_html_meta(page(f'<script type="application/ld+json">{ld}</script>'))
    assert meta.authors == ("Jane Doe",)
    assert meta.publisher == "The Valley Courier"
    assert (meta.published_on, meta.updated_on) == (date(2024, 4, 2), date(2024, 4, 3))


def test_the_outlet_and_form_labels_are_never_the_author():
    html = page(
        '<meta property="og:site_name" content="La Gazette"><meta name="author" content="La Gazette">',
        '<form><label class="author">Nom *</label></form>',
    )
    assert read_html_meta(html).authors == ()
    assert parse_html(html).author is None


def test_a_page_without_declarations_declares_nothing():
    meta = read_html_meta(page(""))
    assert (meta.headline, meta.publisher, meta.authors, meta.published_on) == (None, None, (), None)


def test_an_author_given_by_reference_in_a_json_ld_graph_beats_a_teaser_byline():
    ld = (
        '{"@context": "https://schema.org", "@graph": ['
        '{"@type": "NewsArticle", "headline": "City approves the budget", "author": {"@id": "#p1"},'
        ' "publisher": {"@id": "#org"}},'
        '{"@type": "Person", "@id": "#p1", "name": "Jane Doe"},'
        '{"@type": "Organization", "@id": "#org", "name": "The Valley Courier"}]}'
    )
    teaser = '<aside><a href="/other" rel="author">John Roe</a></aside>'
    meta = read_html_meta(page(f'<script type="application/ld+json">{ld}</script>', teaser))
    assert meta.authors == ("Jane Doe",)
    assert meta.publisher == "The Valley Courier"


def test_meta_tags_add_no_author_when_the_article_declares_one_and_name_no_organisation():
    ld = '{"@type": "NewsArticle", "headline": "Le budget", "author": {"@type": "Person", "name": "Marie Durand"}}'
    html = page(
        f'<script type="application/ld+json">{ld}</script><meta name="author" content="Groupe Média Ouest">'
        '<meta name="copyright" content="Groupe Média Ouest">'
    )
    assert read_html_meta(html).authors == ("Marie Durand",)
    only_meta = page(
        '<meta name="author" content="Groupe Média Ouest"><meta name="publisher" content="Groupe Média Ouest">'
    )
    assert read_html_meta(only_meta).authors == ()


def test_a_person_declared_as_publisher_is_no_publisher():
    ld = '{"@type": "WebPage", "publisher": {"type": "Person", "name": "Paul Martin"}}'
    html = page(
        f'<title>Les voix du quartier | Radio Canal Est</title><script type="application/ld+json">{ld}</script>'
    )
    assert read_html_meta(html).publisher == "Radio Canal Est"


def test_a_byline_marked_by_a_class_word_but_not_one_inside_a_teaser_link():
    byline = '<span class="article_author-name"><a href="/auteur/marie-durand">Marie Durand</a></span>'
    teaser = '<a href="/autre"><span class="teaser-author">Paul Martin</span></a>'
    assert read_html_meta(page("", teaser + byline)).authors == ("Marie Durand",)
    assert read_html_meta(page("", teaser)).authors == ()
    contributor = '<span class="field-contributor">Par <a href="/p/lea-roux">Léa Roux</a></span>'
    assert read_html_meta(page("", contributor)).authors == ("Léa Roux",)


def test_a_labelled_author_in_the_text():
    html = page("", "<div><p>Auteur : Marie Durand</p><p>Edition : P. Martin</p></div>")
    assert read_html_meta(html).authors == ("Marie Durand",)
    assert read_html_meta(page("", "<p>Written by: Jane Doe</p>")).authors == ("Jane Doe",)


def test_a_readers_comment_date_is_not_the_publication_date():
    html = page(
        "<title>Le budget voté | La Gazette</title>",
        '<p class="date">Publié le 30 septembre 2018</p>'
        '<div class="comments"><abbr class="date" title="2018-09-11T10:57:27Z">11 septembre 2018</abbr></div>',
    )
    assert parse_html(html).published_on == date(2018, 9, 30)


def test_a_publication_label_above_its_date():
    html = page(
        "<title>Les voix du quartier | Radio Canal Est</title>",
        '<ul><li><p class="title">Mise en ligne</p><p class="content">23 mai 2019</p></li></ul>',
    )
    assert parse_html(html).published_on == date(2019, 5, 23)


def test_a_read_also_heading_with_a_few_teasers_closes_the_html_article():
    teasers = "".join(
        f"<p>Revue {n} : un dossier sur la ville et ses habitants, coordonné par une équipe de chercheurs, "
        "propose un voyage dans les quartiers et leurs débats.</p>"
        for n in ("Projet", "Esprit", "Mots")
    )
    html = (
        "<html><head><title>Le budget voté | La Gazette</title></head><body><article>"
        f"<h1>Le budget voté</h1>{BODY}<p>La séance a été levée à minuit.</p>"
        f"<p>À lire aussi :</p>{teasers}</article></body></html>"
    )
    body = parse_html(html).parts.body
    assert body.rstrip().endswith("La séance a été levée à minuit.")
    assert "Revue Projet" not in body
