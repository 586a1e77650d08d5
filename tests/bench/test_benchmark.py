"""`news-etl bench` on a small generated corpus: every figure is produced (none is asserted)."""

import json

import pytest

from etl.bench.benchmark import run_benchmark, write_result


@pytest.mark.slow
def test_benchmark_measures_every_stage_on_a_small_corpus(server_url, tmp_path, monkeypatch):
    from prefect.testing.utilities import prefect_test_harness

    from etl.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", "unset-by-the-test")  # run_benchmark sets it; restored afterwards
    monkeypatch.setenv("NEWS_ETL_WORKERS", "1")
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    try:
        with prefect_test_harness(server_startup_timeout=120):
            result = run_benchmark(12, tmp_path, server_url, workers=1, ner_sample=8)
    finally:
        get_settings.cache_clear()
    assert result["etl"]["counts"]["loaded"] == 12
    assert result["noop_rerun"]["counts"]["unchanged"] == 12 and result["noop_rerun"]["counts"]["loaded"] == 0
    assert result["loader_alone"]["articles"] == 12
    assert result["loader_at_scale"]["articles"] == 12  # other pages, loaded into the full database
    assert result["loader_at_scale"]["ms_per_article"] > 0
    assert result["ner_only"]["articles"] == 8  # the sample, read page by page
    assert result["ner_only"]["words"] > 0 and result["ner_only"]["seconds"] > 0
    assert result["etl"]["words_per_s"] > 0
    parse = result["quote_parse"]  # the quotes' sentences parsed, against NER on the same pages
    assert parse["pages"] == 8 and 0 < parse["sentences_parsed"] < parse["sentences"]
    assert 0 < parse["share_of_sentences_parsed"] < 1 and parse["parse_seconds"] > 0 and parse["ner_seconds"] > 0
    assert set(result["etl"]["timings"]) >= {"template", "prepare_wait", "load", "finalize", "total"}
    assert result["peak_rss_mb"]["main_process"] > 0
    assert (
        result["etl"]["gc_in_flow_process"]["seconds"] >= 0
        and len(result["etl"]["gc_in_flow_process"]["collections"]) == 3
    )
    assert result["loader_at_scale"]["load_batches"] == 1  # 12 pages: one load transaction
    etl_rss = result["etl"]["peak_rss_mb"]  # sampled over the flow's process tree
    assert 0 < etl_rss["largest_process"] <= etl_rss["tree_sum"]
    assert 0 < etl_rss["flow_process_at_start"] <= etl_rss["flow_process"] <= etl_rss["largest_process"]
    profile = etl_rss["flow_process_by_tenth"]  # the flow's process over each tenth of the run's files
    sampled = [mb for mb in profile if mb is not None]
    assert len(profile) == 10 and 0 < max(sampled) <= etl_rss["flow_process"]
    assert profile[5] is None  # 12 files in one load transaction: the progress jumps from none to all
    children = [mb for mb in etl_rss["largest_child_by_tenth"] if mb is not None]
    assert len(etl_rss["largest_child_by_tenth"]) == 10 and max(children) <= etl_rss["largest_process"]
    write_result(result, tmp_path / "out.json")
    assert json.loads((tmp_path / "out.json").read_text())["articles"] == 12
