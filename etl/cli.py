"""The ``news-etl`` command line: run the ETL, migrate, manage the embedded PostgreSQL server."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

# Quiet, offline-friendly Prefect defaults, set before Prefect is imported (users may override).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# a one-off run starts a temporary Prefect server: on a busy machine it needs more than the 20 s Prefect waits
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

app = typer.Typer(
    help="News-intelligence ETL: raw news pages → PostgreSQL.", no_args_is_help=True, pretty_exceptions_enable=False
)
db_app = typer.Typer(help="The embedded PostgreSQL server (used when DATABASE_URL is unset).", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console(stderr=True)
out = Console()

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", envvar="DATABASE_URL", show_envvar=True, help="SQLAlchemy/libpq URL; unset: embedded server."
    ),
]


def _settings(database_url: str | None = None):
    from etl.settings import get_settings  # noqa: PLC0415

    if database_url:
        os.environ["DATABASE_URL"] = database_url
    get_settings.cache_clear()
    return get_settings()


def _fail(message: str, code: int = 1) -> typer.Exit:
    console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True, highlight=False)
    return typer.Exit(code)


def _embedded():
    from etl.store.embedded import EmbeddedPostgres  # noqa: PLC0415

    s = _settings()
    return EmbeddedPostgres(s.data_dir, s.embedded_port, s.embedded_os_user)


@app.command()
def run(
    input_dir: Annotated[Path | None, typer.Argument(help="Folder of pages (default: seeds/).")] = None,
    database_url: DatabaseUrl = None,
    batch_size: Annotated[int | None, typer.Option(help="Files per Prefect task.")] = None,
    load_batch_size: Annotated[int | None, typer.Option(help="Files per load transaction.")] = None,
    rehash: Annotated[bool, typer.Option(help="Hash every file, even when size and mtime are unchanged.")] = False,
    reprocess: Annotated[bool, typer.Option(help="Transform and reload files even when unchanged.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
) -> None:
    """Migrate the database, then run the ETL flow once over INPUT_DIR."""
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    settings = _settings(database_url)
    root = (input_dir or settings.input_dir).resolve()
    if not root.is_dir():
        raise _fail(f"input folder not found: {root}")
    embedded = None if settings.database_url else _embedded()
    was_running = embedded is not None and embedded.status() is not None
    try:
        from etl.store.db import migrate as do_migrate  # noqa: PLC0415
        from etl.store.db import resolve_database_url  # noqa: PLC0415

        do_migrate(resolve_database_url(settings))  # fails fast, before Prefect starts
        summary = _run_with_progress(root, batch_size, rehash, reprocess, load_batch_size)
    except Exception as exc:  # noqa: BLE001 - one clear line, not a traceback wall
        raise _fail(_explain(exc)) from None
    finally:
        if embedded is not None and not was_running:
            embedded.stop()
    if summary.status == "skipped":
        console.print(f"news-etl run {summary.run_id} skipped: {summary.note}")
        return
    table = Table(title=f"news-etl run {summary.run_id}: {summary.status}")
    table.add_column("outcome")
    table.add_column("files", justify="right")
    for key, value in summary.counts.items():
        table.add_row(key, str(value))
    out.print(table)
    if summary.timings:
        console.print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in summary.timings.items()))
    if summary.status == "failed":
        raise typer.Exit(1)


def _run_with_progress(
    root: Path, batch_size: int | None, rehash: bool, reprocess: bool, load_batch_size: int | None = None
):
    from flows.etl_flow import etl_flow, progress_hook  # noqa: PLC0415  (imports Prefect)

    columns = (TextColumn("[bold]news-etl"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # two refreshes a second: at Rich's default ten, redrawing the bar cost 3 s of CPU per 1,000 pages
    with Progress(*columns, console=console, transient=True, refresh_per_second=2) as bar:
        task_id = bar.add_task("files", total=None)

        def on_progress(event: str, n: int) -> None:
            if event == "total":
                bar.update(task_id, total=n)
            else:
                bar.advance(task_id, n)

        with progress_hook(on_progress):
            return etl_flow(
                input_dir=str(root),
                batch_size=batch_size,
                rehash=rehash,
                reprocess=reprocess,
                load_batch_size=load_batch_size,
            )


def _explain(exc: BaseException) -> str:
    """A one-line, password-free explanation of a failure (:func:`etl.store.db.explain_failure`)."""
    from etl.store.db import explain_failure  # noqa: PLC0415  (imports SQLAlchemy: not at start-up)

    return explain_failure(exc)


@app.command()
def serve(
    input_dir: Annotated[Path | None, typer.Argument(help="Folder of pages (default: seeds/).")] = None,
    cron: Annotated[str | None, typer.Option(help='Cron schedule, e.g. "0 * * * *".')] = None,
    interval: Annotated[int | None, typer.Option(help="Seconds between runs (instead of --cron).")] = None,
    name: Annotated[str, typer.Option(help="Deployment name.")] = "news-etl-scheduled",
    database_url: DatabaseUrl = None,
) -> None:
    """Serve the flow on a schedule against a Prefect server (PREFECT_API_URL); Ctrl-C stops
    serving without pausing the schedule."""
    if bool(cron) == bool(interval):
        raise _fail("give exactly one of --cron or --interval")
    if not os.environ.get("PREFECT_API_URL"):
        raise _fail(
            "serving needs a Prefect server: start one (prefect server start) and set PREFECT_API_URL; "
            "the temporary API of `news-etl run` does not run schedules"
        )
    settings = _settings(database_url)
    root = (input_dir or settings.input_dir).resolve()
    if not root.is_dir():
        raise _fail(f"input folder not found: {root}")
    try:
        from etl.store.db import migrate as do_migrate  # noqa: PLC0415
        from etl.store.db import resolve_database_url  # noqa: PLC0415

        do_migrate(resolve_database_url(settings))
    except Exception as exc:  # noqa: BLE001
        raise _fail(_explain(exc)) from None
    from flows.etl_flow import etl_flow  # noqa: PLC0415

    console.print(f"serving {name} on {cron or f'every {interval} s'} over {root} (Ctrl-C to stop)")
    etl_flow.serve(
        name=name, cron=cron, interval=interval, parameters={"input_dir": str(root)}, pause_on_shutdown=False
    )


@app.command()
def bench(
    articles: Annotated[int, typer.Option(help="Pages in the generated corpus.")] = 1000,
    workers: Annotated[int, typer.Option(help="Transform processes (0: one per CPU core).")] = 0,
    workdir: Annotated[Path, typer.Option(help="Where the corpus and results go.")] = Path("bench-results"),
    admin_url: Annotated[
        str | None,
        typer.Option(
            "--admin-url",
            envvar="NEWS_ETL_BENCH_ADMIN_URL",
            help="A server's admin database; a fresh database is created there (default: embedded server).",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option(help="JSON file for the figures.")] = None,
    ner_sample: Annotated[
        int | None,
        typer.Option(min=1, help="Measure the NER-only reference on the corpus's first N pages (default: all)."),
    ] = None,
    keep_database: Annotated[
        bool,
        typer.Option(
            help="Keep the database the ETL loaded (its URL is in the figures), e.g. to measure a later run on it."
        ),
    ] = False,
) -> None:
    """Benchmark: NER alone, the whole ETL into PostgreSQL, and a no-op re-run, on a generated corpus."""
    import json  # noqa: PLC0415

    from etl.bench.benchmark import run_benchmark, write_result  # noqa: PLC0415

    n_workers = workers or os.cpu_count() or 1
    try:
        result = run_benchmark(
            articles, workdir.resolve(), admin_url, n_workers, keep=keep_database, ner_sample=ner_sample
        )
    except Exception as exc:  # noqa: BLE001
        raise _fail(_explain(exc)) from None
    path = output or workdir / f"bench-{articles}.json"
    write_result(result, path)
    out.print_json(json.dumps(result))
    console.print(f"figures written to {path}")


@app.command()
def doctor(
    input_dir: Annotated[Path | None, typer.Argument(help="Folder of pages (default: seeds/).")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Check the database, the migrations, the NLP models and the input folder; say what to fix."""
    from etl.doctor import run_checks  # noqa: PLC0415

    settings = _settings(database_url)
    if input_dir is not None:
        settings = settings.model_copy(update={"input_dir": input_dir})
    checks = run_checks(settings)
    table = Table(title="news-etl doctor")
    for column in ("check", "", "found", "fix"):
        table.add_column(column)
    for c in checks:
        table.add_row(c.name, "[green]ok[/]" if c.ok else "[red]FAIL[/]", escape(c.detail), escape(c.fix))
    out.print(table)
    failed = [c for c in checks if not c.ok and not c.name.startswith("NER model")]
    if failed:
        raise typer.Exit(1)


