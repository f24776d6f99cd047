"""newslint.regexes: a precompiled pattern is the pattern regex.compile makes, and the table
is used only where it applies (same regex release, same text, flags and named lists)."""

from __future__ import annotations

import random
import subprocess
import sys
from importlib.metadata import metadata

import pytest
import regex
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from conftest import ROOT, generated_module_problems, tomllib
from newslint import _precompiled, regexes

# A table entry's fields, as regex's own pickling gives them (see newslint.regexes).
CODE, NAMED_LISTS = regexes.CODE, regexes.NAMED_LISTS


def _probe_texts() -> list[str]:
    """Text to match both patterns against: every fixture article and example, and each
    again with its words shuffled (new neighbours for every cue), every other one also
    upper-cased."""
    texts = [
        path.read_text(encoding="utf-8", errors="replace")
        for folder in ("tests/fixtures", "examples")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.is_file() and path.suffix in {".txt", ".md", ".html", ".json", ".jsonl"}
    ]
    rng = random.Random(14)
    shuffled = []
    for text in texts:
        words = text.split()
        rng.shuffle(words)
        shuffled.append(" ".join(words))
    return texts + [t.upper() if i % 2 else t for i, t in enumerate(shuffled)]


def _lists(entry: tuple) -> dict[str, list[str]]:
    return {name: sorted(words) for name, words in entry[NAMED_LISTS].items()}


@pytest.fixture(scope="module")
def in_use() -> dict:
    if _precompiled.REGEX != regex.__version__:
        pytest.skip(
            f"the table was made with regex {_precompiled.REGEX}, this is {regex.__version__}: "
            "it is unused here (test_another_regex_release_compiles_every_pattern covers that); "
            "install the pinned release (Python 3.11+), or, upgrading regex on purpose, run "
            "python scripts/precompiled_patterns.py"
        )
    return _precompiled.TABLE


def test_the_table_is_current():
    """Every pattern a check of the fixtures compiles is in the table, and nothing else."""
    assert generated_module_problems("precompiled_patterns.py") == ""


def test_a_precompiled_pattern_finds_what_regex_compile_finds(in_use):
    texts = _probe_texts()
    assert len(in_use) > 100
    for (pattern, flags), entry in in_use.items():
        ours = regexes.compile(pattern, flags, **_lists(entry))
        theirs = regex.compile(pattern, flags, **_lists(entry))
        assert ours is not theirs
        if not entry[NAMED_LISTS]:
            assert regexes.compile(pattern, flags) is ours  # made once, as regex caches
        assert ours.pattern == theirs.pattern and ours.flags == theirs.flags
        assert ours.groupindex == theirs.groupindex and ours.groups == theirs.groups
        assert ours.named_lists == theirs.named_lists
        assert len(ours._pickled_data[CODE + 1]) == len(theirs._pickled_data[CODE + 1])
        for text in texts:
            found = [(m.span(), m.groups()) for m in ours.finditer(text)]
            assert found == [(m.span(), m.groups()) for m in theirs.finditer(text)], pattern


def test_a_pattern_not_in_the_table_is_compiled():
    pattern = r"(?<![\w-])never\s+in\s+the\s+table(?![\w-])"
    assert regexes.precompiled(pattern, regex.I, False, {}) is None
    assert regexes.compile(pattern, regex.I).search("It was NEVER in the table").span() == (7, 25)


def test_a_named_list_with_other_words_is_compiled_with_them(in_use):
    pattern, flags = next(key for key, entry in in_use.items() if entry[NAMED_LISTS])
    entry = in_use[(pattern, flags)]
    name = next(iter(entry[NAMED_LISTS]))
    words = {**_lists(entry), name: ["zyzzyva"]}
    assert regexes.precompiled(pattern, flags, False, words) is None
    assert regexes.compile(pattern, flags, **words).named_lists[name] == frozenset({"zyzzyva"})
    # The same words in another order and container are the same list.
    same = {n: tuple(reversed(w)) for n, w in _lists(entry).items()}
    assert regexes.precompiled(pattern, flags, False, same) is entry


def test_a_missing_or_unused_named_list_is_regex_s_error(in_use):
    pattern, flags = next(key for key, entry in in_use.items() if entry[NAMED_LISTS])
    with pytest.raises(regex.error, match="missing named list"):
        regexes.compile(pattern, flags)
    plain = next(key for key, entry in in_use.items() if not entry[NAMED_LISTS])
    with pytest.raises(ValueError, match="unused keyword argument"):
        regexes.compile(*plain, extra=["word"])
    assert regexes.compile(*plain, ignore_unused=True, extra=["word"]).pattern == plain[0]


def test_another_regex_release_compiles_every_pattern(monkeypatch):
    monkeypatch.setattr(regexes, "_table", None)
    monkeypatch.setattr(regexes, "_made", {})
    monkeypatch.setattr(_precompiled, "REGEX", "1999.1.1")
    (pattern, flags), entry = next(iter(_precompiled.TABLE.items()))
    assert regexes.precompiled(pattern, flags, False, _lists(entry)) is None
    assert regexes.compile(pattern, flags, **_lists(entry)).pattern == pattern
    monkeypatch.setattr(regexes, "_table", None)  # read again, for the tests after this one


