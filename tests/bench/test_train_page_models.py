"""Training the page models: labels from annotations, the fit, leave-one-site-out (own fixtures)."""

from etl.bench.score_dev import main as score_dev_main
from etl.bench.train_page_models import (
    FIXTURES,
    block_scores,
    fit_blocks,
    fit_headline,
    fit_logistic,
    headline_scores,
    label_span,
    leave_one_site_out,
    load_annotated,
)


def test_a_page_annotated_by_its_first_and_last_words_is_labelled_between_them():
    dump = "Menu\n\nTitre\n\nPremier paragraphe de l'article.\n\nPublicité\n\nDernier paragraphe.\n\nPied de page"
    lines, labels = label_span(dump, "Premier paragraphe", "Dernier paragraphe", ["Publicité"])
    assert [ln.text for ln, y in zip(lines, labels, strict=True) if y] == [
        "Premier paragraphe de l'article.",
        "Dernier paragraphe.",
    ]


def test_a_logistic_regression_separates_what_can_be_separated():
    model = fit_logistic([[0.0], [1.0], [2.0], [8.0], [9.0], [10.0]], [False] * 3 + [True] * 3, ("x",), l2=0.01)
    low, high = model.probabilities([[1.0], [9.0]])
    assert low < 0.1 < 0.9 < high


def test_the_models_train_on_the_projects_own_fixtures_and_are_measured_site_by_site(tmp_path):
    pages = load_annotated(tmp_path, tmp_path / "no-seeds.json", FIXTURES)
    assert len(pages) >= 8 and all(any(p.line_labels) for p in pages)
    blocks = fit_blocks(pages)
    assert block_scores(blocks, pages)["f1"] > 0.8
    assert headline_scores(fit_headline(pages), pages)["right"] >= 0.5
    per_site = leave_one_site_out(pages[:4], fit_blocks, block_scores, also=pages[4:])
    assert set(per_site) == {p.site for p in pages[:4]}


def test_the_dev_gate_says_when_there_is_no_dev_set(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(
        "sys.argv", ["score_dev", "--devset", str(tmp_path / "none"), "--score", str(tmp_path / "s.py")]
    )
    assert score_dev_main() == 2
    assert "no dev set" in capsys.readouterr().err
