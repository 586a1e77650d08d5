"""The tie search against real PostgreSQL: which stored events a statement may be."""

from datetime import date

from sqlalchemy import event as sa_event
from sqlalchemy import text

from etl.records import Article, EntityRef, Mention
from etl.store import event_ties, load
from etl.store.event_ties import linked_places, statement_of, tied_event_ids
from etl.store.resolve_events import EventCandidate
from tests.store.builders import ANCHORAGE, FACTS, make_article, make_visit, q


def test_tie_search_ranks_shared_place_ties_once_but_filters_parties_per_statement(engine, run_id):
    """Statements with the same linked places, family, status and day share one ranking of the
    events placed there; whether an event is tied still depends on each statement's own parties."""
    load.load_article(engine, run_id, make_article(), FACTS)
    ids = dict(q(engine, "SELECT name, id FROM entities"))
    ((summit,),) = q(engine, "SELECT id FROM events")
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
    assert tied(statement({stranger}, {stranger}, loc=elsewhere), statement({trump}, {trump}, loc=elsewhere)) == {
        summit
    }

    load.load_article(engine, run_id, make_visit("v.txt", ANCHORAGE), FACTS)  # an undated visit at Anchorage
    ((visit,),) = q(engine, "SELECT id FROM events WHERE event_type = 'visit'")
    dated_visit = EventCandidate(
        0, "visit", "occurred", date(2025, 3, 1), anchorage, frozenset({trump}), frozenset({trump})
    )
    with engine.connect() as conn:
        assert tied_event_ids(conn, [statement_of(dated_visit, linked_places(conn, [anchorage])[anchorage])]) == {visit}


def test_tie_search_brings_the_latest_events_of_each_place_and_of_each_day(engine, run_id, monkeypatch):
    """Each kind of tie brings at most ``CANDIDATES_PER_TIE`` events (here 3), the latest: of the
    latest events of each linked place and family, those of the statement's day (±1) or of no day;
    and the latest events of its very day, wherever they are placed."""
    monkeypatch.setattr(event_ties, "CANDIDATES_PER_TIE", 3)
    load.load_article(engine, run_id, make_article(), FACTS)
    ids = dict(q(engine, "SELECT name, id FROM entities"))
    anchorage, trump = ids["Anchorage"], ids["Donald Trump"]
    days = [None, date(2025, 3, 1), None, date(2025, 3, 2), None, date(2025, 3, 9), None]
    with engine.begin() as conn:
        e1, e2, e3, e4, e5, e6, e7 = (
            conn.execute(
                text(
                    "INSERT INTO events (event_type, title, event_date, status, location_entity_id, party_ids) "
                    "VALUES ('visit', 'Visite', :d, 'occurred', :loc, ARRAY[CAST(:p AS bigint)]) RETURNING id"
                ),
                {"d": d, "loc": anchorage, "p": trump},
            ).scalar_one()
            for d in days
        )
        linked = linked_places(conn, [anchorage])[anchorage]

    def visit(day):
        return statement_of(
            EventCandidate(0, "visit", "occurred", day, anchorage, frozenset({trump}), frozenset({trump})), linked
        )

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
    monkeypatch.setattr(event_ties, "CANDIDATES_PER_TIE", 3)
    alaska = EntityRef("Alaska", "LOC")
    teacher = Article(
        "t.txt",
        "t",
        "Anchorage, en Alaska.",
        "fr",
        title="T",
        mentions=(Mention(ANCHORAGE, "Anchorage", 0, 9), Mention(alaska, "Alaska", 14, 20)),
        place_links=((ANCHORAGE, alaska),),
    )
    load.load_articles(engine, run_id, [load.ArticleLoad(make_article(), FACTS), load.ArticleLoad(teacher, FACTS)])
    ids = dict(q(engine, "SELECT name, id FROM entities"))
    anchorage, alaska_id, trump = ids["Anchorage"], ids["Alaska"], ids["Donald Trump"]
    stranger = max(ids.values()) + 1000

    def stored_visit(conn, place: int, party: int) -> int:
        return conn.execute(
            text(
                "INSERT INTO events (event_type, title, status, location_entity_id, party_ids) "
                "VALUES ('visit', 'Visite', 'occurred', :loc, ARRAY[CAST(:p AS bigint)]) RETURNING id"
            ),
            {"loc": place, "p": party},
        ).scalar_one()

    with engine.begin() as conn:
        own = [stored_visit(conn, alaska_id, trump) for _ in range(2)]  # the older ones: Trump's, in Alaska
        strangers = [stored_visit(conn, anchorage, stranger) for _ in range(3)]  # the newest: someone else's
        linked = linked_places(conn, [anchorage])[anchorage]
    assert alaska_id in linked

    def visit(party: int) -> dict:
        return statement_of(
            EventCandidate(0, "visit", "occurred", date(2025, 3, 1), anchorage, frozenset({party}), frozenset({party})),
            linked,
        )

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
    wanted = [
        statement_of(
            EventCandidate(0, "summit", "occurred", date(2025, 8, 15), anchorage, frozenset({p}), frozenset({p})),
            linked,
        )
        for p in strangers
    ]
    seen: list[tuple[str, dict]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with engine.connect() as conn:
        sa_event.listen(conn, "before_cursor_execute", capture)
        assert tied_event_ids(conn, wanted) == set()
        sa_event.remove(conn, "before_cursor_execute", capture)
        ((statement, parameters),) = seen
        conn.exec_driver_sql("SET LOCAL enable_hashjoin = off")  # the planner's worst guess: every
        conn.exec_driver_sql("SET LOCAL enable_mergejoin = off")  # join a nested loop
        plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters).scalar_one()
    assert _pairs_rejected(plan[0]["Plan"]) <= 2 * len(wanted)
