"""The corpus passes against real PostgreSQL: merges through the queue, relative dates, speakers by role."""

from datetime import date

from etl.records import Article, EntityRef, EventMention, Mention, Quote
from etl.store import corpus_passes, load, runs
from tests.store.builders import ANCHORAGE, FACTS, POUTINE, TRUMP, make_article, make_undated_week, make_visit, q, span


def test_an_inclusion_learnt_in_a_later_run_merges_earlier_events_through_the_queue(engine, run_id):
    """Two visits of one person, one placed in a city and one in its region, are two events
    until an article states that the city lies in the region: the loader queues that new
    inclusion, and the next merge pass, which starts from its queue, merges them."""
    alaska = EntityRef("Alaska", "LOC")
    assert load.load_articles(
        engine,
        run_id,
        [
            load.ArticleLoad(make_visit("v1.txt", ANCHORAGE), FACTS),
            load.ArticleLoad(make_visit("v2.txt", alaska), FACTS),
        ],
    )
    corpus_passes.merge_events(engine)
    assert len(q(engine, "SELECT id FROM events")) == 2
    assert q(engine, "SELECT * FROM event_merge_queue") == []

    later = runs.start_run(engine, "in", "test", None)
    teacher = Article(
        "t.txt",
        "t",
        "Anchorage, en Alaska.",
        "fr",
        title="T",
        mentions=(Mention(ANCHORAGE, "Anchorage", 0, 9), Mention(alaska, "Alaska", 14, 20)),
        place_links=((ANCHORAGE, alaska),),
    )
    load.load_articles(engine, later, [load.ArticleLoad(teacher, FACTS)])
    ((anchorage_id,),) = q(engine, "SELECT id FROM entities WHERE name = 'Anchorage'")
    assert q(engine, "SELECT kind, ref_id FROM event_merge_queue") == [("place", anchorage_id)]
    load.load_articles(engine, later, [load.ArticleLoad(teacher, FACTS)])  # stated again: nothing new to queue
    assert q(engine, "SELECT kind, ref_id FROM event_merge_queue") == [("place", anchorage_id)]

    assert corpus_passes.merge_events(engine) == 1
    assert q(engine, "SELECT location_entity_id FROM events") == [(anchorage_id,)]
    assert len(q(engine, "SELECT DISTINCT event_id FROM event_mentions")) == 1
    assert q(engine, "SELECT * FROM event_merge_queue") == []


def test_changed_events_are_queued_with_the_article(engine, run_id):
    """The events an article's statements change are queued in the article's transaction."""
    assert not corpus_passes.merge_work_pending(engine)
    load.load_articles(engine, run_id, [load.ArticleLoad(make_article(), FACTS)])
    assert q(engine, "SELECT kind, ref_id FROM event_merge_queue") == q(engine, "SELECT 'event', id FROM events")
    assert corpus_passes.merge_work_pending(engine)  # a run that dies here leaves it to the next run's pass
    corpus_passes.merge_events(engine)
    assert q(engine, "SELECT * FROM event_merge_queue") == []
    assert not corpus_passes.merge_work_pending(engine)


def test_a_day_and_month_is_dated_once_the_corpus_dates_the_articles_week(engine, run_id):
    """An undated article says "vendredi" of a summit other articles date (15 August 2025) and
    "le 5 février prochain" of an expiry: the corpus pass anchors the article in the week before
    the summit and dates the expiry (5 February 2026). Articles with nothing left to date are
    not read."""
    load.load_articles(engine, run_id, [load.ArticleLoad(make_undated_week(), FACTS)])
    assert corpus_passes.resolve_relative_dates(engine) == 1
    assert q(engine, "SELECT event_date FROM events WHERE event_type = 'expiry'") == [(date(2026, 2, 5),)]
    assert corpus_passes.resolve_relative_dates(engine) == 0


def test_an_event_the_corpus_dates_is_merged_with_the_event_it_is(engine, run_id):
    """An undated article says "le 5 février prochain" of an expiry: no tie finds it while it has
    no date. Once the corpus dates it, it is queued for the merge pass, which makes it one event
    with the expiry another article dates (5 February 2026)."""
    body = "Trump et Poutine se rencontrent vendredi. Le traité expire le 5 février prochain."
    summit_end = body.index(".")
    summit = EventMention(
        "summit",
        "Sommet",
        0,
        summit_end,
        date(2025, 8, 15),
        "vendredi",
        "expected",
        ANCHORAGE,
        (TRUMP, POUTINE),
        date_expr={"text": "vendredi", "start": 31, "end": 39, "kind": "weekday", "weekday": 4, "direction": 1},
    )
    treaty = EntityRef("New Start", "ORG")
    expiry = EventMention(
        "expiry",
        "Expiration",
        summit_end + 2,
        len(body),
        None,
        "5 février prochain",
        "scheduled",
        None,
        (treaty,),
        date_expr={
            "text": "5 février prochain",
            "start": 62,
            "end": 80,
            "kind": "day_month",
            "day": 5,
            "month": 2,
            "direction": 1,
        },
    )
    undated = Article(
        "u.txt",
        "u",
        body,
        "fr",
        title="T",
        events=(summit, expiry),
        mentions=(
            Mention(TRUMP, "Trump", 0, 5),
            Mention(POUTINE, "Poutine", 9, 16),
            Mention(treaty, "traité", *span(body, "traité")),
        ),
    )
    other = "Le traité New Start expire le 5 février 2026."
    dated = Article(
        "d.txt",
        "d",
        other,
        "fr",
        title="D",
        published_on=date(2025, 8, 1),
        events=(
            EventMention(
                "expiry", "Expiration", 0, len(other), date(2026, 2, 5), "5 février 2026", "scheduled", None, (treaty,)
            ),
        ),
        mentions=(Mention(treaty, "New Start", 10, 19),),
    )
    load.load_articles(engine, run_id, [load.ArticleLoad(undated, FACTS), load.ArticleLoad(dated, FACTS)])
    corpus_passes.merge_events(engine)
    assert len(q(engine, "SELECT id FROM events WHERE event_type = 'expiry'")) == 2
    assert corpus_passes.resolve_relative_dates(engine) == 1
    assert q(engine, "SELECT count(*) FROM event_merge_queue WHERE kind = 'event'") == [(1,)]
    assert corpus_passes.merge_events(engine) == 1
    assert q(engine, "SELECT event_date FROM events WHERE event_type = 'expiry'") == [(date(2026, 2, 5),)]


