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
