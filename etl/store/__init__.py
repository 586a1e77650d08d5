"""Store: the only package that writes SQL.

In: ``Article`` records and file facts. Out: rows in PostgreSQL (articles and their children in one
transaction per batch, one entity and one event per real one after corpus-level resolution),
runs, sources, quarantine. Owns the engine, the embedded server and the typed models (the schema
itself is ``migrations/``). Imports ``etl.records``, ``etl.text``, ``etl.settings`` and the
pure helpers of ``etl.nlp`` it resolves with (gazetteer, role keys, time expressions); never
``etl.pages``, ``etl.transform``, ``etl.pipeline``, ``flows`` or the CLI.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
