"""The loader against real PostgreSQL: atomic articles, replaced children, shared entities."""

from datetime import date

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import text

from etl import load, load_articles
from etl.load import FileFacts
from etl.load_articles import linked_places, statement_of, tied_event_ids
from etl.records import (
    Article,
    Caption,
    EntityRef,
    EventMention,
    Mention,
    Quote,
    Rejected,
)
from etl.resolve_events import EventCandidate

BODY = "Donald Trump a rencontré Vladimir Poutine à Anchorage. « Grands progrès », a dit Trump."
TRUMP = EntityRef("Donald Trump", "PERSON")
POUTINE = EntityRef("Vladimir Poutine", "PERSON", aliases=("Poutine",))
ANCHORAGE = EntityRef("Anchorage", "LOC")
FACTS = FileFacts(100, 1)


def _span(body, surface, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = body.index(surface, start + 1)
    return start, start + len(surface)


def make_article(path="a.txt", body=BODY, sha="s1", with_children=True) -> Article:
    if not with_children:
        return Article(path, sha, body, "fr", title="Titre")
    mentions = (
        Mention(TRUMP, "Donald Trump", *_span(body, "Donald Trump"), role="président"),
        Mention(POUTINE, "Vladimir Poutine", *_span(body, "Vladimir Poutine")),
        Mention(ANCHORAGE, "Anchorage", *_span(body, "Anchorage")),
        Mention(TRUMP, "Trump", *_span(body, "Trump", 1)),
    )
    q0, q1 = _span(body, "« Grands progrès »")
    quotes = (Quote("Grands progrès", "statement", q0, q1, speaker=TRUMP, speaker_text="Trump", cue="a dit"),)
    events = (EventMention("summit", "Sommet Trump–Poutine", 0, body.index("."), date(2025, 8, 15), "vendredi",
                           "occurred", ANCHORAGE, (TRUMP, POUTINE)),)
    return Article(path, sha, body, "fr", title="Titre", published_on=date(2025, 8, 16), publisher="X",
                   captions=(Caption("Photo", "AFP"),), mentions=mentions, quotes=quotes, events=events)


@pytest.fixture()
def run_id(engine):
    return load.start_run(engine, "in", "test", None)


def q(engine, sql, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def test_article_with_children_is_loaded(engine, run_id):
    aid = load.load_article(engine, run_id, make_article(), FACTS)
    counts = load.table_counts(engine)
    assert counts == {"articles": 1, "entities": 3, "entity_aliases": 2, "entity_mentions": 4, "quotes": 1,
                      "events": 1, "event_mentions": 1, "event_participants": 2}
    body = q(engine, "SELECT body FROM articles WHERE id = :a", a=aid)[0][0]
    for surface, start, end in q(engine, "SELECT surface, start_char, end_char FROM entity_mentions"):
        assert body[start:end] == surface
    # aliases hold every surface form other than the canonical name
    assert sorted(r[0] for r in q(engine, "SELECT alias FROM entity_aliases")) == ["Poutine", "Trump"]
    assert q(engine, "SELECT name FROM entities WHERE id = (SELECT speaker_entity_id FROM quotes)") == [
        ("Donald Trump",)]


def test_reloading_replaces_children_and_keeps_the_id(engine, run_id):
    first = load.load_article(engine, run_id, make_article(), FACTS)
    before = load.table_counts(engine)
    second = load.load_article(engine, run_id, make_article(), FACTS)
    assert first == second
    assert load.table_counts(engine) == before


def test_entities_are_shared_and_garbage_collected(engine, run_id):
    load.load_article(engine, run_id, make_article("a.txt"), FACTS)
    load.load_article(engine, run_id, make_article("b.txt"), FACTS)
    assert load.table_counts(engine)["entities"] == 3  # one row per real entity across articles
    assert load.table_counts(engine)["events"] == 1  # same type, date and place: one event
    load.load_article(engine, run_id, make_article("a.txt", sha="s2", with_children=False), FACTS)
    assert load.table_counts(engine)["entities"] == 3  # still used by b.txt
    load.load_article(engine, run_id, make_article("b.txt", sha="s2", with_children=False), FACTS)
    counts = load.table_counts(engine)
    assert counts["entities"] == 0 and counts["events"] == 0 and counts["event_participants"] == 0


def test_fullest_name_wins(engine, run_id):
    body = "Poutine a parlé. Vladimir Poutine a parlé."
    short = Article("a.txt", "s", body, "fr", mentions=(Mention(EntityRef("Poutine", "PERSON"), "Poutine", 0, 7),))
    load.load_article(engine, run_id, short, FACTS)
    # the loader resolves against known entities and keeps the fullest name
    longer = Article("b.txt", "s", body, "fr", mentions=(
        Mention(EntityRef("poutine", "PERSON"), "Poutine", 0, 7),
        Mention(EntityRef("Vladimir Poutine", "PERSON"), "Vladimir Poutine", 17, 33)))
    load.load_article(engine, run_id, longer, FACTS)
    # a surname-only entity is upgraded to the full name seen later: one row, the short form an alias
    assert q(engine, "SELECT name FROM entities") == [("Vladimir Poutine",)]
    assert ("Poutine",) in q(engine, "SELECT alias FROM entity_aliases")


def test_a_failing_article_leaves_nothing_half_written(engine, run_id):
    bad = make_article()
    bad = Article(**{**bad.__dict__, "quotes": (Quote("x", "not-a-kind", 0, 1),)})
    with pytest.raises(Exception):
        load.load_article(engine, run_id, bad, FACTS)
    assert load.table_counts(engine) == dict.fromkeys(load.table_counts(engine), 0)
    assert q(engine, "SELECT count(*) FROM sources") == [(0,)]


def test_hostile_text_is_stored_verbatim(engine, run_id):
    body = "'; DROP TABLE articles; -- \\copy x from program 'rm -rf /' \\! ls %s %(x)s :name"
    load.load_article(engine, run_id, Article("evil'; --.txt", "s", body, "fr", title="\\gexec"), FACTS)
    assert q(engine, "SELECT source_path, title, body FROM articles") == [("evil'; --.txt", "\\gexec", body)]


def test_quarantine_and_sources(engine, run_id):
    load.quarantine(engine, run_id, Rejected("x.txt", "abc", "empty", "no bytes"), FACTS)
    load.quarantine(engine, run_id, Rejected("x.txt", "abc", "empty", "no bytes"), FACTS)  # retry: no dup
    load.quarantine(engine, run_id, Rejected("gone.txt", "", "vanished", ""), None)
    assert q(engine, "SELECT path, reason FROM quarantine ORDER BY path") == [("gone.txt", "vanished"),
                                                                             ("x.txt", "empty")]
    stored = load.latest_sources(engine)
    assert set(stored) == {"x.txt"} and stored["x.txt"].outcome == "quarantined"
    assert set(load.latest_sources(engine, ["x.txt", "y.txt"])) == {"x.txt"}  # those paths alone
    assert load.latest_sources(engine, ["y.txt"]) == {} and load.latest_sources(engine, []) == {}


def test_run_is_recorded(engine):
    rid = load.start_run(engine, "in", "v1", "flow-1")
    load.finish_run(engine, rid, "succeeded", {"files_seen": 3, "loaded": 2, "quarantined": 1})
    row = q(engine, "SELECT status, files_seen, loaded, quarantined, finished_at IS NOT NULL FROM etl_runs")
    assert row == [("succeeded", 3, 2, 1, True)]


def test_template_is_counted_over_stored_articles_and_the_pages_of_the_run(engine, run_id):
    load.load_article(engine, run_id, make_article("a.txt", with_children=False), FACTS, {"h1", "h2"})
    load.load_article(engine, run_id, make_article("b.txt", with_children=False), FACTS, {"h1"})
    assert load.learn_template(engine, [], min_pages=2) == {"h1"}
    # the run's pages count, in batches; a page about to be reprocessed counts once, as it is now
    assert load.learn_template(engine, [{"c.txt": frozenset({"h2"})}, {"d.txt": frozenset({"h3"})}],
                               min_pages=2) == {"h1", "h2"}
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
    load.load_article(engine, run_id, _one("a.txt", (EntityRef("Kearn", "PERSON"), "Kearn"),
                                           (EntityRef("Elmendorf-Richardson", "LOC"), "Elmendorf-Richardson")), FACTS)
    load.load_article(engine, run_id, _one("b.txt", (EntityRef("David Kearn", "PERSON"), "David Kearn"),
                                           (EntityRef("Joint Base Elmendorf-Richardson", "LOC"),
                                            "Joint Base Elmendorf-Richardson")), FACTS)
    load.load_article(engine, run_id, _one("c.txt", (EntityRef("Davide Kearn", "PERSON"), "Davide Kearn")), FACTS)
    rows = q(engine, "SELECT type, name FROM entities ORDER BY type, name")
    assert rows == [("LOC", "Joint Base Elmendorf-Richardson"), ("PERSON", "David Kearn")]
    aliases = {r[0] for r in q(engine, "SELECT alias FROM entity_aliases")}
    assert {"Kearn", "Elmendorf-Richardson", "Davide Kearn"} <= aliases
    per_article = q(engine, "SELECT count(DISTINCT entity_id) FROM entity_mentions GROUP BY article_id ORDER BY 1")
    assert [r[0] for r in per_article] == [1, 2, 2]


def _visit(path: str, place: EntityRef, links=()) -> Article:
    body = f"Donald Trump s'est rendu à {place.name}."
    start, end = _span(body, "Donald Trump")
    return Article(path, path, body, "fr", title="Visite",
                   mentions=(Mention(TRUMP, "Donald Trump", start, end), Mention(place, place.name, *_span(body, place.name))),
                   events=(EventMention("visit", "Visite de Trump", 0, len(body), None, None, "occurred", place, (TRUMP,)),),
                   place_links=links)


def test_an_inclusion_learnt_in_a_later_run_merges_earlier_events_through_the_queue(engine, run_id):
    """Two visits of one person, one placed in a city and one in its region, are two events
    until an article states that the city lies in the region: the loader queues that new
    inclusion, and the next merge pass, which starts from its queue, merges them."""
    alaska = EntityRef("Alaska", "LOC")
    assert load.load_articles(engine, run_id, [load.ArticleLoad(_visit("v1.txt", ANCHORAGE), FACTS),
                                               load.ArticleLoad(_visit("v2.txt", alaska), FACTS)])
    load.merge_events(engine)
    assert len(q(engine, "SELECT id FROM events")) == 2
    assert q(engine, "SELECT * FROM event_merge_queue") == []

    later = load.start_run(engine, "in", "test", None)
    teacher = Article("t.txt", "t", "Anchorage, en Alaska.", "fr", title="T",
                      mentions=(Mention(ANCHORAGE, "Anchorage", 0, 9), Mention(alaska, "Alaska", 14, 20)),
                      place_links=((ANCHORAGE, alaska),))
    load.load_articles(engine, later, [load.ArticleLoad(teacher, FACTS)])
    (anchorage_id,), = q(engine, "SELECT id FROM entities WHERE name = 'Anchorage'")
    assert q(engine, "SELECT kind, ref_id FROM event_merge_queue") == [("place", anchorage_id)]
    load.load_articles(engine, later, [load.ArticleLoad(teacher, FACTS)])  # stated again: nothing new to queue
    assert q(engine, "SELECT kind, ref_id FROM event_merge_queue") == [("place", anchorage_id)]

    assert load.merge_events(engine) == 1
    assert q(engine, "SELECT location_entity_id FROM events") == [(anchorage_id,)]
    assert len(q(engine, "SELECT DISTINCT event_id FROM event_mentions")) == 1
    assert q(engine, "SELECT * FROM event_merge_queue") == []


def test_changed_events_are_queued_with_the_article(engine, run_id):
    """The events an article's statements change are queued in the article's transaction."""
    assert not load.merge_work_pending(engine)
    load.load_articles(engine, run_id, [load.ArticleLoad(make_article(), FACTS)])
    assert q(engine, "SELECT kind, ref_id FROM event_merge_queue") == q(engine, "SELECT 'event', id FROM events")
    assert load.merge_work_pending(engine)  # a run that dies here leaves it to the next run's pass
    load.merge_events(engine)
    assert q(engine, "SELECT * FROM event_merge_queue") == []
    assert not load.merge_work_pending(engine)


def _undated_week() -> Article:
    """An undated article: "vendredi" of a summit dated 15 August 2025, "le 5 février prochain" of an expiry."""
    body = "Trump et Poutine se rencontrent vendredi. Le traité expire le 5 février prochain."
    summit_end = body.index(".")
    summit = EventMention("summit", "Sommet", 0, summit_end, date(2025, 8, 15), "vendredi", "expected", ANCHORAGE,
                          (TRUMP, POUTINE), date_expr={"text": "vendredi", "start": 31, "end": 39, "kind": "weekday",
                                                       "weekday": 4, "direction": 1})
    expiry = EventMention("expiry", "Expiration", summit_end + 2, len(body), None, "5 février prochain", "expected",
                          None, (TRUMP,), date_expr={"text": "5 février prochain", "start": 62, "end": 80,
                                                     "kind": "day_month", "day": 5, "month": 2, "direction": 1})
    return Article("u.txt", "u", body, "fr", title="T", events=(summit, expiry),
                   mentions=(Mention(TRUMP, "Trump", 0, 5), Mention(POUTINE, "Poutine", 9, 16)))


def test_a_day_and_month_is_dated_once_the_corpus_dates_the_articles_week(engine, run_id):
    """An undated article says "vendredi" of a summit other articles date (15 August 2025) and
    "le 5 février prochain" of an expiry: the corpus pass anchors the article in the week before
    the summit and dates the expiry (5 February 2026). Articles with nothing left to date are
    not read."""
    load.load_articles(engine, run_id, [load.ArticleLoad(_undated_week(), FACTS)])
    assert load.resolve_relative_dates(engine) == 1
    assert q(engine, "SELECT event_date FROM events WHERE event_type = 'expiry'") == [(date(2026, 2, 5),)]
    assert load.resolve_relative_dates(engine) == 0


def test_an_event_the_corpus_dates_is_merged_with_the_event_it_is(engine, run_id):
    """An undated article says "le 5 février prochain" of an expiry: no tie finds it while it has
    no date. Once the corpus dates it, it is queued for the merge pass, which makes it one event
    with the expiry another article dates (5 February 2026)."""
    body = "Trump et Poutine se rencontrent vendredi. Le traité expire le 5 février prochain."
    summit_end = body.index(".")
    summit = EventMention("summit", "Sommet", 0, summit_end, date(2025, 8, 15), "vendredi", "expected", ANCHORAGE,
                          (TRUMP, POUTINE), date_expr={"text": "vendredi", "start": 31, "end": 39, "kind": "weekday",
                                                       "weekday": 4, "direction": 1})
    treaty = EntityRef("New Start", "ORG")
    expiry = EventMention("expiry", "Expiration", summit_end + 2, len(body), None, "5 février prochain", "scheduled",
                          None, (treaty,), date_expr={"text": "5 février prochain", "start": 62, "end": 80,
                                                     "kind": "day_month", "day": 5, "month": 2, "direction": 1})
    undated = Article("u.txt", "u", body, "fr", title="T", events=(summit, expiry),
                      mentions=(Mention(TRUMP, "Trump", 0, 5), Mention(POUTINE, "Poutine", 9, 16),
                                Mention(treaty, "traité", *_span(body, "traité"))))
    other = "Le traité New Start expire le 5 février 2026."
    dated = Article("d.txt", "d", other, "fr", title="D", published_on=date(2025, 8, 1),
                    events=(EventMention("expiry", "Expiration", 0, len(other), date(2026, 2, 5), "5 février 2026",
                                         "scheduled", None, (treaty,)),),
                    mentions=(Mention(treaty, "New Start", 10, 19),))
    load.load_articles(engine, run_id, [load.ArticleLoad(undated, FACTS), load.ArticleLoad(dated, FACTS)])
    load.merge_events(engine)
    assert len(q(engine, "SELECT id FROM events WHERE event_type = 'expiry'")) == 2
    assert load.resolve_relative_dates(engine) == 1
    assert q(engine, "SELECT count(*) FROM event_merge_queue WHERE kind = 'event'") == [(1,)]
    assert load.merge_events(engine) == 1
    assert q(engine, "SELECT event_date FROM events WHERE event_type = 'expiry'") == [(date(2026, 2, 5),)]


def test_every_event_is_read_page_after_page_for_the_full_merge_pass(engine, run_id):
    """The full merge pass streams the events in id order, a page at a time: the same candidates
    as reading them all at once."""
    from etl.load_articles import all_event_candidates, event_candidates

    for i in range(5):
        load.load_article(engine, run_id, make_article(f"p{i}.txt", sha=f"p{i}"), FACTS)
    ids = [i for (i,) in q(engine, "SELECT id FROM events ORDER BY id")]
    with engine.connect() as conn:
        everything = event_candidates(conn, ids)
        for page in (1, 2, len(ids), len(ids) + 1):
            assert list(all_event_candidates(conn, page=page)) == everything


def test_tie_search_ranks_shared_place_ties_once_but_filters_parties_per_statement(engine, run_id):
    """Statements with the same linked places, family, status and day share one ranking of the
    events placed there; whether an event is tied still depends on each statement's own parties."""
    load.load_article(engine, run_id, make_article(), FACTS)
    ids = dict(q(engine, "SELECT name, id FROM entities"))
    (summit,), = q(engine, "SELECT id FROM events")
    anchorage, trump = ids["Anchorage"], ids["Donald Trump"]
    stranger = max(ids.values()) + 1000  # a party no stored event has

    def statement(people: set[int], parts: set[int], day=date(2025, 8, 15), loc=anchorage) -> dict:
        stated = EventCandidate(0, "summit", "occurred", day, loc, frozenset(parts), frozenset(people))
        with engine.connect() as conn:
            linked = linked_places(conn, [loc])
        return statement_of(stated, linked.get(loc, []))

    def tied(*statements: dict) -> set[int]:
        with engine.connect() as conn:
            return tied_event_ids(conn, list(statements))

    shares, stranger_only = statement({trump}, {trump}), statement({stranger}, {stranger})
    assert tied(shares) == {summit}
    assert tied(stranger_only) == set()  # same place, day and family, but no shared party
    assert tied(stranger_only, shares) == {summit}
    assert tied(statement(set(), set())) == {summit}  # no people named: the same place ties it
    assert tied(statement({trump}, {trump}, day=date(2025, 9, 1))) == set()  # another day
    assert tied(statement({trump}, {trump}, day=date(2025, 8, 16))) == {summit}  # the place, and a day apart
    assert tied(statement({trump}, {trump}, day=date(2025, 8, 14))) == {summit}
    assert tied(statement({trump}, {trump}, day=None)) == {summit}  # an undated statement: any day there
    elsewhere = stranger + 1  # a place linked to none: only the very same day ties it
    assert tied(statement({trump}, {trump}, loc=elsewhere)) == {summit}
    assert tied(statement({trump}, {trump}, day=date(2025, 8, 16), loc=elsewhere)) == set()
    assert tied(statement({stranger}, {stranger}, loc=elsewhere), statement({trump}, {trump}, loc=elsewhere)) == {summit}

    load.load_article(engine, run_id, _visit("v.txt", ANCHORAGE), FACTS)  # an undated visit at Anchorage
    (visit,), = q(engine, "SELECT id FROM events WHERE event_type = 'visit'")
    dated_visit = EventCandidate(0, "visit", "occurred", date(2025, 3, 1), anchorage, frozenset({trump}),
                                 frozenset({trump}))
    with engine.connect() as conn:
        assert tied_event_ids(conn, [statement_of(dated_visit, linked_places(conn, [anchorage])[anchorage])]) == {visit}


def test_tie_search_brings_the_latest_events_of_each_place_and_of_each_day(engine, run_id, monkeypatch):
    """Each kind of tie brings at most ``CANDIDATES_PER_TIE`` events (here 3), the latest: of the
    latest events of each linked place and family, those of the statement's day (±1) or of no day;
    and the latest events of its very day, wherever they are placed."""
    monkeypatch.setattr(load_articles, "CANDIDATES_PER_TIE", 3)
    load.load_article(engine, run_id, make_article(), FACTS)
    ids = dict(q(engine, "SELECT name, id FROM entities"))
    anchorage, trump = ids["Anchorage"], ids["Donald Trump"]
    days = [None, date(2025, 3, 1), None, date(2025, 3, 2), None, date(2025, 3, 9), None]
    with engine.begin() as conn:
        e1, e2, e3, e4, e5, e6, e7 = (conn.execute(text(
            "INSERT INTO events (event_type, title, event_date, status, location_entity_id, party_ids) "
            "VALUES ('visit', 'Visite', :d, 'occurred', :loc, ARRAY[CAST(:p AS bigint)]) RETURNING id"),
            {"d": d, "loc": anchorage, "p": trump}).scalar_one() for d in days)
        linked = linked_places(conn, [anchorage])[anchorage]

    def visit(day):
        return statement_of(EventCandidate(0, "visit", "occurred", day, anchorage, frozenset({trump}),
                                           frozenset({trump})), linked)

    with engine.connect() as conn:
        # Anchorage's latest three are e7, e6 (9 March) and e5; e2 is the 1 March's, e4 too old for either tie
        assert tied_event_ids(conn, [visit(date(2025, 3, 1))]) == {e7, e5, e2}
        assert tied_event_ids(conn, [visit(date(2025, 3, 9))]) == {e7, e6, e5}
        assert tied_event_ids(conn, [visit(date(2025, 3, 1)), visit(date(2025, 3, 9))]) == {e7, e6, e5, e2}
        assert tied_event_ids(conn, [visit(None)]) == {e7, e6, e5}  # an undated statement: any day there
        assert tied_event_ids(conn, [visit(date(2025, 6, 1))]) == {e7, e5}  # that day, only the undated ones
        assert tied_event_ids(conn, [visit(date(2025, 3, 2))]) == {e7, e5, e4}  # e4 by its day
        assert not {e1, e3, e4} & tied_event_ids(conn, [visit(d) for d in (None, date(2025, 3, 1), date(2025, 3, 9))])


def test_tie_search_spends_a_place_tie_cap_on_events_that_may_share_a_party(engine, run_id, monkeypatch):
    """The events of a statement's linked places are ranked among those that share a party with
    it (or, naming no one, its place): newer events of strangers at a linked place do not push out
    an older one of the same person (here with ``CANDIDATES_PER_TIE`` = 3)."""
    monkeypatch.setattr(load_articles, "CANDIDATES_PER_TIE", 3)
    alaska = EntityRef("Alaska", "LOC")
    teacher = Article("t.txt", "t", "Anchorage, en Alaska.", "fr", title="T",
                      mentions=(Mention(ANCHORAGE, "Anchorage", 0, 9), Mention(alaska, "Alaska", 14, 20)),
                      place_links=((ANCHORAGE, alaska),))
    load.load_articles(engine, run_id, [load.ArticleLoad(make_article(), FACTS), load.ArticleLoad(teacher, FACTS)])
    ids = dict(q(engine, "SELECT name, id FROM entities"))
    anchorage, alaska_id, trump = ids["Anchorage"], ids["Alaska"], ids["Donald Trump"]
    stranger = max(ids.values()) + 1000

    def stored_visit(conn, place: int, party: int) -> int:
        return conn.execute(text(
            "INSERT INTO events (event_type, title, status, location_entity_id, party_ids) "
            "VALUES ('visit', 'Visite', 'occurred', :loc, ARRAY[CAST(:p AS bigint)]) RETURNING id"),
            {"loc": place, "p": party}).scalar_one()

    with engine.begin() as conn:
        own = [stored_visit(conn, alaska_id, trump) for _ in range(2)]  # the older ones: Trump's, in Alaska
        strangers = [stored_visit(conn, anchorage, stranger) for _ in range(3)]  # the newest: someone else's
        linked = linked_places(conn, [anchorage])[anchorage]
    assert alaska_id in linked

    def visit(party: int) -> dict:
        return statement_of(EventCandidate(0, "visit", "occurred", date(2025, 3, 1), anchorage, frozenset({party}),
                                           frozenset({party})), linked)

    with engine.connect() as conn:
        assert tied_event_ids(conn, [visit(trump)]) == set(own)  # ranked among the newest five, both are out
        assert tied_event_ids(conn, [visit(stranger)]) == set(strangers)
        # statements with the same places, day and family share one ranking: the newest that any may share
        assert tied_event_ids(conn, [visit(trump), visit(stranger)]) == set(strangers)


def _pairs_rejected(plan: dict) -> int:
    """Rows that a plan's joins read and then threw away (``Rows Removed by Join Filter``, which
    EXPLAIN gives per loop), over the whole plan tree."""
    own = plan.get("Rows Removed by Join Filter", 0) * plan.get("Actual Loops", 1)
    return int(own) + sum(_pairs_rejected(child) for child in plan.get("Plans", ()))


def test_tie_search_work_follows_the_statements_not_the_planners_guess(engine, run_id):
    """Many statements that each find the same event (same day and place) but share no party with
    it. The tie search checks each found event beside the statement that found it: PostgreSQL
    cannot estimate the statements' rows (a JSON parameter), and a join of all statements against
    all found events became, in a 20,000-article run, a nested loop of 238 million pairs (30 s for
    one batch). Even when every join is a nested loop, the pairs its joins reject stay within a few
    per statement."""
    load.load_article(engine, run_id, make_article(), FACTS)
    anchorage = dict(q(engine, "SELECT name, id FROM entities"))["Anchorage"]
    with engine.connect() as conn:
        linked = linked_places(conn, [anchorage])[anchorage]
    strangers = range(10**6, 10**6 + 600)  # parties no stored event has
    wanted = [statement_of(EventCandidate(0, "summit", "occurred", date(2025, 8, 15), anchorage,
                                          frozenset({p}), frozenset({p})), linked) for p in strangers]
    seen: list[tuple[str, dict]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with engine.connect() as conn:
        sa_event.listen(conn, "before_cursor_execute", capture)
        assert tied_event_ids(conn, wanted) == set()
        sa_event.remove(conn, "before_cursor_execute", capture)
        (statement, parameters), = seen
        conn.exec_driver_sql("SET LOCAL enable_hashjoin = off")  # the planner's worst guess: every
        conn.exec_driver_sql("SET LOCAL enable_mergejoin = off")  # join a nested loop
        plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters).scalar_one()
    assert _pairs_rejected(plan[0]["Plan"]) <= 2 * len(wanted)


def test_the_merge_pass_keeps_apart_two_events_one_article_states(engine, run_id):
    """An article's own reading kept two summits apart (etl.events); the loader does not attach
    them to one event, and neither does the corpus merge pass, though the corpus would find them
    compatible (same day, one place inside the other, a shared party)."""
    alaska = EntityRef("Alaska", "LOC")
    body = "Trump a un sommet à Anchorage. Trump et Poutine ont un sommet en Alaska, Anchorage, en Alaska."
    day = date(2025, 8, 15)
    first = EventMention("summit", "Sommet", 0, 30, day, None, "scheduled", ANCHORAGE, (TRUMP,))
    second = EventMention("summit", "Sommet", 31, len(body), day, None, "scheduled", alaska, (TRUMP, POUTINE))
    article = Article("two.txt", "two", body, "fr", title="T", events=(first, second),
                      mentions=(Mention(TRUMP, "Trump", 0, 5), Mention(ANCHORAGE, "Anchorage", 20, 29),
                                Mention(POUTINE, "Poutine", 40, 47)),
                      place_links=((ANCHORAGE, alaska),))
    load.load_articles(engine, run_id, [load.ArticleLoad(article, FACTS)])
    assert len(q(engine, "SELECT id FROM events")) == 2
    assert load.merge_events(engine) == 0
    assert len(q(engine, "SELECT id FROM events")) == 2


_PARTIES_OUT_OF_STEP = """
    SELECT e.id, e.party_ids FROM events e
    WHERE e.party_ids IS DISTINCT FROM (SELECT coalesce(array_agg(p.entity_id ORDER BY p.entity_id), '{}')
                                        FROM event_participants p WHERE p.event_id = e.id)"""


def test_events_carry_their_parties_whatever_changes_them(engine, run_id):
    """events.party_ids (what the tie search checks a shared party on) is event_participants on the
    event's row: set for a new event, widened by a later statement, narrowed when an article is
    re-processed, and rebuilt when the merge pass merges two events."""
    lavrov = EntityRef("Sergueï Lavrov", "PERSON")
    load.load_article(engine, run_id, make_article(), FACTS)
    ids = dict(q(engine, "SELECT name, id FROM entities"))
    assert q(engine, "SELECT party_ids FROM events") == [(sorted([ids["Donald Trump"], ids["Vladimir Poutine"]]),)]

    body = BODY.replace("Vladimir Poutine", "Vladimir Poutine et Sergueï Lavrov")
    wider = make_article("b.txt", body, sha="s2")
    event = wider.events[0]
    wider = Article(wider.source_path, wider.content_sha256, body, "fr", title="Titre", published_on=date(2025, 8, 16),
                    mentions=(*wider.mentions, Mention(lavrov, "Sergueï Lavrov", *_span(body, "Sergueï Lavrov"))),
                    events=(EventMention(event.event_type, event.title, event.start, event.end, event.event_date,
                                         event.date_text, event.status, event.location, (TRUMP, POUTINE, lavrov)),))
    load.load_article(engine, run_id, wider, FACTS)
    ids = dict(q(engine, "SELECT name, id FROM entities"))
    assert q(engine, "SELECT party_ids FROM events") == [(sorted(ids[n] for n in ("Donald Trump", "Vladimir Poutine",
                                                                                 "Sergueï Lavrov")),)]
    assert q(engine, _PARTIES_OUT_OF_STEP) == []

    load.load_article(engine, run_id, make_article("b.txt", sha="s3"), FACTS)  # re-processed without Lavrov
    assert q(engine, "SELECT party_ids FROM events") == [(sorted([ids["Donald Trump"], ids["Vladimir Poutine"]]),)]

    alaska = EntityRef("Alaska", "LOC")
    load.load_articles(engine, run_id, [load.ArticleLoad(_visit("v1.txt", ANCHORAGE), FACTS),
                                        load.ArticleLoad(_visit("v2.txt", alaska), FACTS)])
    teacher = Article("t.txt", "t", "Anchorage, en Alaska.", "fr", title="T",
                      mentions=(Mention(ANCHORAGE, "Anchorage", 0, 9), Mention(alaska, "Alaska", 14, 20)),
                      place_links=((ANCHORAGE, alaska),))
    load.load_articles(engine, run_id, [load.ArticleLoad(teacher, FACTS)])
    assert load.merge_events(engine) == 1
    assert len(q(engine, "SELECT id FROM events")) == 2
    assert q(engine, _PARTIES_OUT_OF_STEP) == []


_SUMMARY_OF_STATEMENTS = """
    SELECT 'date', event_id, event_date::text, count(*), min(id), NULL, NULL FROM event_mentions
    WHERE event_date IS NOT NULL GROUP BY event_id, event_date
    UNION ALL
    SELECT 'place', event_id, location_entity_id::text, count(*), min(id), NULL, NULL FROM event_mentions
    WHERE location_entity_id IS NOT NULL GROUP BY event_id, location_entity_id
    UNION ALL
    SELECT 'total', event_id, NULL, count(*), min(id),
           concat_ws('|', min(id) FILTER (WHERE date_text IS NOT NULL),
                     (array_agg(date_text ORDER BY id) FILTER (WHERE date_text IS NOT NULL))[1]),
           (SELECT coalesce(array_agg(DISTINCT p ORDER BY p), '{}') FROM event_mentions x
            CROSS JOIN unnest(x.participant_ids) AS p WHERE x.event_id = m.event_id)::text
    FROM event_mentions m GROUP BY event_id"""
_SUMMARIES = """
    SELECT 'date', event_id, event_date::text, statements, first_statement_id, NULL, NULL FROM event_statement_dates
    UNION ALL
    SELECT 'place', event_id, location_entity_id::text, statements, first_statement_id, NULL, NULL
    FROM event_statement_places
    UNION ALL
    SELECT 'total', event_id, NULL, statements, first_statement_id,
           concat_ws('|', first_dated_statement_id, first_date_text), party_ids::text FROM event_statement_totals"""


def test_event_statement_summaries_follow_the_statements_whatever_changes_them(engine, run_id):
    """The summaries of each event's statements (days with counts, places, first date as written,
    parties), which the loader reads instead of the statements, are what the statements say after
    a load, a batch adding statements to known events, a re-processed article, a merge, the corpus
    dating a day, and a deleted article."""
    def summaries_agree() -> list:
        summaries = sorted(q(engine, _SUMMARIES), key=str)
        assert summaries == sorted(q(engine, _SUMMARY_OF_STATEMENTS), key=str)
        return summaries

    load.load_articles(engine, run_id, [load.ArticleLoad(make_article("a.txt", sha="a"), FACTS)])
    load.load_articles(engine, run_id, [load.ArticleLoad(make_article(f"{n}.txt", sha=n), FACTS) for n in "bc"])
    (event_id,), = q(engine, "SELECT id FROM events")
    assert q(engine, "SELECT statements, first_date_text FROM event_statement_totals") == [(3, "vendredi")]
    assert q(engine, "SELECT event_date, statements FROM event_statement_dates") == [(date(2025, 8, 15), 3)]
    summaries_agree()

    body = BODY.replace("à Anchorage", "à Anchorage samedi")
    later = make_article("a.txt", body, sha="a2")  # re-processed: another day, as written
    ev = later.events[0]
    later = Article(later.source_path, later.content_sha256, body, "fr", title="Titre", mentions=later.mentions,
                    events=(EventMention(ev.event_type, ev.title, ev.start, ev.end, date(2025, 8, 16), "samedi",
                                         ev.status, ev.location, ev.participants),))
    load.load_articles(engine, run_id, [load.ArticleLoad(later, FACTS)])
    assert sorted(q(engine, "SELECT event_date, statements FROM event_statement_dates")) == [
        (date(2025, 8, 15), 2), (date(2025, 8, 16), 1)]
    assert q(engine, "SELECT first_date_text FROM event_statement_totals WHERE event_id = :e", e=event_id) == [
        ("vendredi",)]  # the first statement that still says it (b.txt's)
    summaries_agree()

    load.load_articles(engine, run_id, [load.ArticleLoad(_undated_week(), FACTS)])
    assert load.resolve_relative_dates(engine) == 1
    assert q(engine, "SELECT d.event_date FROM event_statement_dates d JOIN events e ON e.id = d.event_id "
                     "WHERE e.event_type = 'expiry'") == [(date(2026, 2, 5),)]
    summaries_agree()
    alaska = EntityRef("Alaska", "LOC")
    teacher = Article("t.txt", "t", "Anchorage, en Alaska.", "fr", title="T",
                      mentions=(Mention(ANCHORAGE, "Anchorage", 0, 9), Mention(alaska, "Alaska", 14, 20)),
                      place_links=((ANCHORAGE, alaska),))
    load.load_articles(engine, run_id, [load.ArticleLoad(_visit("v1.txt", ANCHORAGE), FACTS),
                                        load.ArticleLoad(_visit("v2.txt", alaska), FACTS)])
    load.load_articles(engine, run_id, [load.ArticleLoad(teacher, FACTS)])
    visits = len(q(engine, "SELECT id FROM events WHERE event_type = 'visit'"))
    load.merge_events(engine)
    assert len(q(engine, "SELECT id FROM events WHERE event_type = 'visit'")) == visits - 1
    assert q(engine, "SELECT t.statements FROM event_statement_totals t JOIN events e ON e.id = t.event_id "
                     "WHERE e.event_type = 'visit'") == [(2,)]
    summaries_agree()
    with engine.begin() as conn:  # deleted by hand: the cascade to event_mentions recounts too
        conn.execute(text("DELETE FROM articles WHERE source_path IN ('b.txt', 'v1.txt')"))
    assert sorted(q(engine, "SELECT event_date, statements FROM event_statement_dates WHERE event_id = :e",
                    e=event_id)) == [(date(2025, 8, 15), 1), (date(2025, 8, 16), 1)]
    assert q(engine, "SELECT statements, first_date_text FROM event_statement_totals WHERE event_id = :e",
             e=event_id) == [(2, "vendredi")]  # c.txt's, stored before a.txt was re-processed
    summaries_agree()


def test_place_inclusions_count_the_articles_that_state_them(engine, run_id):
    """place_inclusions holds each stated inclusion once with how many articles state it, kept by
    triggers whatever changes place_links: a load, a re-processed article, a deleted article."""
    alaska = EntityRef("Alaska", "LOC")

    def teacher(path: str, sha: str, with_link: bool = True) -> load.ArticleLoad:
        article = Article(path, sha, "Anchorage, en Alaska.", "fr", title="T",
                          mentions=(Mention(ANCHORAGE, "Anchorage", 0, 9), Mention(alaska, "Alaska", 14, 20)),
                          place_links=((ANCHORAGE, alaska),) if with_link else ())
        return load.ArticleLoad(article, FACTS)

    def inclusions():
        return q(engine, "SELECT c.name, p.name, i.articles FROM place_inclusions i "
                         "JOIN entities c ON c.id = i.child_entity_id JOIN entities p ON p.id = i.parent_entity_id")

    load.load_articles(engine, run_id, [teacher("t1.txt", "1"), teacher("t2.txt", "2")])
    assert inclusions() == [("Anchorage", "Alaska", 2)]
    load.load_articles(engine, run_id, [teacher("t1.txt", "1b", with_link=False)])  # re-processed, no longer says it
    assert inclusions() == [("Anchorage", "Alaska", 1)]
    load.load_articles(engine, run_id, [teacher("t1.txt", "1c")])
    assert inclusions() == [("Anchorage", "Alaska", 2)]
    with engine.begin() as conn:  # deleted by hand: the cascade to place_links updates the count too
        conn.execute(text("DELETE FROM articles WHERE source_path IN ('t1.txt', 't2.txt')"))
    assert inclusions() == []


def test_a_statement_attributed_to_a_function_gets_the_one_person_the_corpus_gives_it(engine, run_id):
    """"le président russe" speaks in an article that names Poutine and Trump: the corpus calls
    Poutine that function, Trump never, so Poutine is the speaker. An article that names neither
    leaves its statement unattributed, and a function two of the article's people hold equally
    often gives no speaker."""
    def page(path: str, body: str, who: tuple[tuple[EntityRef, str, str | None], ...], speaker_text=None) -> Article:
        mentions = tuple(Mention(ref, surface, *_span(body, surface), role=role) for ref, surface, role in who)
        quotes = ()
        if speaker_text:
            q0, q1 = _span(body, "« Non »")
            quotes = (Quote("Non", "statement", q0, q1, speaker=None, speaker_text=speaker_text, cue="a dit"),)
        return Article(path, path, body, "fr", title="T", mentions=mentions, quotes=quotes)

    zelensky = EntityRef("Volodymyr Zelensky", "PERSON")
    load.load_articles(engine, run_id, [load.ArticleLoad(a, FACTS) for a in (
        page("r1.txt", "Le président russe Vladimir Poutine et Donald Trump.",
             ((POUTINE, "Vladimir Poutine", "président russe"), (TRUMP, "Donald Trump", None))),
        page("r2.txt", "Vladimir Poutine et Donald Trump. « Non », a dit le président russe.",
             ((POUTINE, "Vladimir Poutine", None), (TRUMP, "Donald Trump", None)), "le président russe"),
        page("r3.txt", "Volodymyr Zelensky. « Non », a dit le président russe.",
             ((zelensky, "Volodymyr Zelensky", None),), "le président russe"),
        page("r4.txt", "Le président Donald Trump et le président Volodymyr Zelensky.",
             ((TRUMP, "Donald Trump", "président"), (zelensky, "Volodymyr Zelensky", "président"))),
        page("r5.txt", "Donald Trump et Volodymyr Zelensky. « Non », a dit le président.",
             ((TRUMP, "Donald Trump", None), (zelensky, "Volodymyr Zelensky", None)), "le président"),
    )])
    assert load.resolve_speakers_by_role(engine) == 1
    got = q(engine, "SELECT a.source_path, e.name FROM quotes q JOIN articles a ON a.id = q.article_id "
                    "LEFT JOIN entities e ON e.id = q.speaker_entity_id ORDER BY 1")
    assert got == [("r2.txt", "Vladimir Poutine"), ("r3.txt", None), ("r5.txt", None)]