def test_every_event_is_read_page_after_page_for_the_full_merge_pass(engine, run_id):
    """The full merge pass streams the events in id order, a page at a time: the same candidates
    as reading them all at once."""
    from etl.store.event_ties import all_event_candidates, event_candidates

    for i in range(5):
        load.load_article(engine, run_id, make_article(f"p{i}.txt", sha=f"p{i}"), FACTS)
    ids = [i for (i,) in q(engine, "SELECT id FROM events ORDER BY id")]
    with engine.connect() as conn:
        everything = event_candidates(conn, ids)
        for page in (1, 2, len(ids), len(ids) + 1):
            assert list(all_event_candidates(conn, page=page)) == everything


def test_the_merge_pass_keeps_apart_two_events_one_article_states(engine, run_id):
    """An article's own reading kept two summits apart (etl.nlp.events); the loader does not attach
    them to one event, and neither does the corpus merge pass, though the corpus would find them
    compatible (same day, one place inside the other, a shared party)."""
    alaska = EntityRef("Alaska", "LOC")
    body = "Trump a un sommet à Anchorage. Trump et Poutine ont un sommet en Alaska, Anchorage, en Alaska."
    day = date(2025, 8, 15)
    first = EventMention("summit", "Sommet", 0, 30, day, None, "scheduled", ANCHORAGE, (TRUMP,))
    second = EventMention("summit", "Sommet", 31, len(body), day, None, "scheduled", alaska, (TRUMP, POUTINE))
    article = Article(
        "two.txt",
        "two",
        body,
        "fr",
        title="T",
        events=(first, second),
        mentions=(
            Mention(TRUMP, "Trump", 0, 5),
            Mention(ANCHORAGE, "Anchorage", 20, 29),
            Mention(POUTINE, "Poutine", 40, 47),
        ),
        place_links=((ANCHORAGE, alaska),),
    )
    load.load_articles(engine, run_id, [load.ArticleLoad(article, FACTS)])
    assert len(q(engine, "SELECT id FROM events")) == 2
    assert corpus_passes.merge_events(engine) == 0
    assert len(q(engine, "SELECT id FROM events")) == 2


def test_a_statement_attributed_to_a_function_gets_the_one_person_the_corpus_gives_it(engine, run_id):
    """ "le président russe" speaks in an article that names Poutine and Trump: the corpus calls
    Poutine that function, Trump never, so Poutine is the speaker. An article that names neither
    leaves its statement unattributed, and a function two of the article's people hold equally
    often gives no speaker."""

    def page(path: str, body: str, who: tuple[tuple[EntityRef, str, str | None], ...], speaker_text=None) -> Article:
        mentions = tuple(Mention(ref, surface, *span(body, surface), role=role) for ref, surface, role in who)
        quotes = ()
        if speaker_text:
            q0, q1 = span(body, "« Non »")
            quotes = (Quote("Non", "statement", q0, q1, speaker=None, speaker_text=speaker_text, cue="a dit"),)
        return Article(path, path, body, "fr", title="T", mentions=mentions, quotes=quotes)

    zelensky = EntityRef("Volodymyr Zelensky", "PERSON")
    load.load_articles(
        engine,
        run_id,
        [
            load.ArticleLoad(a, FACTS)
            for a in (
                page(
                    "r1.txt",
                    "Le président russe Vladimir Poutine et Donald Trump.",
                    ((POUTINE, "Vladimir Poutine", "président russe"), (TRUMP, "Donald Trump", None)),
                ),
                page(
                    "r2.txt",
                    "Vladimir Poutine et Donald Trump. « Non », a dit le président russe.",
                    ((POUTINE, "Vladimir Poutine", None), (TRUMP, "Donald Trump", None)),
                    "le président russe",
                ),
                page(
                    "r3.txt",
                    "Volodymyr Zelensky. « Non », a dit le président russe.",
                    ((zelensky, "Volodymyr Zelensky", None),),
                    "le président russe",
                ),
                page(
                    "r4.txt",
                    "Le président Donald Trump et le président Volodymyr Zelensky.",
                    ((TRUMP, "Donald Trump", "président"), (zelensky, "Volodymyr Zelensky", "président")),
                ),
                page(
                    "r5.txt",
                    "Donald Trump et Volodymyr Zelensky. « Non », a dit le président.",
                    ((TRUMP, "Donald Trump", None), (zelensky, "Volodymyr Zelensky", None)),
                    "le président",
                ),
            )
        ],
    )
    assert corpus_passes.resolve_speakers_by_role(engine) == 1
    got = q(
        engine,
        "SELECT a.source_path, e.name FROM quotes q JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN entities e ON e.id = q.speaker_entity_id ORDER BY 1",
    )
    assert got == [("r2.txt", "Vladimir Poutine"), ("r3.txt", None), ("r5.txt", None)]