@app.command()
def migrate(
    database_url: DatabaseUrl = None, revision: Annotated[str, typer.Argument(help="Target revision.")] = "head"
) -> None:
    """Upgrade the database schema (Alembic) to REVISION."""
    from etl.store.db import migrate as do_migrate  # noqa: PLC0415
    from etl.store.db import redact, resolve_database_url  # noqa: PLC0415

    try:
        url = resolve_database_url(_settings(database_url))
        do_migrate(url, revision)
    except Exception as exc:  # noqa: BLE001
        raise _fail(_explain(exc)) from None
    console.print(f"database {redact(url)} is at {revision}")


@db_app.command("start")
def db_start() -> None:
    """Start the embedded server (and create its database); it keeps running until `db stop`."""
    from etl.store.db import EMBEDDED_DATABASE  # noqa: PLC0415

    try:
        server = _embedded()
        server.ensure_database(EMBEDDED_DATABASE)
        info = server.status()
    except Exception as exc:  # noqa: BLE001
        raise _fail(_explain(exc)) from None
    console.print(f"embedded PostgreSQL running (pid {info.pid}) on 127.0.0.1:{info.port}, data in {server.pgdata}")
    out.print(info.url(EMBEDDED_DATABASE, driver="postgresql"))


@db_app.command("url")
def db_url(
    sqlalchemy: Annotated[bool, typer.Option("--sqlalchemy", help="Print the SQLAlchemy form.")] = False,
) -> None:
    """Print the database URL (starting the embedded server if needed) for psql and BI tools."""
    from etl.store.db import EMBEDDED_DATABASE, libpq_url, normalise_url  # noqa: PLC0415

    settings = _settings()
    if settings.database_url:
        url = settings.database_url
    else:
        try:
            server = _embedded()
            server.ensure_database(EMBEDDED_DATABASE)
            url = server.status().url(EMBEDDED_DATABASE)
        except Exception as exc:  # noqa: BLE001
            raise _fail(_explain(exc)) from None
    out.print(normalise_url(url) if sqlalchemy else libpq_url(url), soft_wrap=True)


