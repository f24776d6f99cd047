"""newslint.tomls: a shipped TOML file's table comes from the table made ahead, equal to what
tomllib parses; any other bytes are parsed, and the table is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
import types

import pytest

import newslint
from conftest import ROOT, generated_module_problems, tomllib
from newslint import _shipped_toml, tomls

SHIPPED = sorted((ROOT / "rules" / "data").rglob("*.toml")) + sorted(
    (ROOT / "lint" / "analysis" / "data").rglob("*.toml")
)


def test_the_table_is_current():
    """Every shipped TOML file is in the table with its bytes, and nothing else."""
    assert generated_module_problems("shipped_toml.py") == ""


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_a_shipped_file_is_answered_ahead_with_what_tomllib_parses(path, monkeypatch):
    raw = path.read_bytes()
    expected = tomllib.loads(raw.decode("utf-8"))
    # Answered from the table: with tomllib unusable, the same table still comes back.
    monkeypatch.setitem(sys.modules, "tomllib", None)
    monkeypatch.setitem(sys.modules, "tomli", None)
    assert tomls.loads(raw) == expected


def test_each_answer_is_new_objects_the_caller_may_change():
    raw = (ROOT / "rules" / "data" / "sourcing" / "vague.toml").read_bytes()
    first = tomls.loads(raw)
    first["group-nouns"].append("grumps")
    first.clear()
    assert "grumps" not in tomls.loads(raw)["group-nouns"]


def test_other_bytes_are_parsed():
    raw = (ROOT / "rules" / "data" / "sourcing" / "vague.toml").read_bytes()
    edited = raw + b'\nhouse = ["grumps"]\n'
    assert edited not in _shipped_toml.TABLE
    assert tomls.loads(edited) == {**tomllib.loads(raw.decode("utf-8")), "house": ["grumps"]}


def test_bad_toml_raises_tomls_error_with_tomllib_message():
    with pytest.raises(tomls.TOMLError) as caught:
        tomls.loads(b"a = [\n")
    with pytest.raises(tomllib.TOMLDecodeError) as parsed:
        tomllib.loads("a = [\n")
    assert str(caught.value) == str(parsed.value)
    with pytest.raises(UnicodeDecodeError):
        tomls.loads(b"a = '\xff'\n")


def test_a_checkout_keeps_the_shipped_files_bytes():
    """The table is keyed by the files' exact bytes, LF line ends: a clone with
    core.autocrlf (Git for Windows' default) wrote them CRLF, so every run parsed them and
    the test of the table failed. .gitattributes keeps them LF in any clone."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("needs this checkout as a git repository")  # as tests/test_precommit.py
    done = subprocess.run(
        ["git", "-c", "core.autocrlf=true", "check-attr", "eol", "--", *map(str, SHIPPED)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert len(lines) == len(SHIPPED)
    assert all(line.endswith(": eol: lf") for line in lines), done.stdout


def test_the_script_writes_every_float_as_source_that_gives_it(tmp_path, monkeypatch):
    """A shipped file may hold any TOML float: inf and nan, whose repr is no Python
    source, made the module unimportable (every run failed at its first import)."""
    import importlib.util

    monkeypatch.syspath_prepend(str(ROOT / "scripts"))  # as when run: `generated` beside it
    found = importlib.util.spec_from_file_location(
        "shipped_toml", ROOT / "scripts" / "shipped_toml.py"
    )
    assert found is not None and found.loader is not None
    script = importlib.util.module_from_spec(found)
    found.loader.exec_module(script)
    monkeypatch.setattr(script, "ROOT", tmp_path)
    path = tmp_path / "floats.toml"
    path.write_text("a = inf\nb = -inf\nc = nan\nd = [-0.0, 0.1, 1.5e300, +inf]\n[e]\nf = -nan\n")
    made: dict[str, object] = {}
    exec(compile(script.source([path]), "_shipped_toml.py", "exec"), made)
    table = made["TABLE"][path.read_bytes()]()  # type: ignore[index]
    # repr, not ==: nan is equal to nothing, and -0.0 == 0.0.
    assert repr(table) == repr(tomllib.loads(path.read_text()))
    # --check finds that table current (nan != nan would call it stale for ever).
    monkeypatch.setattr(newslint, "_shipped_toml", types.SimpleNamespace(TABLE=made["TABLE"]))
    assert script.stale([path]) == []


def test_a_document_nested_too_deeply_is_a_toml_error():
    """tomllib recurses once per level of nesting: a house file of thousands of nested
    arrays is reported as invalid TOML, by the config reader and the lexicon alike."""
    with pytest.raises(tomls.TOMLError, match="nested too deeply"):
        tomls.loads(b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
