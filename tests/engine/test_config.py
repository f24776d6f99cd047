from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import FIXTURES

DUP = FIXTURES / "duplicate-paragraph" / "must-fire" / "per-line.txt"


def lines(result):
    return sorted((d["path"].rsplit("/", 1)[-1], d["code"]) for d in result.json())


def test_nearest_config_above_each_file_applies(cli, tmp_path):
    for sub in ("desk", "desk/sport"):
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
        shutil.copy(DUP, tmp_path / sub / "a.txt")
    (tmp_path / "pyproject.toml").write_text('[tool.newslint]\nignore = ["D001"]\n')
    (tmp_path / "desk" / "sport" / ".newslint.toml").write_text('select = ["D001"]\n')
    result = cli("--output-format", "json", str(tmp_path))
    assert [d["path"].split(str(tmp_path))[1] for d in result.json()] == ["/desk/sport/a.txt"]


def test_pyproject_without_table_is_skipped(cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    shutil.copy(DUP, tmp_path / "a.txt")
    assert len(cli("--output-format", "json", str(tmp_path)).json()) == 1


def test_unknown_key_names_file_key_and_nearest(cli, tmp_path):
    config = tmp_path / "newslint.toml"
    config.write_text('selct = ["D001"]\n')
    shutil.copy(DUP, tmp_path / "a.txt")
    result = cli(str(tmp_path))
    assert result.code == 2
    assert f"{config}: unknown key 'selct' (did you mean 'select'?)" in result.err
    assert "Traceback" not in result.err


def test_wrong_type_and_bad_rule_options(cli, tmp_path):
    config = tmp_path / "newslint.toml"
    shutil.copy(DUP, tmp_path / "a.txt")
    config.write_text('select = "D001"\n')
    assert "'select' must be a list of strings" in cli(str(tmp_path)).err
    config.write_text('[rules.duplicate-paragraph]\nthreshold = "high"\n')
    assert "'threshold' must be float, got 'high'" in cli(str(tmp_path)).err
    config.write_text("[rules.duplicate-paragraph]\nthreshhold = 0.9\n")
    assert "unknown option 'threshhold' (did you mean 'threshold'?)" in cli(str(tmp_path)).err
    config.write_text("[rules.duplicate-paragrap]\nthreshold = 0.9\n")
    assert "names no rule (did you mean 'duplicate-paragraph'?)" in cli(str(tmp_path)).err


def test_unknown_rule_in_select_suggests(cli, tmp_path):
    (tmp_path / "newslint.toml").write_text('ignore = ["duplicate-paragraf"]\n')
    shutil.copy(DUP, tmp_path / "a.txt")
    result = cli(str(tmp_path))
    assert result.code == 2
    assert "unknown rule 'duplicate-paragraf' (did you mean 'duplicate-paragraph'?)" in result.err


def test_per_file_ignores_include_and_exclude(cli, tmp_path):
    for name in ("a.txt", "b.txt", "c.story"):
        shutil.copy(DUP, tmp_path / name)
    (tmp_path / "drafts").mkdir()
    shutil.copy(DUP, tmp_path / "drafts" / "d.txt")
    (tmp_path / "newslint.toml").write_text(
        'include = ["*.txt", "*.story"]\nexclude = ["drafts"]\n'
        '[per-file-ignores]\n"b.*" = ["duplicate-paragraph"]\n'
    )
    result = cli("--output-format", "json", str(tmp_path))
    assert lines(result) == [("a.txt", "D001"), ("c.story", "D001")]


def test_config_flag_and_isolated(cli, tmp_path):
    shutil.copy(DUP, tmp_path / "a.txt")
    (tmp_path / "newslint.toml").write_text('ignore = ["D001"]\n')
    other = tmp_path / "other.toml"
    other.write_text('select = ["D002"]\n')
    assert cli("--output-format", "json", str(tmp_path)).json() == []
    assert cli("--output-format", "json", "--isolated", str(tmp_path)).json() != []
    assert cli("--output-format", "json", "--config", str(other), str(tmp_path)).json() == []
    bad = tmp_path / "bad.toml"
    bad.write_text("select = [\n")
    result = cli("--config", str(bad), str(tmp_path))
    assert result.code == 2 and f"{bad}: invalid TOML" in result.err


def test_cli_selection_overrides_config(cli, tmp_path):
    shutil.copy(DUP, tmp_path / "a.txt")
    (tmp_path / "newslint.toml").write_text('select = ["D002"]\n')
    assert lines(cli("--output-format", "json", "--select", "D001", str(tmp_path))) == [
        ("a.txt", "D001")
    ]


def test_paths_resolve_as_path_resolve_does_through_links_and_dot_dots(tmp_path):
    """Files are resolved folder by folder (cached) rather than each whole: the result must
    be Path.resolve's for links to files and folders, relative links, `..` after a link,
    and paths that do not exist."""
    from newslint.engine.config import _resolve_absolute

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f.txt").write_text("x")
    os.symlink(tmp_path / "a" / "b", tmp_path / "link")
    os.symlink(tmp_path / "a" / "b" / "f.txt", tmp_path / "a" / "lf.txt")
    os.symlink("../a/b", tmp_path / "a" / "rel")
    cases = [
        tmp_path / "a" / "b" / "f.txt",
        tmp_path / "link" / "f.txt",
        tmp_path / "a" / "lf.txt",
        tmp_path / "a" / "rel" / "f.txt",
        tmp_path / "a" / ".." / "link" / "f.txt",
        tmp_path / "link" / ".." / "b" / "f.txt",
        tmp_path / "missing" / "x.txt",
        tmp_path / "link" / "missing.txt",
        Path("/"),
    ]
    for case in cases:
        _resolve_absolute.cache_clear()
        assert _resolve_absolute(case) == case.resolve(), case


def test_plain_name_patterns_match_exactly_what_pathspec_matches():
    """Exclude patterns that are plain names are compared with a path's components before
    pathspec is asked: the verdict is pathspec's, for files and folders at any depth."""
    import itertools

    import pathspec

    from newslint.engine.config import DEFAULT_EXCLUDE, _matched, _plain_names

    patterns = (*DEFAULT_EXCLUDE, "drafts", "a-b.c_d")
    assert _plain_names(patterns) is not None
    for odd in ("*.md", "desk/drafts", "!keep", "#x", ".", "..", "a b", "drafts/", "\\#x"):
        assert _plain_names((*patterns, odd)) is None, odd
    spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    parts = ("drafts", "drafts.md", ".git", "git", "x.txt", "a-b.c_d", "node_modules", ".gits")
    for depth in (1, 2, 3):
        for names in itertools.product(parts, repeat=depth):
            for rel in ("/".join(names), "/".join(names) + "/"):
                verdict = spec.check_file(rel)
                expected = patterns[verdict.index] if verdict.include else None
                assert _matched(patterns, rel) == expected, rel


def test_a_file_s_settings_by_name_are_its_path_s(tmp_path, monkeypatch):
    """`Finder.for_file`, asked of every file of a run, answers as `for_path` does: for a
    file, a symbolic link to a file under another config, a folder, a missing path, a path
    written with `..`, `.` or doubled slashes, relative or absolute."""
    from newslint.engine.config import Finder, Settings

    (tmp_path / "desk" / "sub").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "newslint.toml").write_text('ignore = ["A001"]\n')
    (tmp_path / "other" / "newslint.toml").write_text('ignore = ["C001"]\n')
    for name in ("desk/a.txt", "desk/sub/b.txt", "other/c.txt"):
        (tmp_path / name).write_text("The council said.\n")
    (tmp_path / "desk" / "link.txt").symlink_to(tmp_path / "other" / "c.txt")
    (tmp_path / "desk" / "up").symlink_to(tmp_path / "other")
    monkeypatch.chdir(tmp_path)
    names = [
        "desk/a.txt", "desk/sub/b.txt", "other/c.txt", "desk/link.txt", "desk", "desk/missing.txt",
        "desk/sub/../a.txt", "desk/up/../desk/a.txt", "./desk//a.txt", "desk/a.txt/",
        str(tmp_path / "desk" / "a.txt"), "desk/up/c.txt",
    ]  # fmt: skip
    finder, fresh = Finder(Settings(root=tmp_path)), Finder(Settings(root=tmp_path))
    for name in names * 2:  # the second time from what the first found
        assert finder.for_file(name).origin == fresh.for_path(Path(name)).origin, name
        assert finder.for_file(name) is finder.for_path(Path(name)), name
    assert finder.for_file("desk/up/c.txt").origin == str(tmp_path / "other" / "newslint.toml")
