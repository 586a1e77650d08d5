"""Train the page-dump models (article blocks, :mod:`etl.pages.block_model`; headline,
:mod:`etl.pages.headline`) on the dev set, and measure them leave-one-site-out.

Labels come from each page's other form and its gold: a line of the text dump is article text
when the HTML path (trafilatura, :func:`etl.pages.html.parse_html`) keeps it, or when it holds
one of the gold's ``body_must_contain`` snippets; a line holding a ``body_must_not_contain``
snippet is not; a block is article text when most of its characters are. The headline is the
candidate line that reads as the gold's title. The models see only the dump.

    python -m etl.bench.train_page_models [--devset ../shared/devset] [--write]

prints each model's figures for every left-out site (every dev page is from its own site) and,
with ``--write``, writes ``etl/pages/data/block_model.json`` and ``headline_model.json`` trained
on all of them.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from etl.pages import DATA_DIR
from etl.pages import block_model as blocks_mod
from etl.pages import headline as headline_mod
from etl.pages.block_model import Block, BlockModel, block_features, find_blocks
from etl.pages.decode import decode_bytes
from etl.pages.headline import HeadlineModel, candidates, headline_features
from etl.pages.html import parse_html
from etl.pages.lines import Line, split_lines
from etl.pages.logistic import LogisticModel
from etl.settings import PROJECT_ROOT

DEVSET = PROJECT_ROOT.parent / "shared" / "devset"
SEEDS_GOLD = PROJECT_ROOT.parent / "shared" / "gold" / "seeds_gold.json"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "pages"


def squash(text: str) -> str:
    """Case-, accent-, apostrophe- and space-insensitive form, to find a line in a text."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"\s+", " ", text).strip(" .,;:!?\"'«»“”()[]")


@dataclass
class LabelledPage:
    """A dev page's dump lines and blocks, whether each line and block is article text, its
    gold headline, and its site (the unit a leave-one-site-out run leaves out)."""

    name: str
    site: str
    lines: list[Line]
    line_labels: list[bool]
    blocks: list[Block]
    block_labels: list[bool]
    title: str | None

    @property
    def first(self) -> int:
        return next((i for i, v in enumerate(self.line_labels) if v), 0)

    @property
    def last(self) -> int:
        return max((i for i, v in enumerate(self.line_labels) if v), default=len(self.lines) - 1)


def label_lines(dump: str, html: str, gold: dict) -> tuple[list[Line], list[bool]]:
    """The dump's lines and whether each is article text (see the module docstring)."""
    page = parse_html(html)
    kept = squash(page.parts.body)
    paragraphs = {squash(p) for p in page.parts.body_lines}
    must = [squash(s) for s in gold.get("body_must_contain", [])]
    never = [squash(s) for s in gold.get("body_must_not_contain", [])]
    lines = split_lines(dump)
    labels = []
    for ln in lines:
        k = squash(ln.text)
        label = len(k) >= 3 and k in kept and (len(k) > 25 or k in paragraphs)
        label = (label or any(s and s in k for s in must)) and not any(s and s in k for s in never)
        labels.append(label)
    return lines, labels


def load_devset(devset: Path) -> list[LabelledPage]:
    """Every dev page with a text dump, an HTML form and a gold file, labelled."""
    out = []
    for gold_path in sorted((devset / "gold").glob("*.json")):
        name = gold_path.stem
        dump, html = devset / "pages" / f"{name}.txt", devset / "pages" / f"{name}.html"
        if not (dump.exists() and html.exists()):
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        lines, line_labels = label_lines(decode_bytes(dump.read_bytes()), decode_bytes(html.read_bytes()), gold)
        site = name.split("_", 1)[-1].rsplit("-", 1)[0]
        out.append(_labelled(name, site, lines, line_labels, gold.get("title")))
    return out


def label_span(dump: str, first_words: str, last_words: str, outside: Sequence[str]) -> tuple[list[Line], list[bool]]:
    """A page annotated by hand (its first and last words, the lines that are not the article):
    the lines from the first to the last words are article text, but for the ones listed."""
    lines = split_lines(dump)
    keys = [squash(ln.text) for ln in lines]
    start = next((i for i, k in enumerate(keys) if squash(first_words)[:60] in k), None)
    end = next((i for i in range(len(keys) - 1, -1, -1) if squash(last_words)[-60:] in keys[i]), None)
    never = [squash(s) for s in outside if squash(s)]
    labels = [
        start is not None and end is not None and start <= i <= end and not any(s in k for s in never)
        for i, k in enumerate(keys)
    ]
    return lines, labels


def _labelled(name: str, site: str, lines: list[Line], line_labels: list[bool], title: str | None) -> LabelledPage:
    blocks = find_blocks(lines)
    block_labels = []
    for b in blocks:
        size = sum(len(lines[i].text) for i in b.lines)
        block_labels.append(sum(len(lines[i].text) for i in b.lines if line_labels[i]) * 2 >= size)
    return LabelledPage(name, site, lines, line_labels, blocks, block_labels, title)