def test_recording_collects_what_is_asked_for():
    with regexes.recording() as asked:
        regexes.compile(r"\L<w>x", 0, w=["b", "a"])
        regexes.compile(r"y", regex.I)
    regexes.compile(r"z")
    assert asked == {(r"\L<w>x", 0, False, (("w", ("a", "b")),)), ("y", int(regex.I), False, ())}


def _regex_requirements() -> list[Requirement]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found = [Requirement(d) for d in pyproject["project"]["dependencies"]]
    return [r for r in found if r.name == "regex"]


def _applies(requirement: Requirement, python: str) -> bool:
    return requirement.marker is None or requirement.marker.evaluate(
        {"python_version": python, "python_full_version": f"{python}.0"}
    )


def _pinned(requirement: Requirement) -> bool:
    """Whether `requirement` asks for one release exactly."""
    return any(s.operator in ("==", "===") and "*" not in s.version for s in requirement.specifier)


def test_the_table_is_made_for_the_regex_release_pyproject_pins():
    pins = [str(r.specifier) for r in _regex_requirements() if _pinned(r)]
    assert pins == [f"=={_precompiled.REGEX}"], (
        "pin regex to the table's release, or run python scripts/precompiled_patterns.py"
    )


def test_regex_is_pinned_on_every_python_its_release_supports_and_only_there():
    """regex 2026.11 needs Python 3.11: pinned on 3.10 too, `pip install newslint` there
    would find no regex at all. Where the pinned release does not install, any regex does
    (and the table is unused)."""
    if regex.__version__ != _precompiled.REGEX:
        pytest.skip(
            "the pinned release is not installed, and its metadata says which Pythons it needs"
        )
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    supported = SpecifierSet(pyproject["project"]["requires-python"])
    installs_on = SpecifierSet(metadata("regex")["Requires-Python"] or "")
    for minor in range(8, 20):
        python = f"3.{minor}"
        if f"{python}.0" not in supported:
            continue
        applying = [r for r in _regex_requirements() if _applies(r, python)]
        assert len(applying) == 1, f"Python {python}: regex requirements {applying}"
        assert _pinned(applying[0]) == (f"{python}.0" in installs_on), (
            f"Python {python}: pyproject.toml asks for regex {applying[0].specifier}; "
            f"regex {regex.__version__} needs Python {installs_on}"
        )


def test_regex_default_version_set_by_other_code_is_obeyed(in_use, monkeypatch):
    """regex.compile gives a pattern without a version flag the version that
    regex.DEFAULT_VERSION names when it is compiled, and any module in the process (a rule
    pack) may set it; the table's entries were made under VERSION0. Under VERSION1,
    case-insensitive matching folds in full: "streßed" is "stressed"."""
    plain = [key for key, entry in in_use.items() if not entry[NAMED_LISTS]]
    for key in plain:
        regexes.compile(*key)  # made from the table under VERSION0, and kept
    monkeypatch.setattr(regex, "DEFAULT_VERSION", regex.VERSION1)
    texts = ["Officials streßed that", "He said the ﬁgures show", "ſources say"]
    differ = 0
    for pattern, flags in plain:
        ours, theirs = regexes.compile(pattern, flags), regex.compile(pattern, flags)
        assert ours.flags == theirs.flags, pattern
        version0 = regexes.compile(pattern, flags | regex.V0)
        for text in texts:
            found = [m.span() for m in ours.finditer(text)]
            assert found == [m.span() for m in theirs.finditer(text)], (pattern, text)
            differ += found != [m.span() for m in version0.finditer(text)]
    assert differ  # the texts do tell the versions apart


def test_named_lists_given_as_iterators_are_read_once(in_use):
    """`compile` takes any iterable of words, as regex.compile does, and reads each list
    more than once (to record it, to compare it with the table's, to compile it)."""
    pattern, flags = next(key for key, entry in in_use.items() if entry[NAMED_LISTS])
    lists = _lists(in_use[(pattern, flags)])
    name = next(iter(lists))
    other = {**lists, name: iter(["zyzzyva"])}
    assert regexes.compile(pattern, flags, **other).named_lists[name] == frozenset({"zyzzyva"})
    same = {n: iter(words) for n, words in lists.items()}
    assert regexes.compile(pattern, flags, **same).named_lists == {
        n: frozenset(words) for n, words in lists.items()
    }
    with regexes.recording() as asked:
        made = regexes.compile(r"\L<w>x", 0, w=iter(["b", "a"]))
    assert made.named_lists == {"w": frozenset({"a", "b"})}
    assert asked == {(r"\L<w>x", 0, False, (("w", ("a", "b")),))}


def test_cache_pattern_is_regex_s_option_not_a_named_list(in_use):
    """regex.compile takes `cache_pattern` (whether its cache keeps the pattern); `compile`
    passes it on instead of reading it as a list of words, in and out of the table."""
    pattern, flags = next(key for key, entry in in_use.items() if not entry[NAMED_LISTS])
    assert regexes.compile(pattern, flags, cache_pattern=False).pattern == pattern
    made = regexes.compile(r"zy+va", cache_pattern=False)
    assert made.search("a zyyyva").group() == "zyyyva" and not made.named_lists


def test_the_generator_refuses_a_path_that_does_not_exist(tmp_path):
    """A mistyped PATH would record only the patterns compiled on import and, without
    --check, write that short table over the whole one."""
    missing = tmp_path / "no-such-folder"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "precompiled_patterns.py"),
            "--check",
            str(missing),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert str(missing) in done.stderr and "stale" not in done.stderr
