"""What the command writes to a standard output that cannot hold every character, or that
is closed: the findings still, never an internal error, and never an article's text changed.

Most runs are a fresh `python -m newslint` process whose standard output is a pipe in
ASCII (PYTHONIOENCODING), as a redirect on Windows is in its code page; the last ones call
`main(ARGS)` in this process, as another program does, whose streams are left alone."""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newslint.cli.main import main

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
    args: list[str],
    encoding: str = "ascii",
    stdin: bytes | None = None,
    cwd: Path | None = None,
    path: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["PYTHONIOENCODING"] = encoding
    if path is not None:  # a folder of rule packs (see `_euro_pack`)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(path), env.get("PYTHONPATH")]))
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


def test_github_annotations_are_utf8_whatever_the_stream_encoding(article):
    ascii_run = _run(["--output-format", "github", str(article)])
    assert ascii_run.returncode == 1, ascii_run.stderr
    assert "caf\u00e9 fares.txt" in ascii_run.stdout.decode("utf-8")
    assert ascii_run.stdout == _run(["--output-format", "github", str(article)], "utf-8").stdout


def test_an_error_handler_the_user_gave_is_kept(article):
    """PYTHONIOENCODING=ascii:replace says how: `?`, not escapes."""
    done = _run(["--output-format", "concise", str(article)], encoding="ascii:replace")
    assert done.returncode == 1, done.stderr
    assert b"caf? fares.txt" in done.stdout and b"\\x" not in done.stdout


def test_a_fixed_latin1_standard_input_comes_back_in_latin1(tmp_path):
    raw = ARTICLE.replace("\u201c", '"').replace("\u201d", '"').encode("latin-1")
    done = _run(
        ["--fix", "--encoding", "latin-1", "--stdin-filename", "fares.txt", "-"],
        encoding="utf-8",
        stdin=raw,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout == raw[: raw.rindex(b"\n\nExperts")] + b"\n"


@pytest.mark.parametrize(
    ("encoding", "raw"),
    [
        # utf-8-sig writes a BOM the input did not have; utf-16 writes its own byte order.
        ("utf-8-sig", b"Experts say it is fine.\n"),
        ("utf-16", codecs.BOM_UTF16_BE + "Caf\u00e9: experts say it.\n".encode("utf-16-be")),
    ],
)
def test_a_standard_input_no_fix_changed_comes_back_byte_for_byte(tmp_path, encoding, raw):
    done = _run(
        ["--fix", "--encoding", encoding, "--stdin-filename", "s.txt", "-"], stdin=raw, cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr  # a finding (A001), and no fix for it
    assert done.stdout == raw


# A rule pack whose safe fix writes the euro sign, which Latin-1 lacks.
EURO_PACK = '''
from newslint.engine.rule import Rule
from newslint.model import Edit, Fix, Severity


class Euro(Rule):
    """Writes the euro sign.

    ## What it does
    Replaces EUR with the sign.

    ## Why is this bad?
    House style.

    ## Example
    It cost EUR 5.
    """

    code = "Z101"
    name = "euro-sign"
    summary = "Write the euro sign."
    severity = Severity.INFO

    def check(self, document, options):
        start = document.view.find("EUR ")
        if start >= 0:
            fix = Fix("write the sign", (Edit(start, start + 3, "\\u20ac"),), safe=True)
            yield self.diagnostic(document, start, start + 3, "write the sign", fix)


def rules():
    return [Euro]
'''


def _euro_pack(folder: Path) -> Path:
    (folder / "europack.py").write_text(EURO_PACK)
    info = folder / "europack-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: europack\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[newslint.rules]\neuro = europack:rules\n")
    return folder


def test_a_fix_the_input_encoding_cannot_hold_is_named_and_the_input_given_back(tmp_path):
    """As for a file (`fix not written`, exit 2): never "Fixed" and the copy unchanged."""
    (tmp_path / "pack").mkdir()
    pack = _euro_pack(tmp_path / "pack")
    raw = "Caf\u00e9 prices\n\nIt cost EUR 5 on Tuesday.\n".encode("latin-1")
    args = ["--fix", "--encoding", "latin-1", "--stdin-filename", "eur.txt", "-"]
    done = _run(args, encoding="utf-8", stdin=raw, cwd=tmp_path, path=pack)
    assert done.returncode == 2
    assert done.stdout == raw
    said = done.stderr.decode()
    assert "newslint: error: eur.txt: fix not written" in said and "iso8859-1" in said
    assert "internal error" not in said


def test_main_called_by_another_program_leaves_its_streams_alone(monkeypatch, article):
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["--isolated", "--no-cache", str(article)]) == 1
    assert (out.encoding, out.errors) == ("utf-8", "strict")


def test_fixed_standard_input_goes_to_another_programs_text_stream(monkeypatch):
    """`main(ARGS)` with stdout an io.StringIO (contextlib.redirect_stdout): the text, as
    ever, not an internal error for want of a byte buffer."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["--isolated", "--no-cache", "--fix", "--stdin-filename", "f.txt", "-"])
    assert status == 1
    assert out.getvalue() == ARTICLE[: ARTICLE.rindex("\n\nExperts")] + "\n"


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_a_name_that_is_not_utf8_is_listed_as_its_bytes_in_utf8_mode(tmp_path, fmt):
    """In UTF-8 mode (and the C.UTF-8 locale) stdout's errors are surrogateescape: the
    name's bytes come back, as they did before these formats were written in UTF-8."""
    try:
        (tmp_path / os.fsdecode(b"\xff story.txt")).write_text("Experts say it.\n")
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    done = _run(
        ["--show-files", "--output-format", fmt], encoding="utf-8:surrogateescape", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"\xff story.txt\n"
