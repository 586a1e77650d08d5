"""Events on sentences written for each rule (real spaCy model for the entities)."""

from datetime import date

from etl.nlp.entities import extract_mentions
from etl.nlp.events import extract_events
from etl.nlp.quotes import extract_quotes
from etl.records import Caption


def events(text: str, published: date | None = None, captions=()):
    mentions = extract_mentions(text, "fr")
    quotes = extract_quotes(text, mentions, "fr")
    found, links = extract_events(text, mentions, quotes, tuple(captions), published, "fr")
    return found, links


def names(ev):
    return {p.name for p in ev.participants}


def test_a_summit_with_parties_place_and_relative_date():
    [ev], _ = events(
        "Emmanuel Macron et Olaf Scholz se rencontreront vendredi à Strasbourg pour un sommet franco-allemand.",
        published=date(2025, 3, 4),
    )
    assert ev.event_type == "summit" and ev.status == "scheduled"
    assert {"Emmanuel Macron", "Olaf Scholz"} <= names(ev)
    assert ev.location.name == "Strasbourg"
    assert ev.date_text == "vendredi" and ev.event_date == date(2025, 3, 7)


def test_without_publication_date_the_day_stays_unknown():
    [ev], _ = events("Emmanuel Macron et Olaf Scholz se rencontreront vendredi à Strasbourg.")
    assert ev.event_date is None and ev.date_text == "vendredi" and ev.date_expr["kind"] == "weekday"


def test_later_mentions_of_the_same_meeting_are_one_event():
    text = (
        "Emmanuel Macron a rencontré Olaf Scholz mardi à Berlin. La rencontre a duré trois heures. "
        "Ce sommet était attendu depuis des mois."
    )
    found, _ = events(text, published=date(2025, 3, 6))
    assert len(found) == 1 and found[0].event_date == date(2025, 3, 4)


def test_a_next_meeting_is_another_event():
    text = (
        "Emmanuel Macron a rencontré Olaf Scholz à Berlin. Le président a suggéré que leur prochaine rencontre "
        "se tienne à Paris."
    )
    found, _ = events(text)
    statuses = sorted(e.status for e in found)
    assert statuses == ["occurred", "proposed"]
    assert {e.location.name for e in found} == {"Berlin", "Paris"}


def test_places_inside_places():
    _, links = events("Le sommet aura lieu à Anchorage, en Alaska, sur la base militaire.")
    assert [(c.name, p.name) for c, p in links] == [("Anchorage", "Alaska")]


def test_ongoing_states_and_hypotheticals_are_not_events():
    found, _ = events(
        "La guerre entre dans sa quatrième année. Les forces russes mènent des frappes contre des "
        "villes ukrainiennes. Un accord pourrait déboucher sur une rencontre entre Vladimir Poutine et "
        "Volodymyr Zelensky."
    )
    assert found == []


def test_a_quoted_declaration_is_a_quote_not_an_event():
    found, _ = events("Déclaration de Joe Biden : « Nous serons aux côtés de nos alliés. »")
    assert found == []


def test_other_types():
    text = (
        "Le traité New START, qui limite les arsenaux nucléaires américain et russe, expire le 5 février prochain. "
        "Steve Witkoff a effectué une visite à Moscou. Plusieurs manifestants se sont rassemblés à Anchorage "
        "pour dénoncer la venue de Vladimir Poutine."
    )
    found, _ = events(text, published=date(2025, 8, 10))
    by_type = {e.event_type: e for e in found}
    assert set(by_type) == {"expiry", "visit", "protest"}
    assert by_type["expiry"].event_date == date(2026, 2, 5)
    assert names(by_type["expiry"]) >= {"États-Unis", "Russie"}
    assert by_type["visit"].location.name == "Moscou" and "Steve Witkoff" in names(by_type["visit"])
    assert by_type["protest"].location.name == "Anchorage"


def test_a_caption_dates_the_event_it_shows():
    text = "Donald Trump et Vladimir Poutine se sont rencontrés en Alaska pour un sommet historique."
    [ev], _ = events(text, captions=[Caption("Vladimir Poutine et Donald Trump ce 15 août 2025 en Alaska", "AFP")])
    assert ev.event_date == date(2025, 8, 15)


def test_english_sentences_need_a_model_for_parties():
    mentions = []
    found, _ = extract_events("The leaders will meet on Friday in Geneva.", mentions, [], (), date(2025, 3, 4), "en")
    assert found == []  # no parties without entities: nothing is invented


# ------------------------------------------------------------------ corpus merge pass
def _brute_force_pairs(events, places):
    """The merge pass as a plain scan over every earlier event sharing a party (the reference)."""
    from etl.store.resolve_events import NewMention, compatible

    by_party, pairs, involved = {}, [], set()
    for e in events:
        earlier = {
            c.id: c
            for p in e.participants
            for c in by_party.get(p, [])
            if c.id not in involved and not c.articles & e.articles
        }
        m = NewMention(e.event_type, e.status, e.event_date, e.location, e.participants, e.people)
        target = next((c for c in sorted(earlier.values(), key=lambda c: c.id) if compatible(m, c, places)), None)
        if target is not None:
            pairs.append((target.id, e.id))
            involved.update((target.id, e.id))
            continue
        for p in e.participants:
            by_party.setdefault(p, []).append(e)
    return pairs


