from datetime import date

import pytest

from etl.nlp.timeexpr import find_time

ANCHOR = date(2025, 8, 12)  # a Tuesday


@pytest.mark.parametrize(
    "sentence,text,expected",
    [
        ("Les deux dirigeants se rencontreront vendredi en Alaska.", "vendredi", date(2025, 8, 15)),
        ("La réunion a eu lieu vendredi à Genève.", "vendredi", date(2025, 8, 8)),
        ("Le sommet s'est tenu hier à Bruxelles.", "hier", date(2025, 8, 11)),
        ("Le vote aura lieu demain.", "demain", date(2025, 8, 13)),
        ("Le traité expire le 5 février prochain.", "5 février prochain", date(2026, 2, 5)),
        ("Ils se sont vus le 3 août dernier.", "3 août dernier", date(2025, 8, 3)),
        ("Le sommet du 15 août 2025 à Anchorage.", "15 août 2025", date(2025, 8, 15)),
        ("The leaders will meet on Thursday in Geneva.", "on Thursday", date(2025, 8, 14)),
        ("The leaders met last Monday.", "last Monday", date(2025, 8, 11)),
        ("Ils doivent se rencontrer cette semaine.", "cette semaine", None),
        ("Trump a ordonné plus tôt ce mois-ci un déploiement.", "plus tôt ce mois-ci", None),
    ],
)
def test_resolution_against_the_article_date(sentence, text, expected):
    [t] = find_time(sentence)
    assert t.text == text
    assert t.resolve(ANCHOR) == expected


def test_no_anchor_no_date_but_absolute_dates_stand():
    assert find_time("Ils se rencontreront vendredi.")[0].resolve(None) is None
    assert find_time("Le 15 août 2025 à Anchorage.")[0].resolve(None) == date(2025, 8, 15)


def test_clock_times_are_not_dates():
    assert find_time("Les entretiens doivent débuter à 11 h 30 heure locale (19 h 30 GMT).") == []
