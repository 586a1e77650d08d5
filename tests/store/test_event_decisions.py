"""Events as load transactions write them: parties, statement summaries, place inclusions."""

from datetime import date

from sqlalchemy import text

from etl.records import Article, EntityRef, EventMention, Mention
from etl.store import corpus_passes, load
from tests.store.builders import (
    ANCHORAGE,
    BODY,
    FACTS,
    POUTINE,
    TRUMP,
    make_article,
    make_undated_week,
    make_visit,
    q,
    span,
)

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
    wider = Article(
        wider.source_path,
        wider.content_sha256,
        body,
        "fr",
        title="Titre",
        published_on=date(2025, 8, 16),
        mentions=(*wider.mentions, Mention(lavrov, "Sergueï Lavrov", *span(body, "Sergueï Lavrov"))),
        events=(
            EventMention(
                event.event_type,
                event.title,
                event.start,
                event.end,
                event.event_date,
                event.date_text,
                event.status,
                event.location,
                (TRUMP, POUTINE, lavrov),
            ),
        ),
    )
    load.load_article(engine, run_id, wider, FACTS)
    ids = dict(q(engine, "SELECT name, id FROM entities"))
    assert q(engine, "SELECT party_ids FROM events") == [
        (sorted(ids[n] for n in ("Donald Trump", "Vladimir Poutine", "Sergueï Lavrov")),)
    ]
    assert q(engine, _PARTIES_OUT_OF_STEP) == []

    load.load_article(engine, run_id, make_article("b.txt", sha="s3"), FACTS)  # re-processed without Lavrov
    assert q(engine, "SELECT party_ids FROM events") == [(sorted([ids["Donald Trump"], ids["Vladimir Poutine"]]),)]

    alaska = EntityRef("Alaska", "LOC")
    load.load_articles(
        engine,
        run_id,
        [
            load.ArticleLoad(make_visit("v1.txt", ANCHORAGE), FACTS),
            load.ArticleLoad(make_visit("v2.txt", alaska), FACTS),
        ],
    )
    teacher = Article(
        "t.txt",
        "t",
        "Anchorage, en Alaska.",
        "fr",
        title="T",
        mentions=(Mention(ANCHORAGE, "Anchorage", 0, 9), Mention(alaska, "Alaska", 14, 20)),
        place_links=((ANCHORAGE, alaska),),
    )
    load.load_articles(engine, run_id, [load.ArticleLoad(teacher, FACTS)])
    assert corpus_passes.merge_events(engine) == 1
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
    ((event_id,),) = q(engine, "SELECT id FROM events")
    assert q(engine, "SELECT statements, first_date_text FROM event_statement_totals") == [(3, "vendredi")]
    assert q(engine, "SELECT event_date, statements FROM event_statement_dates") == [(date(2025, 8, 15), 3)]
    summaries_agree()

    body = BODY.replace("à Anchorage", "à Anchorage samedi")
    later = make_article("a.txt", body, sha="a2")  # re-processed: another day, as written
    ev = later.events[0]
    later = Article(
        later.source_path,
        later.content_sha256,
        body,
        "fr",
        title="Titre",
        mentions=later.mentions,
        events=(
            EventMention(
                ev.event_type,
                ev.title,
                ev.start,
                ev.end,
                date(2025, 8, 16),
                "samedi",
                ev.status,
                ev.location,
                ev.participants,
            ),
        ),
    )
    load.load_articles(engine, run_id, [load.ArticleLoad(later, FACTS)])
    assert sorted(q(engine, "SELECT event_date, statements FROM event_statement_dates")) == [
        (date(2025, 8, 15), 2),
        (date(2025, 8, 16), 1),
    ]
    assert q(engine, "SELECT first_date_text FROM event_statement_totals WHERE event_id = :e", e=event_id) == [
        ("vendredi",)
    ]  # the first statement that still says it (b.txt's)
    summaries_agree()

    load.load_articles(engine, run_id, [load.ArticleLoad(make_undated_week(), FACTS)])
    assert corpus_passes.resolve_relative_dates(engine) == 1
    assert q(
        engine,
        "SELECT d.event_date FROM event_statement_dates d JOIN events e ON e.id = d.event_id "
        "WHERE e.event_type = 'expiry'",
    ) == [(date(2026, 2, 5),)]
    summaries_agree()
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
    load.load_articles(
        engine,
        run_id,
        [
            load.ArticleLoad(make_visit("v1.txt", ANCHORAGE), FACTS),
            load.ArticleLoad(make_visit("v2.txt", alaska), FACTS),
        ],
    )
    load.load_articles(engine, run_id, [load.ArticleLoad(teacher, FACTS)])
    visits = len(q(engine, "SELECT id FROM events WHERE event_type = 'visit'"))
    corpus_passes.merge_events(engine)
    assert len(q(engine, "SELECT id FROM events WHERE event_type = 'visit'")) == visits - 1
    assert q(
        engine,
        "SELECT t.statements FROM event_statement_totals t JOIN events e ON e.id = t.event_id "
        "WHERE e.event_type = 'visit'",
    ) == [(2,)]
    summaries_agree()
    with engine.begin() as conn:  # deleted by hand: the cascade to event_mentions recounts too
        conn.execute(text("DELETE FROM articles WHERE source_path IN ('b.txt', 'v1.txt')"))
    assert sorted(
        q(engine, "SELECT event_date, statements FROM event_statement_dates WHERE event_id = :e", e=event_id)
    ) == [(date(2025, 8, 15), 1), (date(2025, 8, 16), 1)]
    assert q(
        engine, "SELECT statements, first_date_text FROM event_statement_totals WHERE event_id = :e", e=event_id
    ) == [(2, "vendredi")]  # c.txt's, stored before a.txt was re-processed
    summaries_agree()


def test_place_inclusions_count_the_articles_that_state_them(engine, run_id):
    """place_inclusions holds each stated inclusion once with how many articles state it, kept by
    triggers whatever changes place_links: a load, a re-processed article, a deleted article."""
    alaska = EntityRef("Alaska", "LOC")

    def teacher(path: str, sha: str, with_link: bool = True) -> load.ArticleLoad:
        article = Article(
            path,
            sha,
            "Anchorage, en Alaska.",
            "fr",
            title="T",
            mentions=(Mention(ANCHORAGE, "Anchorage", 0, 9), Mention(alaska, "Alaska", 14, 20)),
            place_links=((ANCHORAGE, alaska),) if with_link else (),
        )
        return load.ArticleLoad(article, FACTS)

    def inclusions():
        return q(
            engine,
            "SELECT c.name, p.name, i.articles FROM place_inclusions i "
            "JOIN entities c ON c.id = i.child_entity_id JOIN entities p ON p.id = i.parent_entity_id",
        )

    load.load_articles(engine, run_id, [teacher("t1.txt", "1"), teacher("t2.txt", "2")])
    assert inclusions() == [("Anchorage", "Alaska", 2)]
    load.load_articles(engine, run_id, [teacher("t1.txt", "1b", with_link=False)])  # re-processed, no longer says it
    assert inclusions() == [("Anchorage", "Alaska", 1)]
    load.load_articles(engine, run_id, [teacher("t1.txt", "1c")])
    assert inclusions() == [("Anchorage", "Alaska", 2)]
    with engine.begin() as conn:  # deleted by hand: the cascade to place_links updates the count too
        conn.execute(text("DELETE FROM articles WHERE source_path IN ('t1.txt', 't2.txt')"))
    assert inclusions() == []