def test_merges_planned_through_indexes_equal_a_scan_of_every_pair():
    import random
    from datetime import date, timedelta

    from etl.store.resolve_events import EventCandidate, Places, plan_merges

    rng = random.Random(5)
    places = Places(parents={10: {11}, 11: {12}, 13: {12}}, broad={12})  # 10 in 11 in 12 (a country), 13 in 12
    people, orgs = [1, 2, 3, 4], [7, 8]
    events = []
    for i in range(1, 400):
        who = frozenset(rng.sample(people, rng.choice([0, 1, 2, 2, 3])))
        parties = who | frozenset(rng.sample(orgs, rng.choice([0, 1])))
        day = rng.choice([None, None, date(2025, 8, 15) + timedelta(days=rng.randint(0, 4))])
        events.append(
            EventCandidate(
                i,
                rng.choice(["summit", "meeting", "call"]),
                rng.choice(["occurred", "occurred", "scheduled", "proposed"]),
                day,
                rng.choice([None, 10, 11, 12, 13, 14]),
                parties,
                who,
                frozenset(rng.sample(range(150), rng.choice([1, 1, 2]))),
            )
        )
    expected = _brute_force_pairs(events, places)
    assert expected  # the data has merges to find
    assert plan_merges(events, places, cap=10_000).pairs == expected


def _ranked_pairs(events, places, cap):
    """The merge plan of a pass that keeps every earlier event and ranks the latest ``cap`` of each tie."""
    from etl.store.resolve_events import NewMention, compatible

    pairs, involved = [], set()
    kept = []
    for e in events:
        day = [c for c in kept if e.event_date is not None and c.event_date == e.event_date][-cap:]
        around = places.around(e.location) if e.location is not None else set()
        place = [c for c in kept if c.location in around][-cap:]
        people = [c for c in kept if len(e.people) >= 2 and c.people == e.people][-cap:]
        earlier = {
            c.id: c for c in day + place + people if c.participants & e.participants and not c.articles & e.articles
        }
        m = NewMention(e.event_type, e.status, e.event_date, e.location, e.participants, e.people)
        matches = [c for c in sorted(earlier.values(), key=lambda c: c.id) if compatible(m, c, places)]
        target = next((c for c in matches if c.id not in involved), None)
        if target is not None:
            pairs.append((target.id, e.id))
            involved.update((target.id, e.id))
        elif e.participants:
            kept.append(e)
    return pairs


def test_merges_planned_from_a_stream_keep_only_the_latest_events_of_each_tie():
    """plan_merges reads its events once, in id order (the full merge pass streams them), and keeps
    only the latest ``cap`` events of each day, place and set of people: its pairs are those of a
    pass that keeps every event and ranks the latest ``cap`` of each tie."""
    import random
    from datetime import date, timedelta

    from etl.store.resolve_events import EventCandidate, Places, plan_merges

    rng = random.Random(11)
    places = Places(parents={10: {11}, 11: {12}}, broad={12})
    events = []
    for i in range(1, 500):
        who = frozenset(rng.sample([1, 2, 3], rng.choice([0, 1, 2])))
        events.append(
            EventCandidate(
                i,
                rng.choice(["summit", "meeting", "call"]),
                rng.choice(["occurred", "proposed"]),
                rng.choice([None, date(2025, 8, 15) + timedelta(days=rng.randint(0, 3))]),
                rng.choice([None, 10, 11, 12, 13]),
                who | frozenset(rng.sample([7, 8], 1)),
                who,
                frozenset({i, rng.randrange(500)}),
            )
        )
    results = {}
    for cap in (1, 2, 5, 10_000):
        results[cap] = plan_merges(iter(events), places, cap=cap).pairs
        assert results[cap] == _ranked_pairs(events, places, cap)
    assert results[1] != results[10_000]  # the cap matters in this data


def test_two_events_one_article_states_are_not_merged():
    """The article's own reading kept them apart (etl.nlp.events); stated by two articles, they merge."""
    from datetime import date

    from etl.store.resolve_events import EventCandidate, Places, plan_merges

    places = Places(parents={10: {11}})  # 10 in 11

    def summit(i, articles, loc):
        return EventCandidate(
            i, "summit", "scheduled", date(2024, 8, 30), loc, frozenset({1, 2}), frozenset({1, 2}), frozenset(articles)
        )

    assert plan_merges([summit(1, {7}, 10), summit(2, {7}, 11)], places).pairs == []
    assert plan_merges([summit(1, {7}, 10), summit(2, {8}, 11)], places).pairs == [(1, 2)]


def test_places_around_a_place_follow_the_links_learnt():
    from etl.store.resolve_events import Places

    places = Places(parents={10: {11}, 11: {12}, 13: {12}})  # 10 in 11 in 12, 13 in 12
    assert places.around(11) == {10, 11, 12}
    assert places.around(12) == {10, 11, 12, 13}
    assert places.around(14) == {14}
    places.add_link(14, 10)  # a later article: 14 lies in 10
    assert places.around(12) == {10, 11, 12, 13, 14}
    assert places.around(14) == {10, 11, 12, 14}
    assert places.ancestors(14) == {10, 11, 12}
