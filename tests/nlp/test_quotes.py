"""Quotations: spans with every mark, kind, speaker and cue, on sentences written for each pattern."""

import pytest

from etl.nlp.entities import extract_mentions
from etl.nlp.quotes import extract_quotes, find_quote_spans


def quotes(text: str, language: str = "fr"):
    return extract_quotes(text, extract_mentions(text, language), language)


def one(text: str, language: str = "fr"):
    found = quotes(text, language)
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------ spans
@pytest.mark.parametrize(
    "text,expected",
    [
        ("Il a parlé de « paix durable ».", ["paix durable"]),
        ("Il a parlé de «paix durable».", ["paix durable"]),
        ("Il a parlé de «\u00a0paix durable\u00a0».", ["paix durable"]),
        ("She spoke of “lasting peace” and “hope”.", ["lasting peace", "hope"]),
        ("Er sprach von „dauerhaftem Frieden“.", ["dauerhaftem Frieden"]),
        ("Il parle de ‹ paix › ici.", ["paix"]),
        ("Un délai ''exceptionnellement court'' a été fixé.", ["exceptionnellement court"]),
        ('He called it "a historic day" on Monday.', ["a historic day"]),
        ("« Nous avons dit “non” hier », a-t-il expliqué.", ["Nous avons dit “non” hier"]),
        ("« Première phrase. Deuxième phrase », a-t-elle conclu.", ["Première phrase. Deuxième phrase"]),
        ("Un « guillemet orphelin puis une citation “complète” ici.", ["complète"]),
        ("Un fermant » seul puis « ouvert et fermé ».", ["ouvert et fermé"]),
    ],
)
def test_spans_with_every_mark(text, expected):
    assert [s.text(text) for s in find_quote_spans(text)] == expected


def test_quote_over_two_paragraphs():
    text = "« Nous ne céderons pas.\n\n« Nous resterons unis », a déclaré le ministre."
    [span] = find_quote_spans(text)
    assert text[span.start : span.end].startswith("« Nous ne céderons") and text[span.end - 1] == "»"


@pytest.mark.parametrize(
    "text,expected",
    [
        # English convention: a paragraph of quotation left open, the next one reopening it
        ("Ross said: “It is clear that they misled us.\n\n“Both must set the record straight.”\n\nNext.", 1),
        # a page dump's line break inside a sentence, inside the quotation
        ("Il n’est « pas possible d’établir un lien entre le jet d’une\n\ngrenade et le décès ». Fin.", 1),
    ],
)
def test_quote_over_paragraph_breaks(text, expected):
    spans = find_quote_spans(text)
    assert len(spans) == expected
    assert text[spans[0].start] in "«“" and text[spans[0].end - 1] in "»”"


def test_a_french_mark_typed_twice_is_one_quote():
    text = (
        "Elle réclame des « financements récurrents en rupture avec des « appels à projets », du temps et "
        "la fin de « la séparation entre managers et chercheurs »."
    )
    first, second = find_quote_spans(text)
    assert first.text(text).startswith("financements récurrents") and first.text(text).endswith("appels à projets")
    assert second.text(text) == "la séparation entre managers et chercheurs"


def test_offsets_cover_the_marks():
    text = "Le maire a salué « un beau succès » pour la ville."
    [q] = quotes(text)
    assert text[q.start : q.end] == "« un beau succès »" and q.text == "un beau succès"


