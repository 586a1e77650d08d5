"""The dev set as a quality gate: load its text dumps and its HTML pages into two fresh databases
with ``news-etl run``, as a user would, and print ``score.py``'s report for each, overall and per
language; with floors, fail when a metric falls below its floor.

    python -m etl.bench.score_dev [--admin-url URL] [--min-txt METRIC=VALUE ...] [--min-html ...]

``--admin-url`` names a PostgreSQL server's admin database (default: ``NEWS_ETL_TEST_DATABASE_URL``,
else an embedded server in a temporary directory). ``make score-dev`` runs it; ``.ci/run`` runs it
with the floors main reaches. Exit status: 0 when every floor holds, 1 when one does not, 2 when
the dev set or score.py is missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from etl.bench.benchmark import fresh_database
from etl.settings import PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared"
KINDS = ("txt", "html")


def run_folder(folder: Path, url: str) -> None:
    """``news-etl run folder`` into the database ``url`` (raises when the run fails)."""
    env = {**os.environ, "DATABASE_URL": url}
    cli = Path(sys.executable).with_name("news-etl")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "etl.cli"]
    subprocess.run([*command, "run", str(folder)], env=env, check=True, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL)


def score(score_py: Path, gold: Path, url: str, lang: str | None = None, floors: Sequence[str] = ()) -> int:
    """Print score.py's report of ``url``; its exit status (1 when a floor fails)."""
    args = [sys.executable, str(score_py), "--gold", str(gold), "--db", url, "--problems", "0"]
    args += ["--lang", lang] if lang else []
    for floor in floors:
        args += ["--min", floor]
    return subprocess.run(args, check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--devset", type=Path, default=SHARED / "devset")
    parser.add_argument("--score", type=Path, default=SHARED / "eval" / "score.py")
    parser.add_argument("--admin-url", default=os.environ.get("NEWS_ETL_TEST_DATABASE_URL"))
    parser.add_argument("--min-txt", action="append", default=[], metavar="METRIC=VALUE")
    parser.add_argument("--min-html", action="append", default=[], metavar="METRIC=VALUE")
    args = parser.parse_args()
    if not (args.devset / "pages").is_dir() or not args.score.exists():
        print(f"no dev set at {args.devset} or no score.py at {args.score}", file=sys.stderr)
        return 2
    floors = {"txt": args.min_txt, "html": args.min_html}
    failed = False
    with tempfile.TemporaryDirectory(prefix="news-etl-devset-") as tmp:
        work = Path(tmp)
        server = None
        admin = args.admin_url
        if admin is None:
            from etl.store.embedded import EmbeddedPostgres  # noqa: PLC0415  (only without a server)

            server = EmbeddedPostgres(work / "embedded", port=0)
            admin = server.start().url("postgres", driver="postgresql")
        try:
            for kind in KINDS:
                folder = work / kind
                folder.mkdir()
                for page in sorted((args.devset / "pages").glob(f"*.{kind}")):
                    shutil.copy2(page, folder / page.name)
                url, drop = fresh_database(admin, work)
                try:
                    run_folder(folder, url)
                    for lang in (None, "fr", "en"):
                        print(f"\n== dev set, .{kind} pages, {lang or 'all languages'}", flush=True)
                        status = score(
                            args.score, args.devset / "gold", url, lang, floors[kind] if lang is None else []
                        )
                        failed = failed or status != 0
                finally:
                    drop()
        finally:
            if server is not None:
                server.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
