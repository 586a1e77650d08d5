"""NLP: article text to mentions, quotes and events, with offsets into the body.

In: a clean body and its language (and the page's captions and dates). Out: ``Mention``, ``Quote``
and ``EventMention`` records (``etl.records``). spaCy models are loaded once per process; the rest
is pure functions. Imports ``etl.text`` and ``etl.records`` only, never ``etl.pages``,
``etl.store``, ``flows`` or the CLI. Its vocabularies and gazetteer are in ``etl/nlp/data/``.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
