from pathlib import Path

import pytest

from etl.records import Article, RawDocument, Rejected
from etl.transform import sha256_hex, transform, transform_batch

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_seed_becomes_a_french_article(path):
    data = path.read_bytes()
    article = transform(path.name, data)
    assert article.source_path == path.name
    assert article.content_sha256 == sha256_hex(data)
    assert article.language == "fr"
    assert len(article.body) > 1500
    assert "\n\n" in article.body
    assert "Skip to main content" not in article.body
    assert "top of page" not in article.body


def test_headline_is_counted_once():
    text = (
        "Skip to main content\n\nUn titre de page assez long\n\nUn titre de page assez long\n\n"
        + "Le corps de l'article compte bien plus de douze mots pour être reconnu comme de la prose.\n"
    )
    article = transform("a.txt", text.encode())
    assert article.title == "Un titre de page assez long"
    assert "Un titre de page" not in article.body
    assert article.body.startswith("Le corps de l'article")


def test_page_without_headline_has_null_title():
    text = "Le président des États-Unis et le président russe se rencontreront vendredi en Alaska, a-t-on appris.\n"
    assert transform("b.txt", text.encode()).title is None


def test_batch_splits_articles_and_rejections():
    docs = [
        RawDocument("ok.txt", SEEDS[0].read_bytes(), "x"),
        RawDocument("empty.txt", b"", "y"),
        RawDocument("bin.txt", b"\x89PNG\r\n\x1a\n....", "z"),
    ]
    result = transform_batch(docs)
    assert [a.source_path for a in result.articles] == ["ok.txt"]
    assert all(isinstance(a, Article) for a in result.articles)
    assert {(r.source_path, r.reason) for r in result.rejected} == {("empty.txt", "empty"), ("bin.txt", "binary")}
    assert all(isinstance(r, Rejected) and r.detail for r in result.rejected)


def test_a_failing_nlp_stage_keeps_the_article(monkeypatch, caplog):
    import etl.transform as transform_module

    def broken(*args, **kwargs):
        raise RuntimeError("model crashed on this page")

    monkeypatch.setattr(transform_module, "extract_events", broken)
    article = transform(SEEDS[0].name, SEEDS[0].read_bytes())
    assert article.body and article.mentions and article.quotes  # the other stages still ran
    assert article.events == () and article.place_links == ()
    assert "events extraction failed" in caplog.text


def test_a_batch_gives_each_page_what_it_gets_alone():
    """NER and the parse of quotes' sentences run over the whole batch at once: each article is
    the one its page gives on its own."""
    docs = [RawDocument(p.name, p.read_bytes(), sha256_hex(p.read_bytes())) for p in SEEDS]
    alone = [transform(d.path, d.data) for d in docs]
    assert transform_batch(docs).articles == alone
    assert any(q.speaker for a in alone for q in a.quotes)
