"""Checks a user runs when something is off: database, migrations, NLP models, input folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from etl.settings import Settings


@dataclass(frozen=True)
class Check:
    """One check: its name, whether it passed, what was found and how to fix it."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


def run_checks(settings: Settings) -> list[Check]:
    """Every check, in order; none raises."""
    checks = [_input(settings.input_dir)]
    url, db = _database(settings)
    checks.append(db)
    if url is not None:
        checks.append(_migrations(url))
    checks.extend(_models(settings))
    return checks


def _input(folder: Path) -> Check:
    if not folder.exists():
        return Check("input folder", False, f"{folder} does not exist", "create it or pass another folder")
    if not folder.is_dir() or not os.access(folder, os.R_OK | os.X_OK):
        return Check("input folder", False, f"{folder} is not a readable folder", "fix its permissions")
    from etl.pages.discover import discover  # noqa: PLC0415

    n = sum(1 for _ in discover(folder))
    return Check("input folder", n > 0, f"{folder}: {n} page files", "" if n else "put .txt or .html pages in it")


def _database(settings: Settings) -> tuple[str | None, Check]:
    from sqlalchemy import text  # noqa: PLC0415

    from etl.store.db import make_engine, redact, resolve_database_url  # noqa: PLC0415

    try:
        url = resolve_database_url(settings)
        engine = make_engine(url)
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar()
        engine.dispose()
        where = redact(url)
        return url, Check("database", True, f"{where} (PostgreSQL {version})")
    except Exception as exc:  # noqa: BLE001
        from etl.store.db import explain_failure  # noqa: PLC0415

        fix = (
            "set DATABASE_URL to a reachable server"
            if settings.database_url
            else f"check {settings.data_dir} (free space, permissions) or set DATABASE_URL"
        )
        return None, Check("database", False, explain_failure(exc), fix)


def _migrations(url: str) -> Check:
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    from etl.store.db import alembic_config, current_revision  # noqa: PLC0415

    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    current = current_revision(url)
    if current == head:
        return Check("migrations", True, f"at head ({head})")
    return Check("migrations", False, f"at {current or 'nothing'}, head is {head}", "run: news-etl migrate")


def _models(settings: Settings) -> list[Check]:
    import importlib.metadata  # noqa: PLC0415
    import importlib.util  # noqa: PLC0415

    out = []
    for language, model in sorted(settings.ner_models.items()):
        found = importlib.util.find_spec(model) is not None
        try:
            version = " " + importlib.metadata.version(model.replace("_", "-"))
        except importlib.metadata.PackageNotFoundError:
            version = ""
        parser = " (NER; its parser attributes quotes)" if found and _has_parser(model) else " (NER only)"
        out.append(
            Check(
                f"NER model ({language})",
                found,
                f"{model}{version}{parser}" if found else f"{model} is not installed",
                ""
                if found
                else f"pip install the package that provides {model}, or articles in {language!r} get no entities",
            )
        )
    return out


def _has_parser(model: str) -> bool:
    """Whether the installed spaCy package ``model`` ships a dependency parser (read from its
    meta.json, without loading the model)."""
    import importlib.util  # noqa: PLC0415
    import json  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    spec = importlib.util.find_spec(model)
    if spec is None or not spec.submodule_search_locations:
        return False
    for folder in spec.submodule_search_locations:
        for meta in Path(folder).glob("*/meta.json"):
            try:
                return "parser" in json.loads(meta.read_text(encoding="utf-8")).get("pipeline", [])
            except (OSError, ValueError):
                return False
    return False
