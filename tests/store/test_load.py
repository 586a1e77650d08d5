"""The loader against real PostgreSQL: atomic articles, replaced children, shared entities."""

import pytest
from sqlalchemy.exc import IntegrityError

from etl.records import Article, EntityRef, Mention, Quote, Rejected
from etl.store import load, runs
from tests.store.builders import FACTS, make_article, q


def test_article_with_children_is_loaded(engine, run_id):
    aid = load.load_article(engine, run_id, make_article(), FACTS)
    counts = runs.table_counts(engine)
    assert counts == {
        "articles": 1,
        "entities": 3,
        "entity_aliases": 2,
        "entity_mentions": 4,
        "quotes": 1,
        "events": 1,
        "event_mentions": 1,
        "event_participants": 2,
    }
    body = q(engine, "SELECT body FROM articles WHERE id = :a", a=aid)[0][0]
    for surface, start, end in q(engine, "SELECT surface, start_char, end_char FROM entity_mentions"):
        assert body[start:end] == surface
    # aliases hold every surface form other than the canonical name
    assert sorted(r[0] for r in q(engine, "SELECT alias FROM entity_aliases")) == ["Poutine", "Trump"]
    assert q(engine, "SELECT name FROM entities WHERE id = (SELECT speaker_entity_id FROM quotes)") == [
        ("Donald Trump",)
    ]


def test_reloading_replaces_children_and_keeps_the_id(engine, run_id):
    first = load.load_article(engine, run_id, make_article(), FACTS)
    before = runs.table_counts(engine)
    second = load.load_article(engine, run_id, make_article(), FACTS)
    assert first == second
    assert runs.table_counts(engine) == before


def test_entities_are_shared_and_garbage_collected(engine, run_id):
    load.load_article(engine, run_id, make_article("a.txt"), FACTS)
    load.load_article(engine, run_id, make_article("b.txt"), FACTS)
    assert runs.table_counts(engine)["entities"] == 3  # one row per real entity across articles
    assert runs.table_counts(engine)["events"] == 1  # same type, date and place: one event
    load.load_article(engine, run_id, make_article("a.txt", sha="s2", with_children=False), FACTS)
    assert runs.table_counts(engine)["entities"] == 3  # still used by b.txt
    load.load_article(engine, run_id, make_article("b.txt", sha="s2", with_children=False), FACTS)
    counts = runs.table_counts(engine)
    assert counts["entities"] == 0 and counts["events"] == 0 and counts["event_participants"] == 0


def test_fullest_name_wins(engine, run_id):
    body = "Poutine a parlé. Vladimir Poutine a parlé."
    short = Article("a.txt", "s", body, "fr", mentions=(Mention(EntityRef("Poutine", "PERSON"), "Poutine", 0, 7),))
    load.load_article(engine, run_id, short, FACTS)
    # the loader resolves against known entities and keeps the fullest name
    longer = Article(
        "b.txt",
        "s",
        body,
        "fr",
        mentions=(
            Mention(EntityRef("poutine", "PERSON"), "Poutine", 0, 7),
            Mention(EntityRef("Vladimir Poutine", "PERSON"), "Vladimir Poutine", 17, 33),
        ),
    )
    load.load_article(engine, run_id, longer, FACTS)
    # a surname-only entity is upgraded to the full name seen later: one row, the short form an alias
    assert q(engine, "SELECT name FROM entities") == [("Vladimir Poutine",)]
    assert ("Poutine",) in q(engine, "SELECT alias FROM entity_aliases")


def test_a_failing_article_leaves_nothing_half_written(engine, run_id):
    bad = make_article()
    bad = Article(**{**bad.__dict__, "quotes": (Quote("x", "not-a-kind", 0, 1),)})
    with pytest.raises(IntegrityError):  # the kind breaks a CHECK constraint
        load.load_article(engine, run_id, bad, FACTS)
    assert runs.table_counts(engine) == dict.fromkeys(runs.table_counts(engine), 0)
    assert q(engine, "SELECT count(*) FROM sources") == [(0,)]


def test_hostile_text_is_stored_verbatim(engine, run_id):
    body = "'; DROP TABLE articles; -- \\copy x from program 'rm -rf /' \\! ls %s %(x)s :name"
    load.load_article(engine, run_id, Article("evil'; --.txt", "s", body, "fr", title="\\gexec"), FACTS)
    assert q(engine, "SELECT source_path, title, body FROM articles") == [("evil'; --.txt", "\\gexec", body)]


