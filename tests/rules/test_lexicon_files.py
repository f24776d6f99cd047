"""A newsroom extends the sourcing and claims word lists with its own TOML files."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTICLE = """Budget row deepens

Grumps argue the budget will not survive the summer.

The council built the grandest library and opened the tallest tower.
"""


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    (tmp_path / "story.txt").write_text(ARTICLE)
    return tmp_path


def found(cli, folder: Path) -> list[tuple[str, int, int]]:
    result = cli("--output-format", "json", "--select", "A001,C001", str(folder))
    return [(d["code"], d["line"], d["column"]) for d in result.json()]


def test_lexicon_file_adds_words_to_both_families(cli, newsroom):
    before = found(cli, newsroom)
    assert ("A001", 3, 1) not in before
    (newsroom / "style").mkdir()
    (newsroom / "style" / "house.toml").write_text(
        '[sourcing]\ngroup-nouns = ["grumps"]\n[claims]\nidioms = ["grandest library"]\n'
    )
    (newsroom / "newslint.toml").write_text('lexicon-files = ["style/house.toml"]\n')
    after = found(cli, newsroom)
    assert ("A001", 3, 1) in after
    # The idiom silences the superlative it covers, and only that one.
    assert [f for f in before if f[0] == "C001"] == [("C001", 5, 23), ("C001", 5, 55)]
    assert [f for f in after if f[0] == "C001"] == [("C001", 5, 55)]


def test_a_folder_without_the_config_keeps_the_shipped_lists(cli, newsroom, tmp_path_factory):
    (newsroom / "house.toml").write_text('[sourcing]\ngroup-nouns = ["grumps"]\n')
    (newsroom / "newslint.toml").write_text('lexicon-files = ["house.toml"]\n')
    other = tmp_path_factory.mktemp("other")
    (other / "story.txt").write_text(ARTICLE)
    assert ("A001", 3, 1) in found(cli, newsroom)
    assert ("A001", 3, 1) not in found(cli, other)


@pytest.mark.parametrize(
    ("house", "message"),
    [
        (
            '[sourcing]\ngroup-noun = ["pundits"]\n',
            "unknown list 'group-noun' (did you mean 'group-nouns'?)",
        ),
        ("[sourcng]\n", "unknown table [sourcng]"),
        ('[claims]\nidioms = "best"\n', "'idioms' must be a list of strings"),
    ],
)
def test_bad_lexicon_files_are_config_problems(cli, newsroom, house, message):
    (newsroom / "house.toml").write_text(house)
    (newsroom / "newslint.toml").write_text('lexicon-files = ["house.toml"]\n')
    result = cli(str(newsroom))
    assert result.code == 2
    assert "config problem in rule" in result.err and message in result.err
    assert "Traceback" not in result.err


def test_house_nouns_spelled_with_a_turkish_i_still_match_plain_copy(cli, tmp_path):
    """Without case, a house noun's "İ" matches "i" and its "ı" matches "I", as
    the pattern finds them; the agent cue's word test, which asks each noun's
    casefolded words, must not rule out "by idlers" or "by IDLERS" ("i̇dlers" and "ıdlers"
    casefold to neither)."""
    (tmp_path / "house.toml").write_text(
        '[sourcing]\ngroup-nouns = ["\u0130dlers", "\u0131dlers"]\n', encoding="utf-8"
    )
    (tmp_path / "newslint.toml").write_text('lexicon-files = ["house.toml"]\n')
    (tmp_path / "a.txt").write_text("Deal\n\nThe plan was criticised by idlers.\n")
    (tmp_path / "b.txt").write_text("Deal\n\nThe plan was criticised by IDLERS.\n")
    result = cli("--output-format", "json", "--select", "A001", str(tmp_path))
    got = [(Path(d["path"]).name, d["line"], d["column"], d["message"]) for d in result.json()]
    assert got == [
        ("a.txt", 3, 25, "'by idlers' names nobody: say who, or how many"),
        ("b.txt", 3, 25, "'by IDLERS' names nobody: say who, or how many"),
    ]


def test_house_lists_are_the_same_whether_the_shipped_files_are_parsed_or_read_ahead(
    cli, newsroom, monkeypatch
):
    """The shipped lists come from newslint.tomls' table made ahead; with the table empty
    they are parsed, and a house file's additions give the same lists and findings."""
    from newslint import _shipped_toml
    from newslint.analysis import lexicon
    from newslint.rules._data import DATA

    house = newsroom / "house.toml"
    house.write_text('[sourcing]\ngroup-nouns = ["grumps"]\n[claims]\nidioms = ["grandest"]\n')
    (newsroom / "newslint.toml").write_text('lexicon-files = ["house.toml"]\n')
    extra = ((str(house), house.read_bytes()),)
    ahead = lexicon._build(lexicon._shipped((str(DATA),)), extra, "ahead")
    ahead_found = found(cli, newsroom)
    monkeypatch.setattr(_shipped_toml, "TABLE", {})
    monkeypatch.setattr(lexicon, "_cache", {})  # built again, from parsed files
    parsed = lexicon._build(lexicon._shipped((str(DATA),)), extra, "parsed")
    for family in lexicon.FAMILIES:
        assert ahead.table(family) == parsed.table(family)
    assert "grumps" in parsed.list("sourcing", "group-nouns")
    assert found(cli, newsroom) == ahead_found
    assert ("A001", 3, 1) in ahead_found