# ------------------------------------------------------------------ attribution, French
FRENCH = [
    # after the quote, with inversion
    ("« Nous espérons la paix », a-t-il déclaré après sa rencontre avec Emmanuel Macron.", "statement", None, "il"),
    (
        "Emmanuel Macron était à Berlin. « Nous espérons la paix », a-t-il déclaré.",
        "statement",
        "Emmanuel Macron",
        "il",
    ),
    ("« La situation reste grave », estime Olaf Scholz.", "statement", "Olaf Scholz", "Olaf Scholz"),
    (
        "« Rien n'est décidé », a indiqué le porte-parole du gouvernement Gabriel Attal.",
        "statement",
        "Gabriel Attal",
        None,
    ),
    ("« Le texte sera voté », explique-t-elle, après avoir reçu Marine Tondelier.", "statement", None, "elle"),
    ("« Il faut agir vite », selon Ursula von der Leyen.", "statement", "Ursula von der Leyen", None),
    # before the quote
    ("Emmanuel Macron a déclaré : « La France tiendra ses engagements. »", "statement", "Emmanuel Macron", None),
    ("Déclaration de Joe Biden : « Nous serons aux côtés de nos alliés. »", "statement", "Joe Biden", "Joe Biden"),
    ("Selon Antonio Guterres, « le monde ne peut pas attendre ».", "statement", "Antonio Guterres", None),
    ("Olaf Scholz a qualifié la proposition de « pas décisif ».", "statement", "Olaf Scholz", "Olaf Scholz"),
    ("Giorgia Meloni a salué « une étape importante » pour l'Europe.", "statement", "Giorgia Meloni", None),
    (
        "Le ministre Bruno Le Maire a indiqué que la croissance serait « plus faible que prévu ».",
        "statement",
        "Bruno Le Maire",
        None,
    ),
    ("Washington affirme qu'il n'est « pas question » de céder.", "statement", "Washington", "Washington"),
    ("Le Kremlin a dénoncé une « provocation ».", "statement", "Kremlin", None),
    ("Plusieurs manifestants ont qualifié la visite de « honteuse ».", "statement", None, "Plusieurs manifestants"),
    ("Certains ont jugé la décision « précipitée ».", "statement", None, "Certains"),
    ("Le sommet a été présenté comme « historique » par leurs entourages.", "statement", None, "leurs entourages"),
    ("Les « progrès » évoqués par Pedro Sánchez restent modestes.", "statement", "Pedro Sánchez", None),
    (
        "Viktor Orbán a reçu les journalistes, qui l'ont interrogé, puis il a répondu que cela « pourrait arriver ».",
        "statement",
        "Viktor Orbán",
        None,
    ),
    # pronouns and continuation of the subject
    (
        "Keir Starmer a rencontré les syndicats. Il a souligné que les deux camps étaient « prêts à parler ».",
        "statement",
        "Keir Starmer",
        "Il",
    ),
    (
        "Le secrétaire général de l’OTAN, Mark Rutte, est arrivé lundi. Il a dénoncé les « ingérences étrangères ».",
        "statement",
        "Mark Rutte",
        "Il",
    ),
    # scare quotes: no source for the words
    ("Cette diplomatie du « bilatéralisme » inquiète les chancelleries.", "scare", None, None),
    ("La Russie a maintenu une position jugée « maximaliste ».", "scare", None, None),
    ("Certains spéculent sur une « Yalta moderne ».", "scare", None, None),
    ("Le dossier reste « sensible » pour Bruxelles.", "scare", None, None),
    ("Le projet, perçu comme un tête-à-tête « au-dessus » de l'Europe, divise.", "scare", None, None),
]


@pytest.mark.parametrize("text,kind,speaker,speaker_text", FRENCH, ids=[t[0][:40] for t in FRENCH])
def test_french_attribution(text, kind, speaker, speaker_text):
    q = one(text)
    assert q.kind == kind
    assert (q.speaker.name if q.speaker else None) == speaker
    if speaker_text:
        assert q.speaker_text == speaker_text
    if kind == "statement":
        assert q.cue


def test_two_quotes_one_speaker():
    text = "Donald Trump a salué « de grands progrès », précisant que « de nombreux points » étaient réglés."
    found = quotes(text)
    assert [q.text for q in found] == ["de grands progrès", "de nombreux points"]
    assert all(q.speaker and q.speaker.name == "Donald Trump" for q in found)


def test_function_resolves_to_the_person_named_with_it():
    text = (
        "Le président russe Vladimir Poutine est arrivé à Anchorage. "
        "Plus tard, le président russe a qualifié l'échange de « constructif »."
    )
    assert one(text).speaker.name == "Vladimir Poutine"


# ------------------------------------------------------------------ English
ENGLISH = [
    ('"We will not back down," said the prime minister.', "statement", "the prime minister"),
    ('"We will not back down," the minister said on Monday.', "statement", "the minister"),
    ('"The talks were constructive," he said.', "statement", "he"),
    ('According to officials, the plan is "dead on arrival".', "statement", "officials"),
    ('Critics called the deal "a betrayal".', "statement", "Critics"),
    ('The so-called "peace dividend" never came.', "scare", None),
]


@pytest.mark.parametrize("text,kind,speaker_text", ENGLISH, ids=[t[0][:40] for t in ENGLISH])
def test_english_attribution(text, kind, speaker_text):
    q = one(text, "en")
    assert q.kind == kind
    if speaker_text:
        assert q.speaker_text == speaker_text
