from __future__ import annotations

import json
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from newslint.cli.main import main

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def repo_texts(extra: str) -> list[tuple[str, str]]:
    """(name, text) of every fixture article and example, and `extra` as "x.txt": the
    texts a shortcut is checked against the full analysis on, sentence by sentence."""
    paths = sorted(FIXTURES.glob("**/*.txt")) + sorted((ROOT / "examples").glob("**/*.*"))
    return [(p.name, p.read_text(encoding="utf-8")) for p in paths] + [("x.txt", extra)]


def generated_module_problems(script: str) -> str:
    """What `python scripts/SCRIPT --check` says is stale in the generated module it
    writes (the precompiled patterns, the shipped TOML, the sieves built ahead): "" when
    the module is current."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return "" if done.returncode == 0 else done.stderr or f"exit {done.returncode}"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> list[dict]:
        return json.loads(self.out)


@pytest.fixture(autouse=True)
def _private_cache_secret(tmp_path_factory, monkeypatch):
    """The result cache's key secret (see `newslint.store.cache.secret_path`) in a folder of
    the test session, not the user's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run `newslint` in-process with NO_COLOR, returning exit code and output."""
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the repository")
    return SHARED


def expected(rule_dir: Path) -> dict[str, list]:
    with open(rule_dir / "must-fire" / "expected.toml", "rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server for the session (tests/postgres.py); skips, saying why,
    without psycopg (the `postgres` extra) or PostgreSQL's binaries."""
    pytest.importorskip("psycopg", reason="psycopg (the postgres extra) is not installed")
    from postgres import Server, why_not

    reason = why_not()
    if reason is not None:
        pytest.skip(reason)
    server = Server.start()
    assert server is not None
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres_server) -> str:
    """The URL of a new, empty database on the session's server."""
    return postgres_server.database(f"t_{secrets.token_hex(6)}")
