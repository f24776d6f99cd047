"""Phrase-list rules declared in TOML: a newsroom adds one without Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.engine.phrases import PhraseFileError, load_phrase_rule

HOUSE = """
code = "H001"
name = "house-cliche"
summary = "A cliche the style guide bans."
message = "'{match}' is on the house list of cliches"
severity = "info"
docs = '''## What it does
Flags cliches.
## Why is this bad?
Stale.
## Example
A game changer.'''
phrases = ["game changer", "at the end of the day", "tip of the iceberg"]
patterns = ['perfect\\s+storm']
exceptions = ["game changer award"]
scope = ["paragraph", "heading"]
"""

ARTICLE = """# A game changer for the port

The new crane is a game changer, the operator said, and at the end
of the day it will move 40 boxes an hour.

"It is only the tip of the iceberg," said the harbour master, Jo Lund.

- A perfect storm of delays hit the old crane.

Last year the port won the Game Changer Award for logistics.
"""


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    (tmp_path / "house.toml").write_text(HOUSE)
    (tmp_path / "newslint.toml").write_text('phrase-files = ["house.toml"]\n')
    (tmp_path / "story.md").write_text(ARTICLE)
    return tmp_path


def test_phrase_rule_from_config_fires_with_its_exemptions(cli, newsroom):
    found = cli("--output-format", "json", "--select", "H001", str(newsroom)).json()
    assert [(d["line"], d["column"], d["message"]) for d in found] == [
        (1, 5, "'game changer' is on the house list of cliches"),
        (3, 20, "'game changer' is on the house list of cliches"),
        # Matched across the line break of wrapped copy.
        (3, 57, "'at the end of the day' is on the house list of cliches"),
    ]
    # Not in the quotation, not in the list item (out of scope), not in the exception.
    assert {d["severity"] for d in found} == {"info"}


def test_phrase_rule_is_listed_and_documented(cli, newsroom):
    assert "H001  house-cliche" in cli("rules", cwd=newsroom).out
    assert "Flags cliches." in cli("rule", "house-cliche").out


def test_in_quotes_and_scope_options(cli, newsroom):
    (newsroom / "house.toml").write_text(
        HOUSE.replace('scope = ["paragraph", "heading"]', "in-quotes = true")
    )
    lines = [d["line"] for d in cli("--output-format", "json", str(newsroom)).json()]
    assert lines == [1, 3, 3, 6, 8]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('code = "H001"', ""), "'code' is required"),
        (('severity = "info"', 'severity = "loud"'), "'severity' must be error, warning or info"),
        (('name = "house-cliche"', 'name = "House Cliche"'), "must be kebab-case"),
        (("scope = [", "scpe = ["), "unknown key 'scpe'"),
        (("patterns = ['perfect", "patterns = ['(perfect"), "bad pattern"),
    ],
)
def test_bad_phrase_files_are_named(tmp_path, change, message):
    path = tmp_path / "p.toml"
    path.write_text(HOUSE.replace(*change))
    with pytest.raises(PhraseFileError, match=message) as info:
        load_phrase_rule(path)
    assert str(path) in str(info.value)


def test_bad_phrase_file_in_config_is_a_config_error(cli, newsroom):
    (newsroom / "house.toml").write_text("code = 1\n")
    result = cli(str(newsroom))
    assert result.code == 2
    assert "house.toml: 'code' is required and must be a string" in result.err


_PHRASES = ["world-class", "critically acclaimed", "iconic", "state-of-the-art", "Ab"]
_PHRASES += ["istanbul", "IRMAK"]


def _rule(tmp_path: Path):
    listed = ", ".join(f'"{p}"' for p in _PHRASES)
    spec = tmp_path / "puff.toml"
    spec.write_text(
        f'code = "H901"\nname = "puff"\nsummary = "s"\nmessage = "m {{match}}"\ndocs = "d"\n'
        f"phrases = [{listed}]\n",
        encoding="utf-8",
    )
    return load_phrase_rule(spec)


@pytest.mark.parametrize(
    "text, found",
    [
        ("A world-CLASS side, a World Class one.", ["world-CLASS"]),
        ("Critically  ACCLAIMED work.", ["Critically  ACCLAIMED"]),
        ("The State-Of-The-Art plant.", ["State-Of-The-Art"]),
        ("An ab test, an iconic one.", ["ab", "iconic"]),
        # Holding some words of a phrase but not all: passed over unread. Holding all of
        # them, apart: read, and nothing found.
        ("The world has one class of its own.", []),
        ("The art of the state.", []),
        # Case-blind matching takes the Turkish İ and ı for i and I; casefolding does not.
        ("Flights to İstanbul.", ["İstanbul"]),
        ("The ırmak flows.", ["ırmak"]),
        # Text that is ASCII but for a pound sign or curly quotes is split as ASCII; other
        # letters send a paragraph to the regex.
        ("A \u00a35m world-class side, \u2018iconic\u2019.", ["world-class", "iconic"]),
        ("A world_class side, an iconic_ one, an ab_ test.", []),
        ("Its ICONIC fa\u00e7ade.\n\nA world-CLASS one.", ["ICONIC", "world-CLASS"]),
    ],
)
def test_the_word_test_never_hides_a_phrase(tmp_path, monkeypatch, text, found):
    from newslint.engine import phrases
    from newslint.formats import from_text

    rule = _rule(tmp_path)
    [document] = from_text("a.txt", text).documents
    got = [document.text[d.start : d.end] for d in rule.check(document, {})]
    assert got == found
    with monkeypatch.context() as patched:  # a long text: no test of all its words at once
        patched.setattr(phrases, "_WHOLE_TEXT", 0)
        [document] = from_text("a.txt", text).documents
        assert [document.text[d.start : d.end] for d in rule.check(document, {})] == found
    rule._may_hold = None  # every paragraph read: the same findings
    [document] = from_text("a.txt", text).documents
    assert [document.text[d.start : d.end] for d in rule.check(document, {})] == found


def test_a_long_document_keeps_no_words_per_paragraph(tmp_path, monkeypatch):
    """Past `_WHOLE_TEXT` characters the phrase rules split each paragraph as they read
    it and keep nothing (a set per paragraph of a 4 MB file held 60 MB to the end of the
    run); a short document keeps them for the next phrase rule. The same findings."""
    from newslint.engine import phrases
    from newslint.formats import from_text

    rule = _rule(tmp_path)
    text = "\n\n".join(
        f"Paragraph {i} of the copy, a world-class one." if i % 7 == 0 else f"Plain {i} words."
        for i in range(60)
    )
    [short] = from_text("a.txt", text).documents
    found = [d.start for d in rule.check(short, {})]
    assert len(found) == 9 and "newslint.engine.phrases.words" in short._memo
    with monkeypatch.context() as patched:
        patched.setattr(phrases, "_WHOLE_TEXT", len(text) - 1)
        [long] = from_text("a.txt", text).documents
        assert [d.start for d in rule.check(long, {})] == found
        assert "newslint.engine.phrases.words" not in long._memo


@pytest.mark.parametrize(
    "text",
    [
        "Plain words, an_underscore and 3.5 digits.",
        "MiXeD Case\tand\nlines",
        "",
        "--- ...",
        "A \u00a3 sign",
        "Caf\u00e9 \u0130stanbul \u0131rmak \u212aelvin",
    ],
)
def test_a_paragraph_s_words_are_its_casefolded_runs_of_word_characters(text):
    """The word test reads an ASCII paragraph by a byte table, in C, not by the regex:
    the same words, casefolded, as `\\w+` finds (the Turkish I folded to a plain i)."""
    import regex

    from newslint.engine import phrases
    from newslint.formats import from_text

    [document] = from_text("a.txt", text or "x").documents
    for block in document.blocks:
        piece = document.view[block.start : block.end]
        want = {w.casefold() for w in regex.findall(r"\w+", piece)}
        want = {w.replace("\u0307", "").replace("\u0131", "i") for w in want}
        assert phrases._words(document, block) == want
        if piece.isascii():
            assert set(phrases._ascii_words(piece)) == want


def test_a_phrase_is_parted_into_words_by_any_whitespace_regex_knows(tmp_path):
    """A phrase holding a tab, a no-break space, an em space or a line separator is several
    words, found across any run of whitespace; `_SPACE` (regex's `\\s`, precompiled) says
    so, not a plain space. A zero-width space is no whitespace: such a phrase is one word."""
    spec = tmp_path / "spaced.toml"
    spec.write_text(
        'code = "H902"\nname = "spaced"\nsummary = "s"\nmessage = "m {match}"\ndocs = "d"\n'
        'phrases = ["red\\ttape", "hard\\u00a0line", "U\\u2003turn", "sea\\u2028change", '
        '"zero\\u200bsum"]\n',
        encoding="utf-8",
    )
    from newslint.formats import from_text

    rule = load_phrase_rule(spec)
    text = "Red tape, a hard\u00a0 line, a U\tturn, a sea  change, a zero sum."
    [document] = from_text("a.txt", text).documents
    found = [document.text[d.start : d.end] for d in rule.check(document, {})]
    assert found == ["Red tape", "hard\u00a0 line", "U\tturn", "sea  change"]
