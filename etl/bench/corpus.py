"""A deterministic generator of realistic page dumps, for benchmarks (no network).

Each page takes the structure of a seed page (navigation, headline, byline and dates, captions,
intertitles, quotes, related blocks, footers) and new content: paragraphs drawn from the seeds'
prose with people, places and organisations swapped for others from pools, dates moved, and
lengths varied. The same ``seed`` gives the same corpus.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from etl.pages.clean import clean_dump

FIRST = [
    "Anne",
    "Bruno",
    "Claire",
    "David",
    "Élise",
    "François",
    "Gabriel",
    "Hélène",
    "Igor",
    "Julia",
    "Karim",
    "Léa",
    "Marc",
    "Nadia",
    "Olivier",
    "Paula",
    "Quentin",
    "Rania",
    "Sergueï",
    "Thomas",
    "Ursula",
    "Victor",
    "Wanda",
    "Xavier",
    "Yasmine",
    "Zoé",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Laurent",
    "Garcia",
    "Roux",
    "Fontaine",
    "Chevalier",
    "Ivanov",
    "Kowalski",
    "Schneider",
    "Rossi",
    "Novak",
    "Haddad",
    "Lindqvist",
    "Okafor",
    "Tanaka",
    "Silva",
]
PLACES = [
    "Genève",
    "Vienne",
    "Helsinki",
    "Istanbul",
    "Varsovie",
    "Lisbonne",
    "Oslo",
    "Bruxelles",
    "Madrid",
    "Prague",
    "Budapest",
    "Athènes",
    "Dublin",
    "Rome",
    "Berlin",
    "Tokyo",
    "Séoul",
    "Nairobi",
    "Dakar",
    "Lima",
]
ORGS = ["OTAN", "ONU", "Union européenne", "Kremlin", "Maison-Blanche", "OMS", "FMI", "Banque mondiale"]
SITES = ["Le Courrier du Nord", "La Gazette du Sud", "Info Continent", "Le Journal de l'Est", "Actu Monde"]
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
_NAME = re.compile(
    r"\b(Donald Trump|Vladimir Poutine|Sergueï Lavrov|Volodymyr Zelensky|Dmitri Peskov|Marco Rubio|"
    r"Steve Witkoff|Karoline Leavitt|Trump|Poutine|Zelensky)\b"
)
_PLACE = re.compile(r"\b(Alaska|Anchorage|Moscou|Washington|Kiev|Kyiv)\b")


def _pools(seed_dir: Path) -> tuple[list[str], list[str]]:
    """Prose paragraphs and intertitles of the seed pages."""
    paragraphs: list[str] = []
    headings: list[str] = []
    for path in sorted(seed_dir.glob("*.txt")):
        parts = clean_dump(path.read_text(encoding="utf-8"))
        for line in parts.body_lines:
            (paragraphs if len(line.split()) >= 12 else headings).append(line)
    return paragraphs, headings


class CorpusGenerator:
    """Makes page dumps in the style of the seeds."""

    def __init__(self, seed_dir: Path, seed: int = 42) -> None:
        self.paragraphs, self.headings = _pools(seed_dir)
        self.seed = seed

    def page(self, index: int) -> str:
        """The text of page ``index`` (deterministic)."""
        rng = random.Random(self.seed * 1_000_003 + index)
        people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)]
        places = rng.sample(PLACES, 3)
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
        site = rng.choice(SITES)

        def pick(word: str) -> int:
            return zlib.crc32(word.encode()) % 3  # stable across processes, unlike hash()

        def swap(text: str) -> str:
            text = _NAME.sub(
                lambda m: people[pick(m.group(0))] if " " in m.group(0) else people[pick(m.group(0))].split()[-1], text
            )
            return _PLACE.sub(lambda m: places[pick(m.group(0))], text)

        lines = []
        if rng.random() < 0.6:
            lines += ["Skip to main content", "", "  • Facebook", "  • Twitter", "  • LinkedIn", ""]
        title = (
            f"{rng.choice(['Sommet', 'Rencontre', 'Réunion'])} entre {people[0]} et {people[1]} "
            f"à {places[0]} : {rng.choice(['les enjeux', 'ce qu’il faut retenir', 'un tournant', 'les conclusions'])}"
        )
        lines += [title, ""]
        if rng.random() < 0.3:
            lines += [title, ""]
        if rng.random() < 0.7:
            lines += [
                f"Par {rng.choice(FIRST)} {rng.choice(LAST)}",
                "",
                f"Publié le {day.day} {MONTHS[day.month - 1]} {day.year}",
                "",
            ]
        if rng.random() < 0.4:
            lines += [
                f"{people[0]} et {people[1]} à {places[0]} le {day.day} {MONTHS[day.month - 1]} {day.year} "
                f"© {rng.choice(LAST)} / AFP",
                "",
            ]
        lead = (
            f"{people[0]} et {people[1]} se rencontreront vendredi à {places[0]}, en présence de représentants "
            f"de l'{rng.choice(ORGS)}, pour un sommet présenté comme « décisif » par leurs entourages."
        )
        lines += [lead, ""]
        for _ in range(rng.randint(4, 14)):
            if rng.random() < 0.25:
                lines += [swap(rng.choice(self.headings)), ""]
            lines += [swap(rng.choice(self.paragraphs)), ""]
            if rng.random() < 0.15:
                lines += [f"« Nous sommes prêts à discuter de tout », a déclaré {people[rng.randrange(3)]}.", ""]
        if rng.random() < 0.5:
            lines += ["VOUS POUVEZ AUSSI AIMER", ""]
            for k in range(3):
                d = day - timedelta(days=k + 1)
                lines += [f"{swap(rng.choice(self.headings))}", f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}", ""]
        lines += ["Commentaires", "", f"Bienvenue sur {site} !", f"© {day.year} {site}", ""]
        return "\n".join(lines)

    def write(self, folder: Path, count: int) -> Iterator[Path]:
        """Write ``count`` pages into ``folder`` (one per file), yielding their paths."""
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(count):
            path = folder / f"page_{i:06d}.txt"
            path.write_text(self.page(i), encoding="utf-8")
            yield path
