"""The seed pages against their hand-checked values (copied from the gold annotations)."""

import json
import re
from pathlib import Path

import pytest

from etl.transform import transform

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = json.loads((ROOT / "tests" / "fixtures" / "golden" / "seeds_articles.json").read_text(encoding="utf-8"))


def squash(text):
    return re.sub(r"\s+", " ", (text or "").replace("\u00a0", " ")).strip()


@pytest.fixture(scope="module", params=sorted(GOLDEN), ids=lambda n: n[:3])
def seed(request):
    name = request.param
    return transform(name, (ROOT / "seeds" / name).read_bytes()), GOLDEN[name]


def test_metadata(seed):
    article, gold = seed
    assert article.title == gold["title"]
    assert article.language == gold["language"]
    assert article.publisher == gold["publisher"]
    assert article.author in [gold["author"], *gold["author_alternatives"]]
    assert (article.published_on.isoformat() if article.published_on else None) == gold["published"]
    assert (article.updated_on.isoformat() if article.updated_on else None) == gold["updated"]


def test_body_bounds_and_boilerplate(seed):
    article, gold = seed
    body = squash(article.body)
    assert squash(gold["body_first_words"]) in body[:400]
    assert squash(gold["body_last_words"]) in body[-400:]
    lines = {squash(line.lstrip("•")) for line in article.body.split("\n")}
    for junk in gold["boilerplate"] + gold["captions"]:
        assert squash(junk) not in lines


def test_captions_kept_apart(seed):
    article, gold = seed
    got = [f"{c.text} © {c.credit}" if c.credit else c.text for c in article.captions]
    assert [squash(c) for c in got] == [squash(c) for c in gold["captions"]]
