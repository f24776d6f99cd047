"""A throwaway PostgreSQL server on a Unix socket, for the tests and bench/index_store.py.

    with Server.start() as server:          # None when no PostgreSQL binaries are found
        url = server.database("t1")         # postgresql:///t1?host=/tmp/...&user=newslint

`initdb` and `pg_ctl` are looked for on PATH, then in Debian's /usr/lib/postgresql/VER/bin
(the `postgresql` package; `.ci/run` installs it). The cluster lives in a temporary folder,
listens on a socket there and on no TCP port, trusts local connections, and runs without
fsync (nothing in it outlives the run). PostgreSQL refuses to run as root: as root it runs
as the `postgres` user that Debian's package creates.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

USER = "newslint"


def binaries() -> Path | None:
    """The folder holding `initdb` and `pg_ctl`, or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def why_not() -> str | None:
    """Why no server can be started here, or None when one can."""
    if binaries() is None:
        return "no PostgreSQL binaries (initdb, pg_ctl; Debian's postgresql package)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run PostgreSQL as"
    return None


class Server:
    """A running throwaway cluster; `stop()` (or leaving the `with`) removes it."""

    def __init__(self, bin_dir: Path, folder: Path, owner: str | None) -> None:
        self.bin_dir = bin_dir
        self.folder = folder
        self.owner = owner
        self.data = folder / "data"

    @classmethod
    def start(cls) -> Server | None:
        """Start a cluster, or None when `why_not()` says one cannot be. Raises
        subprocess.CalledProcessError (with the server log in its output) on a failed start."""
        if why_not() is not None:
            return None
        bin_dir = binaries()
        assert bin_dir is not None
        # In /tmp, not TMPDIR: as root the server runs as `postgres`, which may not enter
        # a TMPDIR only root may (pytest's own folders), and a socket's path must be short.
        shared = "/tmp" if os.path.isdir("/tmp") else None
        folder = Path(tempfile.mkdtemp(prefix="newslint-pg-", dir=shared))
        owner = "postgres" if os.geteuid() == 0 else None
        if owner is not None:
            entry = pwd.getpwnam(owner)
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        server = cls(bin_dir, folder, owner)
        try:
            server._run(
                "initdb", "-D", str(server.data), "-U", USER, "-A", "trust", "-E", "UTF8",
                "--locale=C", "--no-sync",
            )  # fmt: skip
            server._run(
                "pg_ctl", "-D", str(server.data), "-l", str(folder / "log"), "-w", "-t", "60",
                "-o", f"-k {folder} -c listen_addresses='' -c fsync=off -c max_connections=40",
                "start",
            )  # fmt: skip
        except subprocess.CalledProcessError as exc:
            log = folder / "log"
            exc.output = (exc.output or "") + (log.read_text() if log.exists() else "")
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return server

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin_dir / tool), *args]
        if self.owner is not None:
            command = ["runuser", "-u", self.owner, "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def url(self, database: str = "postgres") -> str:
        """The URL of a database of this server (no password: the socket is trusted)."""
        return f"postgresql:///{database}?host={self.folder}&user={USER}"

    def database(self, name: str) -> str:
        """Create an empty database `name`; its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