@db_app.command("reader")
def db_reader(
    user: Annotated[str, typer.Argument(help="Login role to create for a BI tool or analyst.")],
    password_env: Annotated[str | None, typer.Option(help="Environment variable holding its password.")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Create (or update) a login role that can read the analytics schema and nothing else."""
    from sqlalchemy import text  # noqa: PLC0415

    from etl.store.db import make_engine, resolve_database_url  # noqa: PLC0415

    password = os.environ.get(password_env) if password_env else None
    if password_env and not password:
        raise _fail(f"environment variable {password_env} is empty")
    try:
        engine = make_engine(resolve_database_url(_settings(database_url)))
        with engine.begin() as conn:
            conn.execute(
                text("SELECT set_config('news_etl.reader', :u, true), set_config('news_etl.pw', :p, true)"),
                {"u": user, "p": password or ""},
            )
            conn.execute(
                text("""
                DO $$
                DECLARE u text := current_setting('news_etl.reader'); pw text := current_setting('news_etl.pw');
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'news_etl_reader') THEN
                        CREATE ROLE news_etl_reader NOLOGIN;
                        GRANT USAGE ON SCHEMA analytics TO news_etl_reader;
                        GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO news_etl_reader;
                    END IF;
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = u) THEN
                        EXECUTE format('CREATE ROLE %I LOGIN IN ROLE news_etl_reader', u);
                    END IF;
                    IF pw <> '' THEN
                        EXECUTE format('ALTER ROLE %I PASSWORD %L', u, pw);
                    END IF;
                END $$""")
            )
        engine.dispose()
    except Exception as exc:  # noqa: BLE001
        raise _fail(_explain(exc)) from None
    console.print(f"role {user!r} can read schema analytics (member of news_etl_reader)")


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded server."""
    stopped = _embedded().stop()
    console.print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")


@db_app.command("status")
def db_status() -> None:
    """Say whether the embedded server is running, and where."""
    server = _embedded()
    info = server.status()
    if info is None:
        console.print(f"embedded PostgreSQL is not running (data in {server.pgdata})")
        raise typer.Exit(3)
    console.print(f"embedded PostgreSQL running (pid {info.pid}) on 127.0.0.1:{info.port}, data in {server.pgdata}")


def main() -> None:  # pragma: no cover - console script entry point
    """Entry point with logging set up."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
