"""Articles and queries the store tests share."""

from datetime import date

from sqlalchemy import text

from etl.records import Article, Caption, EntityRef, EventMention, Mention, Quote
from etl.store.write_articles import FileFacts

BODY = "Donald Trump a rencontré Vladimir Poutine à Anchorage. « Grands progrès », a dit Trump."
TRUMP = EntityRef("Donald Trump", "PERSON")
POUTINE = EntityRef("Vladimir Poutine", "PERSON", aliases=("Poutine",))
ANCHORAGE = EntityRef("Anchorage", "LOC")
FACTS = FileFacts(100, 1)


def span(body, surface, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = body.index(surface, start + 1)
    return start, start + len(surface)


def make_article(path="a.txt", body=BODY, sha="s1", with_children=True) -> Article:
    if not with_children:
        return Article(path, sha, body, "fr", title="Titre")
    mentions = (
        Mention(TRUMP, "Donald Trump", *span(body, "Donald Trump"), role="président"),
        Mention(POUTINE, "Vladimir Poutine", *span(body, "Vladimir Poutine")),
        Mention(ANCHORAGE, "Anchorage", *span(body, "Anchorage")),
        Mention(TRUMP, "Trump", *span(body, "Trump", 1)),
    )
    q0, q1 = span(body, "« Grands progrès »")
    quotes = (Quote("Grands progrès", "statement", q0, q1, speaker=TRUMP, speaker_text="Trump", cue="a dit"),)
    events = (
        EventMention(
            "summit",
            "Sommet Trump–Poutine",
            0,
            body.index("."),
            date(2025, 8, 15),
            "vendredi",
            "occurred",
            ANCHORAGE,
            (TRUMP, POUTINE),
        ),
    )
    return Article(
        path,
        sha,
        body,
        "fr",
        title="Titre",
        published_on=date(2025, 8, 16),
        publisher="X",
        captions=(Caption("Photo", "AFP"),),
        mentions=mentions,
        quotes=quotes,
        events=events,
    )


def q(engine, sql, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def make_visit(path: str, place: EntityRef, links=()) -> Article:
    body = f"Donald Trump s'est rendu à {place.name}."
    start, end = span(body, "Donald Trump")
    return Article(
        path,
        path,
        body,
        "fr",
        title="Visite",
        mentions=(Mention(TRUMP, "Donald Trump", start, end), Mention(place, place.name, *span(body, place.name))),
        events=(EventMention("visit", "Visite de Trump", 0, len(body), None, None, "occurred", place, (TRUMP,)),),
        place_links=links,
    )


def make_undated_week() -> Article:
    """An undated article: "vendredi" of a summit dated 15 August 2025, "le 5 février prochain" of an expiry."""
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
    expiry = EventMention(
        "expiry",
        "Expiration",
        summit_end + 2,
        len(body),
        None,
        "5 février prochain",
        "expected",
        None,
        (TRUMP,),
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
    return Article(
        "u.txt",
        "u",
        body,
        "fr",
        title="T",
        events=(summit, expiry),
        mentions=(Mention(TRUMP, "Trump", 0, 5), Mention(POUTINE, "Poutine", 9, 16)),
    )
