"""Phrase files a config names cannot hang, exhaust or slow a run without a word, and a bad
message is a config error when the file loads. docs/reliability.md names each guarantee."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import newslint.engine.phrases as phrases
from newslint.engine.phrases import PhraseFileError, load_phrase_rule

RULE = """
code = "H001"
name = "house-cliche"
summary = "A cliche the style guide bans."
message = "MESSAGE"
docs = "## What it does\\nx\\n## Why is this bad?\\nx\\n## Example\\nx"
phrases = ["game changer"]
"""


def rule_file(tmp_path: Path, message: str = "'{match}' is banned") -> Path:
    path = tmp_path / "house.toml"
    path.write_text(RULE.replace("MESSAGE", message))
    return path


def newsroom(tmp_path: Path, phrase_file: str) -> Path:
    (tmp_path / "newslint.toml").write_text(f'phrase-files = ["{phrase_file}"]\n')
    (tmp_path / "story.txt").write_text("It was a game changer.\n")
    return tmp_path


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        ("{0} is banned", "may use {match} and no other field, not {0}"),
        ("{} is banned", "may use {match} and no other field"),
        ("{match.upper} is banned", "not {match.upper}"),
        ("{word} is banned", "not {word}"),
        ("{match is banned", "is not a valid message template"),
        ("{match:d} is banned", "is not a valid message template"),
    ],
)
def test_bad_message_is_a_load_error(tmp_path, message, problem):
    with pytest.raises(PhraseFileError) as info:
        load_phrase_rule(rule_file(tmp_path, message))
    assert "'message'" in str(info.value) and problem in str(info.value)
    assert str(tmp_path / "house.toml") in str(info.value)


def test_good_messages_load(tmp_path):
    for message in ("'{match}' is banned", "{{braces}} and {match!r}", "no field at all"):
        load_phrase_rule(rule_file(tmp_path, message))


def test_message_error_is_a_config_error_not_an_internal_error(cli, tmp_path):
    rule_file(tmp_path, "{0} is banned")
    result = cli(str(newsroom(tmp_path, "house.toml")))
    assert result.code == 2
    assert "'message' may use {match}" in result.err
    assert "internal error" not in result.err


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_phrase_file_that_is_not_a_regular_file_is_refused(cli, tmp_path, special):
    if special == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("named pipes are POSIX")
        os.mkfifo(tmp_path / "house.toml")
        special, kind = "house.toml", "a named pipe (FIFO), not a file"
    else:
        kind = "a character device, not a file"
    result = cli(str(newsroom(tmp_path, special)))
    assert result.code == 2
    assert kind in result.err


def test_oversized_phrase_file_is_refused_without_reading_it_all(cli, tmp_path, monkeypatch):
    monkeypatch.setattr("newslint.engine.tomlfile.MAX_BYTES", 100)
    path = rule_file(tmp_path)
    path.write_text(path.read_text() + "# padding\n" * 20)
    result = cli(str(newsroom(tmp_path, "house.toml")))
    assert result.code == 2
    assert "house.toml: over 100 bytes, too big for this kind of file" in result.err


def test_slow_pattern_on_every_paragraph_is_stopped_by_the_file_budget(cli, tmp_path, monkeypatch):
    # Every reading of the clock says another second went by: each paragraph stays under
    # the per-match timeout, but the file's budget runs out; no real time is measured.
    ticks = iter(range(10**6))
    monkeypatch.setattr(phrases, "_clock", lambda: float(next(ticks)))
    monkeypatch.setattr(phrases, "FILE_BUDGET", 5.0)
    rule_file(tmp_path)
    newsroom(tmp_path, "house.toml")
    (tmp_path / "story.txt").write_text("It was a game changer.\n\n" * 40)
    (tmp_path / "second.txt").write_text("Another game changer.\n")
    result = cli("--output-format", "json", "--select", "H001", str(tmp_path))
    assert result.code == 2
    assert result.err.count("config problem") == 1
    assert "its patterns took over 5s on this file, all paragraphs together" in result.err
    assert len(result.json()) < 40  # stopped early, and the rule is off for the run


def test_lexicon_file_that_is_not_a_regular_file_is_a_config_error(cli, tmp_path):
    # Checked before anything reads it: the result cache hashes lexicon files for its key.
    (tmp_path / "newslint.toml").write_text('lexicon-files = ["/dev/zero"]\n')
    (tmp_path / "story.txt").write_text("Experts say it.\n")
    result = cli(str(tmp_path))
    assert result.code == 2
    assert "'lexicon-files': /dev/zero: a character device, not a file" in result.err
