import pytest

from etl.text.normalize import entity_key


@pytest.mark.parametrize(
    "a,b",
    [
        ("Sergueï Lavrov", "serguei lavrov"),
        ("Maison-Blanche", "maison blanche"),
        ("l’OTAN", "l'OTAN"),
        ("Joint  Base\u00a0Elmendorf–Richardson", "joint base elmendorf richardson"),
        ("ÉTATS-UNIS", "Etats-Unis"),
    ],
)
def test_equal_keys(a, b):
    assert entity_key(a) == entity_key(b)


def test_different_names_differ():
    assert entity_key("Moscou") != entity_key("Kiev")
