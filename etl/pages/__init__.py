"""Pages: input files to article parts.

In: a folder of files (text dumps of rendered pages, HTML). Out: ``SourceFile`` and ``RawDocument``
records, decoded text, and ``PageParts`` (clean body, headline, byline, publisher, dates, language,
captions). Pure functions over text: imports ``etl.text`` and ``etl.records`` only, never
``etl.nlp``, ``etl.store``, ``flows`` or the CLI. Its vocabularies are in ``etl/pages/data/``.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
