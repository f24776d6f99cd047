"""What the command writes to a standard output that cannot hold every character, or that
is closed: the findings still, never an internal error, and never an article's text changed.

Each run is a fresh `python -m newslint` process whose standard output is a pipe in ASCII
(PYTHONIOENCODING), as a redirect on Windows is in its code page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# A paragraph pasted twice (duplicate-paragraph, whose fix deletes the second) holding a
# vague source, in copy with curly quotes, a pound sign and an accent; the file's name has
# an accent too, so every format holds a character outside ASCII.
ARTICLE = (
    "Caf\u00e9 fares\n\n"
    "Experts say the \u201cbiggest ever\u201d rise will cost \u00a35m.\n\n"
    "The council met on Tuesday.\n\n"
    "Experts say the \u201cbiggest ever\u201d rise will cost \u00a35m.\n"
)


def _run(
    args: list[str], encoding: str = "ascii", stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["PYTHONIOENCODING"] = encoding
    return subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", "--no-cache", *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "caf\u00e9 fares.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["pretty", "concise"])
def test_a_report_for_people_escapes_what_the_stream_cannot_encode(article, fmt):
    done = _run(["--output-format", fmt, str(article)])
    assert done.returncode == 1, done.stderr
    assert b"internal error" not in done.stderr
    out = done.stdout.decode("ascii")  # every byte ASCII: nothing refused, nothing mangled
    assert out.count("A001") == 2 and out.count("D001") == 1
    assert "caf\\xe9 fares.txt" in out
    if fmt == "pretty":  # the quoted copy, with the characters escaped as Python's stderr does
        assert "\\u201cbiggest ever\\u201d" in out and "\\xa35m" in out


@pytest.mark.parametrize("fmt", ["json", "json-lines", "sarif", "gitlab"])
def test_a_json_report_is_utf8_whatever_the_stream_encoding(article, fmt):
    """JSON is UTF-8 (RFC 8259): written so to an ASCII pipe it is the same report as to a
    UTF-8 one, byte for byte."""
    ascii_run = _run(["--output-format", fmt, str(article)])
    utf8_run = _run(["--output-format", fmt, str(article)], encoding="utf-8")
    assert ascii_run.returncode == utf8_run.returncode == 1, ascii_run.stderr
    assert ascii_run.stdout == utf8_run.stdout
    text = ascii_run.stdout.decode("utf-8")  # SARIF percent-encodes the path's accent
    for line in text.splitlines() if fmt == "json-lines" else [text]:
        json.loads(line)


@pytest.mark.parametrize(
    ("fmt", "declared"), [("junit", b'encoding="UTF-8"'), ("html", b'charset="utf-8"')]
)
def test_a_report_that_declares_utf8_is_written_in_utf8(article, fmt, declared):
    done = _run(["--output-format", fmt, str(article)])
    assert done.returncode == 1, done.stderr
    assert declared in done.stdout
    assert "caf\u00e9 fares.txt" in done.stdout.decode("utf-8")
    assert done.stdout == _run(["--output-format", fmt, str(article)], encoding="utf-8").stdout


def test_a_fixed_standard_input_comes_back_in_its_own_encoding(tmp_path):
    """`--fix -` gives an editor its text back: in the encoding it came in, never escaped
    for the stream (that would change the copy) and never refused (that lost it)."""
    raw = ARTICLE.encode("utf-8")
    done = _run(["--fix", "--stdin-filename", "fares.txt", "-"], stdin=raw, cwd=tmp_path)
    same = _run(
        ["--fix", "--stdin-filename", "fares.txt", "-"], encoding="utf-8", stdin=raw, cwd=tmp_path
    )
    assert b"internal error" not in done.stderr
    assert done.returncode == same.returncode
    assert done.stdout == same.stdout
    fixed = done.stdout.decode("utf-8")
    assert fixed.count("Experts say") == 1  # the repeat deleted, the rest as it was
    assert fixed == ARTICLE[: ARTICLE.rindex("\n\nExperts")] + "\n"


def test_a_fixed_standard_input_keeps_its_byte_order_mark(tmp_path):
    raw = ("\ufeff" + ARTICLE).encode("utf-8")
    done = _run(
        ["--fix", "--stdin-filename", "fares.txt", "-"], encoding="utf-8", stdin=raw, cwd=tmp_path
    )
    assert done.stdout.startswith("\ufeff".encode())
    assert done.stdout.decode("utf-8").count("Experts say") == 1


def test_a_closed_standard_output_is_named_not_an_internal_error(article):
    done = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "newslint", "--isolated",
         "--no-cache", str(article)],
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    said = done.stderr.decode()
    assert "internal error" not in said
    assert "newslint: error: standard output is closed" in said
