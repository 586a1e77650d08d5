"""Train the dump block classifier (:mod:`etl.pages.block_model`) on the dev set, and measure it
leave-one-site-out.

Labels come from each page's other form: a line of the text dump is article text when the HTML
path (trafilatura, :func:`etl.pages.html.parse_html`) keeps it, or when it holds one of the gold's
``body_must_contain`` snippets; a line holding a ``body_must_not_contain`` snippet is not. A
block is article text when most of its characters are. The model sees only the dump.

    python -m etl.bench.train_block_model [--devset ../shared/devset] [--write]

prints the block-level figures of each left-out site (every dev page is from its own site) and,
with ``--write``, writes ``etl/pages/data/block_model.json`` trained on all of them.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from etl.pages import DATA_DIR
from etl.pages.block_model import FEATURES, MODEL_FILE, Block, BlockModel, block_features, find_blocks
from etl.pages.decode import decode_bytes
from etl.pages.html import parse_html
from etl.pages.lines import Line, split_lines
from etl.settings import PROJECT_ROOT

DEVSET = PROJECT_ROOT.parent / "shared" / "devset"


def squash(text: str) -> str:
    """Case-, accent-, apostrophe- and space-insensitive form, to find a line in a text."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class LabelledPage:
    """A dev page's dump lines and blocks, whether each block is article text, and its site."""

    name: str
    site: str
    lines: list[Line]
    blocks: list[Block]
    labels: list[bool]


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
    """Every dev page with a text dump, an HTML form and a gold file, its blocks labelled."""
    out = []
    for gold_path in sorted((devset / "gold").glob("*.json")):
        name = gold_path.stem
        dump, html = devset / "pages" / f"{name}.txt", devset / "pages" / f"{name}.html"
        if not (dump.exists() and html.exists()):
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        lines, line_labels = label_lines(decode_bytes(dump.read_bytes()), decode_bytes(html.read_bytes()), gold)
        blocks = find_blocks(lines)
        labels = []
        for b in blocks:
            size = sum(len(lines[i].text) for i in b.lines)
            labels.append(sum(len(lines[i].text) for i in b.lines if line_labels[i]) * 2 >= size)
        site = name.split("_", 1)[-1].rsplit("-", 1)[0]
        out.append(LabelledPage(name, site, lines, blocks, labels))
    return out


def fit(pages: Sequence[LabelledPage], l2: float = 1.0, iterations: int = 100) -> BlockModel:
    """A logistic regression fitted by Newton's method with an L2 penalty."""
    rows = [row for p in pages for row in block_features(p.lines, p.blocks)]
    x = np.array(rows, dtype=float).reshape(-1, len(FEATURES))
    y = np.array([float(v) for p in pages for v in p.labels])
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
    return BlockModel(
        FEATURES,
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
        tuple(float(v) for v in w[:-1]),
        float(w[-1]),
    )


def block_scores(model: BlockModel, pages: Sequence[LabelledPage]) -> dict[str, float]:
    """Precision, recall and F1 of the article blocks, weighted by their characters."""
    tp = fp = fn = 0
    for page in pages:
        got = model.article_blocks(page.lines, page.blocks)
        for b, g, want in zip(page.blocks, got, page.labels, strict=True):
            size = sum(len(page.lines[i].text) for i in b.lines)
            tp += size * (g and want)
            fp += size * (g and not want)
            fn += size * (want and not g)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def leave_one_site_out(pages: Sequence[LabelledPage], l2: float = 1.0) -> dict[str, BlockModel]:
    """For each site, a model trained on the other sites."""
    return {site: fit([p for p in pages if p.site != site], l2) for site in sorted({p.site for p in pages})}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--write", action="store_true", help=f"write etl/pages/data/{MODEL_FILE}")
    args = parser.parse_args()
    pages = load_devset(args.devset)
    models = leave_one_site_out(pages, args.l2)
    pooled = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    for site, model in models.items():
        s = block_scores(model, [p for p in pages if p.site == site])
        print(f"{site:28s} " + " ".join(f"{k} {v:.3f}" for k, v in s.items()))
        pooled = {k: pooled[k] + s[k] / len(models) for k in pooled}
    print("leave-one-site-out, mean over sites: " + " ".join(f"{k} {v:.3f}" for k, v in pooled.items()))
    model = fit(pages, args.l2)
    print("in sample: " + " ".join(f"{k} {v:.3f}" for k, v in block_scores(model, pages).items()))
    for name, w in sorted(zip(FEATURES, model.weights, strict=True), key=lambda kv: -abs(kv[1])):
        print(f"  {name:24s} {w:+.3f}")
    if args.write:
        path = DATA_DIR / MODEL_FILE
        path.write_text(json.dumps(model.as_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
