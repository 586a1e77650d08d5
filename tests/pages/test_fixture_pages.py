"""Realistic pages of different layouts and languages, each with its expected values.

Every ``tests/fixtures/pages/<name>.<txt|html>`` has a ``<name>.expected.json``: title, author, publisher,
dates, language, the first and last words of the body, snippets the body must hold, lines that
must not be in it (boilerplate, captions, comments, teasers) and the captions set apart.
"""

import json
import re
from pathlib import Path

import pytest

from etl.transform import transform

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
CASES = sorted(p for p in PAGES.iterdir() if p.suffix in (".txt", ".html", ".htm"))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


@pytest.fixture(scope="module", params=CASES, ids=lambda p: p.name)
def case(request):
    page = request.param
    expected = json.loads(page.with_name(page.stem + ".expected.json").read_text(encoding="utf-8"))
    return transform(page.name, page.read_bytes()), expected


def test_there_are_enough_layouts():
    assert len(CASES) >= 8
    assert {p.suffix for p in CASES} >= {".txt", ".html"}


@pytest.mark.parametrize("field", ["title", "author", "publisher", "language"])
def test_text_fields(case, field):
    article, expected = case
    assert getattr(article, field) == expected[field]


@pytest.mark.parametrize("field", ["published", "updated"])
def test_dates(case, field):
    article, expected = case
    got = getattr(article, f"{field}_on")
    assert (got.isoformat() if got else None) == expected[field]


def test_body_starts_and_ends_with_the_article(case):
    article, expected = case
    body = squash(article.body)
    assert squash(expected["body_first"]) in body[:400]
    assert squash(expected["body_last"]) in body[-400:]
    for snippet in expected.get("body_contains", []):
        assert squash(snippet) in body


def test_no_boilerplate_in_body(case):
    article, expected = case
    lines = {squash(line) for line in article.body.split("\n") if line.strip()}
    body = squash(article.body)
    for junk in expected["not_in_body"]:
        junk = squash(junk)
        assert junk not in lines, junk
        if len(junk.split()) > 3:
            assert junk not in body, junk


def test_captions_are_set_apart(case):
    article, expected = case
    assert [c.text for c in article.captions] == expected["captions"]
    for caption in article.captions:
        assert caption.text not in article.body