def load_annotated(seeds: Path, seeds_gold: Path, fixtures: Path) -> list[LabelledPage]:
    """The seeds (their gold) and the project's own page fixtures (their expected values), as
    training pages; each is a site of its own."""
    out = []
    for g in json.loads(seeds_gold.read_text(encoding="utf-8")) if seeds_gold.exists() else []:
        path = seeds / g["file"]
        if path.exists():
            outside = [*g.get("boilerplate", []), *g.get("captions", [])]
            lines, labels = label_span(
                decode_bytes(path.read_bytes()), g["body_first_words"], g["body_last_words"], outside
            )
            out.append(_labelled(path.stem, f"seed-{path.stem}", lines, labels, g.get("title")))
    for expected in sorted(fixtures.glob("*.expected.json")):
        page = expected.with_name(expected.name.replace(".expected.json", ".txt"))
        if not page.exists():
            continue
        e = json.loads(expected.read_text(encoding="utf-8"))
        outside = [
            *e.get("not_in_body", []),
            *(c if isinstance(c, str) else c.get("text", "") for c in e.get("captions", [])),
        ]
        lines, labels = label_span(decode_bytes(page.read_bytes()), e["body_first"], e["body_last"], outside)
        out.append(_labelled(page.stem, f"fixture-{page.stem}", lines, labels, e.get("title")))
    return out


def fit_logistic(
    rows: Sequence[Sequence[float]],
    labels: Sequence[bool],
    names: Sequence[str],
    l2: float = 1.0,
    iterations: int = 100,
) -> LogisticModel:
    """A logistic regression fitted by Newton's method with an L2 penalty (inputs standardised)."""
    x = np.array(rows, dtype=float).reshape(-1, len(names))
    y = np.array([float(v) for v in labels])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        step = np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty), z.T @ (p - y) + penalty * w)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return LogisticModel(
        tuple(names),
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
        tuple(float(v) for v in w[:-1]),
        float(w[-1]),
    )


# ---------------------------------------------------------------- article blocks
def fit_blocks(pages: Sequence[LabelledPage], l2: float = 1.0) -> BlockModel:
    """The block model trained on ``pages``."""
    rows = [row for p in pages for row in block_features(p.lines, p.blocks)]
    return BlockModel(fit_logistic(rows, [v for p in pages for v in p.block_labels], blocks_mod.FEATURES, l2))


def block_scores(model: BlockModel, pages: Sequence[LabelledPage]) -> dict[str, float]:
    """Precision, recall and F1 of the article blocks, weighted by their characters."""
    tp = fp = fn = 0
    for page in pages:
        got = model.article_blocks(page.lines, page.blocks)
        for b, g, want in zip(page.blocks, got, page.block_labels, strict=True):
            size = sum(len(page.lines[i].text) for i in b.lines)
            tp += size * (g and want)
            fp += size * (g and not want)
            fn += size * (want and not g)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# ---------------------------------------------------------------- headline
def _is_title(page: LabelledPage, i: int) -> bool:
    return page.title is not None and squash(page.lines[i].text) == squash(page.title)


def fit_headline(pages: Sequence[LabelledPage], l2: float = 1.0) -> HeadlineModel:
    """The headline model trained on ``pages`` (candidates above each page's labelled article,
    the one that reads as the gold title positive)."""
    rows: list[list[float]] = []
    labels: list[bool] = []
    for p in pages:
        picks = candidates(p.lines, p.first)
        rows += headline_features(p.lines, p.first, p.last, picks)
        labels += [_is_title(p, i) for i in picks]
    return HeadlineModel(fit_logistic(rows, labels, headline_mod.FEATURES, l2))


def headline_scores(model: HeadlineModel, pages: Sequence[LabelledPage]) -> dict[str, float]:
    """Share of pages whose headline is right, wrong, or left empty."""
    right = wrong = empty = 0
    for p in pages:
        i = model.pick(p.lines, p.first, p.last)
        if i is None:
            empty += 1
        elif _is_title(p, i):
            right += 1
        else:
            wrong += 1
    n = max(1, len(pages))
    return {"right": right / n, "wrong": wrong / n, "empty": empty / n}


# ---------------------------------------------------------------- leave one site out
def leave_one_site_out(
    pages: Sequence[LabelledPage],
    fit: Callable,
    score: Callable[..., dict[str, float]],
    l2: float = 1.0,
    also: Sequence[LabelledPage] = (),
) -> dict[str, dict[str, float]]:
    """Each site's scores with a model trained on the other sites (and on ``also``)."""
    return {
        site: score(fit([p for p in pages if p.site != site] + list(also), l2), [p for p in pages if p.site == site])
        for site in sorted({p.site for p in pages})
    }


