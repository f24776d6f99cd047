"""peacock-term: a phrase file, off unless selected, with the quotation and attribution
exemptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.cli.main import main
from newslint.engine.phrases import PhraseFileError, load_phrase_rule
from newslint.formats.parse import format_for, parse
from newslint.rules import pack

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "peacock-term"
RULE = next(r for r in pack() if r.name == "peacock-term")


def underlined(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    document = parse(str(path), text, format_for(str(path)))
    return [text[d.start : d.end] for d in RULE.check(document, RULE.options)]


def test_metadata() -> None:
    assert RULE.code == "C002"
    assert RULE.severity.name == "INFO"
    assert RULE.default_enabled is False


def test_puffery_in_the_writers_voice_fires() -> None:
    assert underlined(FIXTURES / "fires.txt") == [
        "iconic",
        "legendary",
        "world-class",
        "cutting-edge",
        "renowned",
        "prestigious",
        "acclaimed",
        "visionary",
    ]


def test_quoted_or_attributed_puffery_stays_quiet() -> None:
    assert underlined(FIXTURES / "quiet.txt") == []


def test_off_unless_selected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A copy outside the repository, whose configuration excludes tests/fixtures.
    path = str(tmp_path / "article.txt")
    Path(path).write_text((FIXTURES / "fires.txt").read_text(encoding="utf-8"))
    main(["check", path, "--output-format", "concise"])
    assert "C002" not in capsys.readouterr().out
    main(["check", path, "--output-format", "concise", "--select", "peacock-term"])
    assert "C002" in capsys.readouterr().out


def test_sentence_exceptions_must_be_strings(tmp_path: Path) -> None:
    spec = (FIXTURES.parents[2] / "rules" / "data" / "peacock-term.toml").read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text(spec.replace("sentence-exceptions = [", "sentence-exceptions = [1, "))
    with pytest.raises(PhraseFileError, match="sentence-exceptions"):
        load_phrase_rule(bad)