def test_quarantine_and_sources(engine, run_id):
    load.quarantine(engine, run_id, Rejected("x.txt", "abc", "empty", "no bytes"), FACTS)
    load.quarantine(engine, run_id, Rejected("x.txt", "abc", "empty", "no bytes"), FACTS)  # retry: no dup
    load.quarantine(engine, run_id, Rejected("gone.txt", "", "vanished", ""), None)
    assert q(engine, "SELECT path, reason FROM quarantine ORDER BY path") == [
        ("gone.txt", "vanished"),
        ("x.txt", "empty"),
    ]
    stored = load.latest_sources(engine)
    assert set(stored) == {"x.txt"} and stored["x.txt"].outcome == "quarantined"
    assert set(load.latest_sources(engine, ["x.txt", "y.txt"])) == {"x.txt"}  # those paths alone
    assert load.latest_sources(engine, ["y.txt"]) == {} and load.latest_sources(engine, []) == {}


def test_run_is_recorded(engine):
    rid = runs.start_run(engine, "in", "v1", "flow-1")
    runs.finish_run(engine, rid, "succeeded", {"files_seen": 3, "loaded": 2, "quarantined": 1})
    row = q(engine, "SELECT status, files_seen, loaded, quarantined, finished_at IS NOT NULL FROM etl_runs")
    assert row == [("succeeded", 3, 2, 1, True)]


def test_template_is_counted_over_stored_articles_and_the_pages_of_the_run(engine, run_id):
    load.load_article(engine, run_id, make_article("a.txt", with_children=False), FACTS, {"h1", "h2"})
    load.load_article(engine, run_id, make_article("b.txt", with_children=False), FACTS, {"h1"})
    assert load.learn_template(engine, [], min_pages=2) == {"h1"}
    # the run's pages count, in batches; a page about to be reprocessed counts once, as it is now
    assert load.learn_template(engine, [{"c.txt": frozenset({"h2"})}, {"d.txt": frozenset({"h3"})}], min_pages=2) == {
        "h1",
        "h2",
    }
    assert load.learn_template(engine, [{"b.txt": frozenset({"h3"})}], min_pages=2) == set()
    load.load_article(engine, run_id, make_article("a.txt", sha="s9", with_children=False), FACTS, {"h3"})
    assert load.learn_template(engine, [{"c.txt": frozenset({"h3"})}], min_pages=2) == {"h3"}  # a's lines replaced


def _one(path, *refs_and_surfaces):
    body = " ".join(s for _, s in refs_and_surfaces) + "."
    mentions, pos = [], 0
    for ref, surface in refs_and_surfaces:
        start = body.index(surface, pos)
        mentions.append(Mention(ref, surface, start, start + len(surface)))
        pos = start + len(surface)
    return Article(path, "s", body, "fr", mentions=tuple(mentions))


def test_one_entity_per_real_person_and_place_across_articles(engine, run_id):
    load.load_article(
        engine,
        run_id,
        _one(
            "a.txt",
            (EntityRef("Kearn", "PERSON"), "Kearn"),
            (EntityRef("Elmendorf-Richardson", "LOC"), "Elmendorf-Richardson"),
        ),
        FACTS,
    )
    load.load_article(
        engine,
        run_id,
        _one(
            "b.txt",
            (EntityRef("David Kearn", "PERSON"), "David Kearn"),
            (EntityRef("Joint Base Elmendorf-Richardson", "LOC"), "Joint Base Elmendorf-Richardson"),
        ),
        FACTS,
    )
    load.load_article(engine, run_id, _one("c.txt", (EntityRef("Davide Kearn", "PERSON"), "Davide Kearn")), FACTS)
    rows = q(engine, "SELECT type, name FROM entities ORDER BY type, name")
    assert rows == [("LOC", "Joint Base Elmendorf-Richardson"), ("PERSON", "David Kearn")]
    aliases = {r[0] for r in q(engine, "SELECT alias FROM entity_aliases")}
    assert {"Kearn", "Elmendorf-Richardson", "Davide Kearn"} <= aliases
    per_article = q(engine, "SELECT count(DISTINCT entity_id) FROM entity_mentions GROUP BY article_id ORDER BY 1")
    assert [r[0] for r in per_article] == [1, 2, 2]