# ---------------------------------------------------------------- the page's figures
def norm(text: str | None) -> str:
    """The dev set's comparison form (as its score.py: accents, quotes, dashes, case, spaces)."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-").casefold().replace("-", " ")
    return re.sub(r"\s+", " ", text).strip(" .,;:!?\"'«»“”()[]")


def page_figures(
    devset: Path,
    blocks: BlockModel | None,
    headline: HeadlineModel | None,
    names: set[str],
    template: frozenset[str] = frozenset(),
) -> dict[str, list[bool]]:
    """The dev set's page metrics (title, dates, publisher, author, body) of the dumps ``names``
    cleaned with the given models, one boolean per check."""
    from etl.pages.clean import clean_dump  # noqa: PLC0415  (the trainer is imported by the cleaner's tests)
    from etl.pages.metadata import extract_metadata  # noqa: PLC0415

    out: dict[str, list[bool]] = {}
    for name in sorted(names):
        gold = json.loads((devset / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        parts = clean_dump(decode_bytes((devset / "pages" / f"{name}.txt").read_bytes()), template, blocks, headline)
        meta = extract_metadata(parts)
        body = norm(parts.body)
        got = {
            "title": parts.title,
            "published": meta.published_on.isoformat() if meta.published_on else None,
            "publisher": meta.publisher,
            "author": meta.author,
        }
        for field in ("title", "published", "publisher", "author"):
            if field in gold and (field != "title" or gold[field]):
                accepted = {norm(gold[field])} | {norm(x) for x in gold.get(f"{field}_acceptable", [])}
                out.setdefault(field, []).append(norm(got[field]) in accepted)
        snippets = gold.get("body_must_contain", [])
        if snippets:
            out.setdefault("body_start", []).append(norm(snippets[0]) in body[:800])
            out.setdefault("body_end", []).append(norm(snippets[-1]) in body[-400:])
        out.setdefault("body_contains", []).extend(norm(x) in body for x in snippets)
        out.setdefault("boilerplate_removed", []).extend(
            norm(x) not in body for x in gold.get("body_must_not_contain", [])
        )
    return out


def page_report(devset: Path, pages: Sequence[LabelledPage], own: Sequence[LabelledPage], l2: float) -> None:
    """The page metrics of every dev dump cleaned by models trained without its site, per
    language, beside the in-sample ones."""
    languages = {
        p.name: json.loads((devset / "gold" / f"{p.name}.json").read_text(encoding="utf-8")).get("language")
        for p in pages
    }
    loso: dict[str, dict[str, list[bool]]] = {}
    for site in sorted({p.site for p in pages}):
        rest = [p for p in pages if p.site != site] + list(own)
        figures = page_figures(
            devset, fit_blocks(rest, l2), fit_headline(rest, l2), {p.name for p in pages if p.site == site}
        )
        for name in (p.name for p in pages if p.site == site):
            loso[name] = figures
    full = {
        p.name: page_figures(
            devset, fit_blocks(list(pages) + list(own), l2), fit_headline(list(pages) + list(own), l2), {p.name}
        )
        for p in pages
    }
    for label, results in (("leave-one-site-out", loso), ("in sample", full)):
        for lang in (None, "fr", "en"):
            merged: dict[str, list[bool]] = {}
            for name, figures in results.items():
                if lang is None or languages[name] == lang:
                    for k, v in figures.items():
                        merged.setdefault(k, []).extend(v)
            print(
                f"  {label:18s} {lang or 'all':3s} " + " ".join(f"{k} {sum(v) / len(v):.3f}" for k, v in merged.items())
            )


def _report(title: str, per_site: dict[str, dict[str, float]], in_sample: dict[str, float]) -> None:
    print(f"== {title}")
    for site, s in per_site.items():
        print(f"  {site:28s} " + " ".join(f"{k} {v:.3f}" for k, v in s.items()))
    keys = next(iter(per_site.values())).keys()
    mean = {k: sum(s[k] for s in per_site.values()) / len(per_site) for k in keys}
    print("  leave-one-site-out, mean over sites: " + " ".join(f"{k} {v:.3f}" for k, v in mean.items()))
    print("  in sample: " + " ".join(f"{k} {v:.3f}" for k, v in in_sample.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--write", action="store_true", help="write the models under etl/pages/data/")
    parser.add_argument("--pages", action="store_true", help="also the page metrics of the cleaned dumps")
    args = parser.parse_args()
    pages = load_devset(args.devset)
    own = load_annotated(
        args.devset.parent.parent / "shared" / "seeds" if False else SEEDS_GOLD.parent.parent / "seeds",
        SEEDS_GOLD,
        FIXTURES,
    )
    blocks = fit_blocks(pages + own, args.l2)
    _report(
        "article blocks", leave_one_site_out(pages, fit_blocks, block_scores, args.l2, own), block_scores(blocks, pages)
    )
    headline = fit_headline(pages + own, args.l2)
    _report(
        "headline",
        leave_one_site_out(pages, fit_headline, headline_scores, args.l2, own),
        headline_scores(headline, pages),
    )
    print(f"(dev pages {len(pages)}, with seeds and fixtures in every training set: {len(own)})")
    if args.pages:
        print("== pages (the dumps cleaned; no site template)")
        page_report(args.devset, pages, own, args.l2)
    if args.write:
        for name, model in ((blocks_mod.MODEL_FILE, blocks.scorer), (headline_mod.MODEL_FILE, headline.scorer)):
            (DATA_DIR / name).write_text(json.dumps(model.as_json(), indent=1) + "\n", encoding="utf-8")
            print(f"wrote etl/pages/data/{name}")


if __name__ == "__main__":
    main()
