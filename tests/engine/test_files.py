"""Which files a folder walk lints: ignore files, Python environments, exclude patterns,
files named on the command line, and --show-files / --show-settings."""

from __future__ import annotations

from pathlib import Path

import pytest

STORY = "The council said the bridge would reopen in May.\n"


def tree(root: Path, *names: str) -> Path:
    """Create each file (a path relative to `root`) holding a one-line story."""
    for name in names:
        file = root / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(STORY, encoding="utf-8")
    return root


def shown(cli, *args: str, cwd: Path) -> list[str]:
    result = cli("--show-files", *args, cwd=cwd)
    assert result.code == 0, result.err
    return result.out.splitlines()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository (a `.git` folder is what git and newslint look for)."""
    (tmp_path / ".git" / "info").mkdir(parents=True)
    return tmp_path


def test_gitignore_is_honoured_in_a_repository(cli, repo):
    tree(repo, "drafts/a.md", "desk/drafts/b.md", "desk/c.md", "desk/keep.md", "notes.txt")
    (repo / ".gitignore").write_text("drafts/\n*.txt\n")
    (repo / "desk" / ".gitignore").write_text("*.md\n!keep.md\n")
    assert shown(cli, ".", cwd=repo) == ["desk/keep.md"]
    # From a subfolder, the repository's top-level .gitignore still applies.
    assert shown(cli, ".", cwd=repo / "desk") == ["keep.md"]
    # Off on the command line, or in the config.
    everything = ["desk/c.md", "desk/drafts/b.md", "desk/keep.md", "drafts/a.md", "notes.txt"]
    assert shown(cli, "--no-respect-gitignore", ".", cwd=repo) == everything
    (repo / "newslint.toml").write_text("respect-gitignore = false\n")
    assert shown(cli, ".", cwd=repo) == everything
    assert shown(cli, "--respect-gitignore", ".", cwd=repo) == ["desk/keep.md"]


def test_the_deepest_ignore_file_that_decides_wins_and_its_negation_takes_a_path_back(cli, repo):
    """The first ignore file that decides a path, from its folder up (`.ignore` before
    `.gitignore` in one folder), settles it: a deeper `!` takes back what a shallower file
    ignores, for a file and for a folder (`old/`), in a walk and for a symbolic link."""
    tree(
        repo,
        "a.md", "b.md", "n.txt", "old/g.txt", "desk/c.md", "desk/keep.md", "desk/deep/e.md",
        "desk/deep/keep.md", "desk/old/f.txt",
    )  # fmt: skip
    # As git, a file in an ignored folder stays ignored: the walk never enters the folder.
    (repo / ".gitignore").write_text("*.md\nold/\n!old/g.txt\n")
    (repo / ".ignore").write_text("!b.md\n")
    (repo / "desk" / ".gitignore").write_text("!keep.md\n!old/\n")
    (repo / "desk" / "link.md").symlink_to(repo / "b.md")  # judged as desk/link.md: *.md
    (repo / "desk" / "keep2.md").symlink_to(repo / "a.md")
    assert shown(cli, ".", cwd=repo) == [
        "b.md",
        "desk/deep/keep.md",
        "desk/keep.md",
        "desk/old/f.txt",
        "n.txt",
    ]


def test_info_exclude_and_dot_ignore(cli, repo):
    tree(repo, "a.md", "b.md", "c.md")
    (repo / ".git" / "info" / "exclude").write_text("a.md\n")
    (repo / ".ignore").write_text("b.md\n")
    assert shown(cli, ".", cwd=repo) == ["c.md"]


def test_gitignore_outside_a_repository_is_not_read_but_dot_ignore_is(cli, tmp_path):
    tree(tmp_path, "a.md", "b.md", "c.md")
    (tmp_path / ".gitignore").write_text("a.md\n")
    (tmp_path / ".ignore").write_text("b.md\n")
    assert shown(cli, ".", cwd=tmp_path) == ["a.md", "c.md"]


def test_a_gitignored_draft_is_not_linted(cli, repo):
    (repo / "drafts").mkdir()
    twice = "The ferry to the north islands was cancelled again on Monday.\n"
    (repo / "drafts" / "a.txt").write_text(f"{twice}\n{twice}")
    (repo / ".gitignore").write_text("drafts/\n")
    assert cli(".", cwd=repo).code == 0
    assert cli("--no-respect-gitignore", ".", cwd=repo).code == 1


def test_environments_are_skipped_because_they_are_environments(cli, tmp_path):
    tree(tmp_path, "env/story.md", "build/story.md", "dist/story.md", "venv/story.md")
    tree(tmp_path, "tools/readme.md", "conda/notes.md", "site/story.md")
    (tmp_path / "tools" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (tmp_path / "conda" / "conda-meta").mkdir()
    assert shown(cli, ".", cwd=tmp_path) == [
        "build/story.md",
        "dist/story.md",
        "env/story.md",
        "site/story.md",
        "venv/story.md",
    ]


def test_default_skip_list_is_replaced_by_exclude_and_extended_by_extend_exclude(cli, tmp_path):
    tree(tmp_path, "node_modules/pkg/readme.md", "a.md", "wires/b.md")
    assert shown(cli, ".", cwd=tmp_path) == ["a.md", "wires/b.md"]
    (tmp_path / "newslint.toml").write_text('extend-exclude = ["wires"]\n')
    assert shown(cli, ".", cwd=tmp_path) == ["a.md"]
    (tmp_path / "newslint.toml").write_text('exclude = ["wires"]\n')
    assert shown(cli, ".", cwd=tmp_path) == ["a.md", "node_modules/pkg/readme.md"]


@pytest.mark.parametrize(
    ("pattern", "left"),
    [
        # A name matches at any depth, as in .gitignore (fnmatch missed articles/drafts).
        ("drafts", ["articles/x.md", "x.md"]),
        # ** matches the top level too (fnmatch missed drafts/).
        ("**/drafts", ["articles/x.md", "x.md"]),
        # A leading slash, or any slash, anchors the pattern to the config's folder.
        ("/drafts", ["articles/drafts/a.md", "articles/x.md", "x.md"]),
        ("articles/drafts", ["articles/x.md", "drafts/b.md", "x.md"]),
        ("*.md", []),
        ("articles/*.md", ["articles/drafts/a.md", "drafts/b.md", "x.md"]),
        ("drafts/\n!drafts/b.md", ["articles/x.md", "x.md"]),  # a folder stays excluded
    ],
)
def test_exclude_patterns_are_gitignore_patterns(cli, tmp_path, pattern, left):
    tree(tmp_path, "articles/drafts/a.md", "articles/x.md", "drafts/b.md", "x.md")
    patterns = ", ".join(f'"{p}"' for p in pattern.split("\n"))
    (tmp_path / "newslint.toml").write_text(f"extend-exclude = [{patterns}]\n")
    assert shown(cli, ".", cwd=tmp_path) == left


def test_exclude_patterns_are_relative_to_the_config(cli, tmp_path):
    tree(tmp_path, "desk/drafts/a.md", "drafts/b.md")
    (tmp_path / "desk" / "newslint.toml").write_text('extend-exclude = ["/drafts"]\n')
    assert shown(cli, ".", cwd=tmp_path) == ["drafts/b.md"]


def test_command_line_exclude_replaces_and_extend_exclude_adds(cli, tmp_path):
    tree(tmp_path, "a.md", "drafts/b.md", "wires/c.md", "node_modules/d.md")
    (tmp_path / "newslint.toml").write_text('extend-exclude = ["wires"]\n')
    assert shown(cli, "--extend-exclude", "drafts", ".", cwd=tmp_path) == ["a.md"]
    # --exclude replaces `exclude` (and so the default list), not `extend-exclude`.
    assert shown(cli, "--exclude", "drafts", ".", cwd=tmp_path) == ["a.md", "node_modules/d.md"]
    assert shown(cli, "--exclude", "drafts,a.md", ".", cwd=tmp_path) == ["node_modules/d.md"]


def test_a_file_named_on_the_command_line_is_excluded_only_with_force_exclude(cli, tmp_path):
    tree(tmp_path, "drafts/a.md")
    (tmp_path / "newslint.toml").write_text('extend-exclude = ["drafts"]\n')
    assert shown(cli, "drafts/a.md", cwd=tmp_path) == ["drafts/a.md"]
    assert shown(cli, "--force-exclude", "drafts/a.md", cwd=tmp_path) == []
    (tmp_path / "newslint.toml").write_text('extend-exclude = ["drafts"]\nforce-exclude = true\n')
    assert shown(cli, "drafts/a.md", cwd=tmp_path) == []
    assert shown(cli, "--no-force-exclude", "drafts/a.md", cwd=tmp_path) == ["drafts/a.md"]


def test_show_settings_names_the_config_defaults_and_the_deciding_pattern(cli, tmp_path):
    tree(tmp_path, "drafts/a.md")
    (tmp_path / "newslint.toml").write_text('extend-exclude = ["drafts"]\n')
    result = cli("--show-settings", "drafts/a.md", cwd=tmp_path)
    assert result.code == 0
    lines = result.out.splitlines()
    assert f"# config file: {tmp_path / 'newslint.toml'}" in lines
    (default,) = [line for line in lines if line.startswith("exclude = ")]
    assert default.startswith('exclude = [".git", ') and '"node_modules"' in default
    assert 'extend-exclude = ["drafts"]' in lines
    assert "respect-gitignore = true" in lines
    skipped = f"# skipped in a folder walk: {tmp_path / 'drafts'} matches the exclude pattern"
    assert f"{skipped} 'drafts'" in lines


def test_show_settings_says_which_ignore_file_or_environment_skips_a_path(cli, repo):
    tree(repo, "desk/drafts/a.md", "tools/env/b.md", "c.md")
    (repo / "desk" / ".gitignore").write_text("# drafts stay local\ndrafts/\n")
    (repo / "tools" / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    out = cli("--show-settings", "desk/drafts/a.md", cwd=repo).out.splitlines()
    gitignore = repo / "desk" / ".gitignore"
    assert (
        out[-1]
        == f"# skipped in a folder walk: {repo / 'desk/drafts'} is ignored by {gitignore}: drafts/"
    )
    out = cli("--show-settings", "tools/env/b.md", cwd=repo).out.splitlines()
    assert out[-1].endswith(
        "tools/env is a Python environment (it holds pyvenv.cfg or conda-meta/)"
    )
    out = cli("--show-settings", "c.md", cwd=repo).out.splitlines()
    assert not out[-1].startswith("# skipped")


def test_discovery_keys_are_type_checked(cli, tmp_path):
    tree(tmp_path, "a.md")
    (tmp_path / "newslint.toml").write_text('respect-gitignore = "no"\n')
    result = cli(".", cwd=tmp_path)
    assert result.code == 2 and "'respect-gitignore' must be true or false" in result.err
    (tmp_path / "newslint.toml").write_text("extend-exclud = []\n")
    result = cli(".", cwd=tmp_path)
    assert "did you mean 'extend-exclude'?" in result.err


def test_an_invalid_pattern_is_a_config_error_naming_where(cli, tmp_path):
    tree(tmp_path, "a.md")
    result = cli("--show-files", "--extend-exclude", "!", ".", cwd=tmp_path)
    assert result.code == 2 and "--extend-exclude: invalid pattern '!'" in result.err
    (tmp_path / "newslint.toml").write_text('exclude = ["!"]\n')
    result = cli("--show-files", ".", cwd=tmp_path)
    assert result.code == 2 and "newslint.toml: 'exclude': invalid pattern '!'" in result.err


def test_a_line_of_an_ignore_file_that_is_no_pattern_is_skipped_as_git_does(cli, repo):
    tree(repo, "a.md", "b.md")
    (repo / ".gitignore").write_text("!\nb.md\n")
    assert shown(cli, ".", cwd=repo) == ["a.md"]


def test_a_walk_judges_each_file_as_the_per_path_checks_do(repo, monkeypatch):
    """A walk judges the files of a folder with what depends only on the folder worked out
    once (`Settings.excluded_in`, `IgnoreFiles.ignored_in`, the name against `include`).
    Every file it yields, and every one it skips, is judged as `Settings.included` and
    `files._reason` judge that one path: plain names and other patterns, negations, ignore
    files at several depths, per-folder configs, a symbolic link."""
    from newslint.engine import files as walk
    from newslint.engine.config import Discovery, Finder, Settings
    from newslint.engine.ignore import IgnoreFiles

    tree(
        repo,
        "a.txt", "b.md", "notes.rst", "node_modules/x.md", "desk/c.txt", "desk/drafts/d.md",
        "desk/drafts/keep.md", "desk/sub/e.txt", "desk/sub/f.html", "desk/sub/.hidden.md",
        "archive/g.md", "archive/old/h.txt", "site-packages.md", "cache/i.md",
    )  # fmt: skip
    (repo / ".gitignore").write_text("*.html\narchive/old/\n")
    (repo / "desk" / ".ignore").write_text("drafts/*\n!drafts/keep.md\n")
    (repo / "pyproject.toml").write_text(
        '[tool.newslint]\nextend-exclude = ["cache", "sub/e.txt"]\ninclude = ["*.md", "*.txt"]\n'
    )
    (repo / "archive" / "newslint.toml").write_text('exclude = ["g.md"]\n')
    (repo / "desk" / "link.md").symlink_to(repo / "archive" / "g.md")
    monkeypatch.chdir(repo)
    finder = Finder(Settings(root=repo), discovery=Discovery(root=repo, extend_exclude=("b.md",)))
    found = set(walk.discover(["."], finder))
    ignore_files = IgnoreFiles()
    every = {str(p.relative_to(repo)) for p in repo.rglob("*") if p.is_file()}
    for name in sorted(every - {".gitignore", "desk/.ignore"}):
        path = Path(name)
        settings = finder.for_path(path)
        skipped = any(  # the walk never enters a folder that is skipped
            walk._reason(folder, finder.for_path(folder), ignore_files, True) is not None
            for folder in path.parents[:-1]
        )
        kept = settings.included(path) and walk._reason(path, settings, ignore_files, False) is None
        assert (name in found) == (kept and not skipped), name
    # As main f51a7e4's walk found them (`newslint --show-files --extend-exclude b.md .`):
    # `sub/e.txt` holds a slash, so it is anchored to the config's folder, and the link is
    # judged by the config where it points, which excludes g.md.
    shown = {"a.txt", "desk/c.txt", "desk/drafts/keep.md", "desk/sub/.hidden.md"}
    assert found == shown | {"desk/sub/e.txt", "site-packages.md"}


def test_a_walk_includes_a_file_by_its_name_or_by_its_path_from_the_config(cli, tmp_path):
    """An `include` glob matches a file's name or its path relative to the folder of the
    config that sets it, as `fnmatch` does (`*` crosses `/`; `**/x.rst` needs a folder
    before the name); a deeper config's list replaces the one above."""
    tree(
        tmp_path,
        "a.md", "a.txt", "notes.rst", "x.rst", "desk/b.txt", "desk/c.md", "desk/deep/d.txt",
        "desk/x.rst", "desk/sub/f.html", "desk/sub/g.md", "desk/sub/x.rst",
        "desk/sub/deep/e.html",
    )  # fmt: skip
    (tmp_path / "newslint.toml").write_text('include = ["*.md", "desk/*.txt", "**/x.rst"]\n')
    (tmp_path / "desk" / "sub" / "newslint.toml").write_text('include = ["deep/*.html"]\n')
    assert shown(cli, ".", cwd=tmp_path) == [
        "a.md",  # by name
        "desk/b.txt",  # by path only
        "desk/c.md",
        "desk/deep/d.txt",
        "desk/sub/deep/e.html",  # by path from desk/sub's config
        "desk/x.rst",
    ]


def test_an_empty_include_list_lints_no_file_of_a_walk(cli, tmp_path):
    """`include = []` matches no file name, as each glob tried in turn matched none (main
    f51a7e4): the one expression made of no globs must not be the empty one, which
    matches every name (the config file itself included). A file named is still linted."""
    tree(tmp_path, "a.md", "desk/b.txt")
    (tmp_path / "pyproject.toml").write_text("[tool.newslint]\ninclude = []\n")
    assert shown(cli, ".", cwd=tmp_path) == []
    assert shown(cli, "a.md", cwd=tmp_path) == ["a.md"]
