"""Rule packs come from the `newslint.rules` entry-point group, as the built-in pack does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACK = '''
from newslint.model import Diagnostic, Related, Severity
from newslint.engine.rule import CorpusRule, Rule


class Dateline(Rule):
    """Flags the word "yesterday".

    ## What it does
    Finds "yesterday".

    ## Why is this bad?
    Copy is read on other days.

    ## Example
    The mayor spoke yesterday.
    """

    code = "Z001"
    name = "no-yesterday"
    summary = "Say the day, not yesterday."
    severity = Severity.INFO

    def check(self, document, options):
        start = document.view.find("yesterday")
        if start >= 0:
            yield self.diagnostic(document, start, start + 9, "name the day")


class Broken(Rule):
    """A rule that crashes.

    ## What it does
    Raises. ## Why is this bad? It is a test. ## Example None.
    """

    code = "Z002"
    name = "always-broken"
    summary = "Raises on every document."

    def check(self, document, options):
        raise RuntimeError("boom")


class SameHeadline(CorpusRule):
    """Flags articles that share a headline.

    ## What it does
    Compares first lines across the run. ## Why is this bad? Readers confuse them.
    ## Example Two stories called "Budget day".
    """

    code = "Z003"
    name = "same-headline"
    summary = "Two articles of the run share a headline."
    default_enabled = False

    def collect(self, document, options):
        head = document.blocks[0]
        return document.path, head.start, head.end, document.block_text(head)

    def finish(self, collected):
        by_text = {}
        for path, start, end, text in collected:
            by_text.setdefault(text, []).append((path, start, end))
        for places in by_text.values():
            for path, start, end in places:
                twins = [Related(p, s, e, "same headline") for p, s, e in places if p != path]
                if twins:
                    yield Diagnostic(self.code, self.name, self.severity, "headline used twice",
                                     path, start, end, related=tuple(twins))


def rules():
    return [Dateline, Broken(), SameHeadline]
'''


def install_pack(folder: Path) -> dict[str, str]:
    """Make a distribution visible to importlib.metadata: a module plus its dist-info."""
    (folder / "tinypack.py").write_text(PACK)
    info = folder / "tinypack-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tinypack\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[newslint.rules]\ntiny = tinypack:rules\n")
    env = dict(os.environ, NO_COLOR="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")]))
    return env


def run(env, *args, cwd, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "newslint", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=timeout,  # a hang fails the test instead of the whole suite
    )


def test_third_party_pack_runs_and_a_crashing_rule_is_contained(tmp_path):
    env = install_pack(tmp_path)
    article = tmp_path / "story.txt"
    article.write_text("Council rejects plan\nThe council met yesterday and said no.\n")
    listing = run(env, "rules", cwd=tmp_path).stdout
    assert "Z001  no-yesterday" in listing and "D001  duplicate-paragraph" in listing
    assert "Say the day" in run(env, "rule", "no-yesterday", cwd=tmp_path).stdout

    result = run(env, "--output-format", "json", "--isolated", "story.txt", cwd=tmp_path)
    findings = json.loads(result.stdout)
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("Z001", 2, 17)]
    assert (
        "story.txt: internal error in rule Z002 always-broken: RuntimeError: boom" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 2


def test_pack_that_fails_to_import_is_named(tmp_path):
    env = install_pack(tmp_path)
    (tmp_path / "tinypack.py").write_text("raise ImportError('missing dependency')\n")
    (tmp_path / "a.txt").write_text("Fine copy here.\n")
    result = run(env, "--isolated", "a.txt", cwd=tmp_path)
    assert "plugin tiny (tinypack:rules) failed to load: missing dependency" in result.stderr
    assert result.returncode == 2


def test_builtin_pack_is_an_entry_point():
    from importlib.metadata import entry_points

    (builtin,) = [e for e in entry_points(group="newslint.rules") if e.name == "builtin"]
    assert builtin.value == "newslint.rules:pack"


def test_corpus_rule_reports_each_occurrence_pointing_at_its_twin(tmp_path):
    env = install_pack(tmp_path)
    for name, head in [("a.txt", "Budget day"), ("b.md", "# Budget day"), ("c.txt", "Other")]:
        (tmp_path / name).write_text(f"{head}\n\nThe chancellor spoke for an hour.\n")
    result = run(
        env, "--output-format", "json", "--isolated", "--select", "Z003", ".", cwd=tmp_path
    )
    found = []
    for f in json.loads(result.stdout):
        twins = [(r["path"], r["line"], r["column"]) for r in f["related"]]
        found.append((f["path"], f["line"], f["column"], twins))
    assert found == [
        ("a.txt", 1, 1, [("b.md", 1, 3)]),
        ("b.md", 1, 3, [("a.txt", 1, 1)]),
    ]


def _stories(folder: Path, count: int = 24) -> None:
    """Enough files for two workers: `--jobs 2` forks only with 8 files a worker."""
    folder.mkdir()
    for i in range(count):
        (folder / f"s{i:02}.txt").write_text(f"Story {i}\nThe mayor spoke yesterday.\n")


def test_verbose_and_debug_show_a_rule_crash_traceback(tmp_path):
    env = install_pack(tmp_path)
    (tmp_path / "story.txt").write_text("The council met yesterday.\n")
    quiet = run(env, "--isolated", "--no-cache", "story.txt", cwd=tmp_path)
    assert "Traceback" not in quiet.stderr
    for extra, environ in (("--verbose", {}), (None, {"NEWSLINT_DEBUG": "1"})):
        args = [a for a in ("--isolated", "--no-cache", extra, "story.txt") if a]
        loud = run(dict(env, **environ), *args, cwd=tmp_path)
        assert loud.returncode == 2
        assert "internal error in rule Z002 always-broken: RuntimeError: boom" in loud.stderr
        assert "newslint: traceback: Traceback (most recent call last):" in loud.stderr
        assert 'tinypack.py", line' in loud.stderr and "in check" in loud.stderr


def test_a_rule_calling_sys_exit_is_contained_with_jobs(tmp_path):
    env = install_pack(tmp_path)
    pack = tmp_path / "tinypack.py"
    pack.write_text(pack.read_text().replace('raise RuntimeError("boom")', "sys.exit(0)"))
    pack.write_text("import sys\n" + pack.read_text())
    _stories(tmp_path / "desk")
    for jobs in ("1", "2"):
        result = run(
            env, "--isolated", "--no-cache", "--jobs", jobs, "--output-format", "json", "desk",
            cwd=tmp_path, timeout=120,
        )  # fmt: skip
        assert result.returncode == 2, result.stderr
        assert len(json.loads(result.stdout)) == 24  # every file's Z001 finding
        assert result.stderr.count("internal error in rule Z002 always-broken: SystemExit") == 24


KILLER = """
import os, signal
from newslint.engine.rule import Rule

MAIN = os.getpid()  # imported in the main process, before any worker is forked


class Killer(Rule):
    \"\"\"Dies as the OOM killer would make it.

    ## What it does
    Kills its process on KILL. ## Why is this bad? It is a test. ## Example KILL.
    \"\"\"

    code = "Z009"
    name = "killer"
    summary = "Kills a worker."

    def check(self, document, options):
        if "KILL" in document.text and os.getpid() != MAIN:
            os.kill(os.getpid(), signal.SIGKILL)
        return ()


def rules():
    return [Killer]
"""


def test_a_killed_worker_is_that_files_error_and_the_rest_is_linted(tmp_path):
    env = install_pack(tmp_path)
    (tmp_path / "tinypack.py").write_text(KILLER)
    (tmp_path / "desk").mkdir()
    for i in range(24):
        body = "KILL\n" if i == 5 else ""
        (tmp_path / "desk" / f"s{i:02}.txt").write_text(f"{body}It was the biggest ever rally.\n")
    result = run(
        env, "--isolated", "--no-cache", "--jobs", "2", "--output-format", "json", "desk",
        cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert (
        "newslint: error: desk/s05.txt: the worker process linting this file died "
        "(killed by SIGKILL); not linted" in result.stderr
    )
    linted = {f["path"] for f in json.loads(result.stdout)}
    assert linted == {f"desk/s{i:02}.txt" for i in range(24)} - {"desk/s05.txt"}


def test_a_plugin_raising_an_exception_without_a_message_is_named_by_its_type(tmp_path):
    env = install_pack(tmp_path)
    (tmp_path / "tinypack.py").write_text("raise RuntimeError\n")
    (tmp_path / "a.txt").write_text("Fine copy here.\n")
    result = run(env, "--isolated", "--no-cache", "a.txt", cwd=tmp_path)
    assert "plugin tiny (tinypack:rules) failed to load: RuntimeError\n" in result.stderr
    assert result.returncode == 2


def test_a_plugin_calling_sys_exit_at_import_is_reported_and_exits_2(tmp_path):
    env = install_pack(tmp_path)
    (tmp_path / "tinypack.py").write_text("import sys\nsys.exit(0)\n")
    (tmp_path / "a.txt").write_text("It was the biggest ever rally.\n")
    result = run(env, "--isolated", "--no-cache", "a.txt", cwd=tmp_path)
    assert "plugin tiny (tinypack:rules) failed to load: SystemExit(0)" in result.stderr
    assert "C001" in result.stdout  # the other packs still lint
    assert result.returncode == 2


def _run_with_tiny_entry(tmp_path, line: str):  # type: ignore[no-untyped-def]
    """A run with tinypack installed, its entry point written as `line`: the result and
    the error lines about the plugin."""
    env = install_pack(tmp_path)
    entry = tmp_path / "tinypack-0.1.dist-info" / "entry_points.txt"
    entry.write_text(f"[newslint.rules]\n{line}\n")
    (tmp_path / "a.txt").write_text("It was the biggest ever rally.\n")
    result = run(env, "--isolated", "--no-cache", "a.txt", cwd=tmp_path)
    return result, [said for said in result.stderr.splitlines() if "plugin tiny" in said]


def test_an_entry_point_that_names_no_object_is_reported_in_words(tmp_path):
    """importlib_metadata raises ValueError(message, value) for such a value: its message,
    not the tuple's repr that str() gives of two arguments."""
    result, said = _run_with_tiny_entry(tmp_path, "tiny = tinypack rules")
    assert len(said) == 1 and "failed to load: Invalid object reference" in said[0], said
    assert "('" not in said[0] and said[0].endswith("; tinypack rules"), said
    assert "C001" in result.stdout  # the other packs still lint
    assert result.returncode == 2


def test_a_malformed_entry_point_listed_early_stops_no_other_pack(monkeypatch):
    """importlib_metadata 8.5 to 9 (the newest on Python 3.10) check each entry point as
    they list them, so `entry_points` itself raised for one malformed value anywhere: every
    run was an internal error and nothing was linted. Here it raises as they do; the
    built-in pack still loads, the package of rules whose list raises is named, and a
    broken package that holds no newslint rules is none of newslint's concern."""
    import importlib_metadata

    from newslint.engine import registry

    def listing_raises(**selection):
        raise ValueError("Invalid object reference. See https://...", "tinypack rules")

    class Broken:
        def __init__(self, name, text):
            self.metadata = {"Name": name}
            self._text = text

        @property
        def entry_points(self):
            raise ValueError("Invalid object reference. See https://...", "tinypack rules")

        def read_text(self, name):
            return self._text

    rules_pack = Broken("tinypack", "[console_scripts]\ntiny = tinypack:main\n\n"
                        "[newslint.rules]\n# a comment\ntiny = tinypack rules\n")  # fmt: skip
    other = Broken("otherpack", "[console_scripts]\nother = other pack\n")
    real = [importlib_metadata.distribution("newslint")]
    monkeypatch.setattr(registry, "entry_points", listing_raises)
    monkeypatch.setattr(
        importlib_metadata, "distributions", lambda: [rules_pack, other, *real, *real]
    )
    rules, problems = registry.discover()
    assert {"D001", "A001", "C001"} <= {rule.code for rule in rules}
    assert len(problems) == 1, problems
    assert problems[0].startswith("plugins of package tinypack failed to load: Invalid object")
    assert problems[0].endswith("; tinypack rules")


def test_a_rule_that_never_returns_is_stopped_and_named(tmp_path):
    env = install_pack(tmp_path)
    env["NEWSLINT_RULE_TIMEOUT"] = "1"
    pack = tmp_path / "tinypack.py"
    hang = 'if "HANG" in document.text:\n            __import__("time").sleep(10**6)\n        '
    pack.write_text(pack.read_text().replace('raise RuntimeError("boom")', hang + "return ()"))
    _stories(tmp_path / "desk")
    (tmp_path / "desk" / "s05.txt").write_text("HANG\nThe mayor spoke yesterday.\n")
    for jobs in ("1", "2"):
        result = run(
            env, "--isolated", "--no-cache", "--jobs", jobs, "--output-format", "json", "desk",
            cwd=tmp_path, timeout=60,
        )  # fmt: skip
        assert result.returncode == 2, result.stderr
        assert "desk/s05.txt: internal error in rule Z002 always-broken: RuleTimeout" in (
            result.stderr
        )
        assert len(json.loads(result.stdout)) == 24  # every file's Z001 finding


@pytest.mark.xfail(
    strict=True,
    reason="os._exit(0) in a rule run in the main process (--jobs 1) ends the run at once "
    "with status 0: nothing in-process can intercept it; it needs the lint to run in a "
    "supervised child process",
)
def test_a_rule_calling_os_exit_0_never_exits_0(tmp_path):
    env = install_pack(tmp_path)
    pack = tmp_path / "tinypack.py"
    pack.write_text(pack.read_text().replace('raise RuntimeError("boom")', "os._exit(0)"))
    pack.write_text("import os\n" + pack.read_text())
    (tmp_path / "a.txt").write_text("It was the biggest ever rally.\n")
    result = run(env, "--isolated", "--no-cache", "--jobs", "1", "a.txt", cwd=tmp_path)
    assert result.returncode != 0


def test_a_rule_attribute_calling_sys_exit_never_exits_0(tmp_path):
    # Outside check(): the registry reads each rule's code to sort and dedupe them.
    env = install_pack(tmp_path)
    pack = tmp_path / "tinypack.py"
    bad = "    @property\n    def code(self):\n        raise SystemExit(0)\n\n"
    bad += '    name = "always-broken"'
    pack.write_text(pack.read_text().replace('    code = "Z002"\n    name = "always-broken"', bad))
    (tmp_path / "a.txt").write_text("It was the biggest ever rally.\n")
    result = run(env, "--isolated", "--no-cache", "a.txt", cwd=tmp_path)
    assert result.returncode == 2 and "sys.exit(0)" in result.stderr


ORDER_PACK = '''
from newslint.engine.rule import Rule

RAN = {}  # document key: the codes of this pack's rules that checked it, in order


class _Noted(Rule):
    """Says which of this pack's rules ran on the document before it.

    ## What it does
    Test only. ## Why is this bad? It is not. ## Example None.
    """

    def check(self, document, options):
        before = RAN.setdefault(document.key, [])
        yield self.diagnostic(document, 0, 1, "after " + (",".join(before) or "none"))
        before.append(self.code)


class Shared(_Noted):
    code, name, summary = "Z010", "reads-shared", "Reads the shared analyses."


class Own(_Noted):
    code, name, summary = "Z011", "own-index", "Reads none of them."
    uses_shared_analyses = False


def rules():
    return [Shared, Own]
'''


def test_a_pack_rule_using_no_shared_analysis_runs_first_in_and_out_of_workers(tmp_path):
    env = install_pack(tmp_path)
    (tmp_path / "tinypack.py").write_text(ORDER_PACK)
    _stories(tmp_path / "desk")
    listing = run(env, "rules", cwd=tmp_path).stdout
    assert listing.index("Z010") < listing.index("Z011")  # listed by code as ever
    for jobs in ("1", "2"):
        result = run(
            env, "--isolated", "--no-cache", "--jobs", jobs, "--select", "Z01",
            "--output-format", "json", "desk", cwd=tmp_path, timeout=120,
        )  # fmt: skip
        assert result.returncode == 1, result.stderr
        said = {(f["code"], f["message"]) for f in json.loads(result.stdout)}
        assert said == {("Z011", "after none"), ("Z010", "after Z011")}, jobs


def _metadata(folder: Path, name: str, entry_points: str | None) -> None:
    """A distribution's metadata folder `name` in `folder`, with this entry_points.txt."""
    info = folder / name
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name.split('-')[0]}\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)


def test_an_entry_point_with_an_empty_value_is_reported_without_a_dangling_separator(
    tmp_path,
):
    """`name =` with nothing after it: importlib_metadata's ValueError(message, "") was
    said as the message and a bare "; "."""
    result, said = _run_with_tiny_entry(tmp_path, "tiny =")
    assert len(said) == 1 and "failed to load: Invalid object reference" in said[0], said
    assert not said[0].rstrip().endswith(";"), said
    assert "C001" in result.stdout and result.returncode == 2


@pytest.mark.parametrize(
    ("entry_points", "named"),
    [
        (b"[console_scripts]\nother\n", False),  # a line without `=`: a TypeError
        (b"[console_scripts]\nother = \xff:main\n", False),  # not UTF-8
        (b"[newslint.rules]\nother\n", True),
        (b"[newslint.rules]\nother = \xff:rules\n", True),
    ],
)
def test_a_package_whose_entry_points_cannot_be_read_stops_no_other_pack(
    tmp_path, entry_points, named
):
    """Any installed package's unreadable entry_points.txt was an internal error of every
    run, a pack installed or not (importlib_metadata lists every package's; a line
    without `=` raises TypeError in importlib_metadata 10, undecodable text
    UnicodeDecodeError), nothing linted. The other packs load; a package that declares
    newslint rules is named, and a run exits 2; any other is none of newslint's concern."""
    env = install_pack(tmp_path)
    _metadata(tmp_path, "otherpack-1.0.dist-info", None)
    (tmp_path / "otherpack-1.0.dist-info" / "entry_points.txt").write_bytes(entry_points)
    (tmp_path / "a.txt").write_text("It was the biggest ever rally, yesterday.\n")
    result = run(env, "--isolated", "--no-cache", "--select", "Z001,C001", "a.txt", cwd=tmp_path)
    assert "newslint: internal error" not in result.stderr, result.stderr
    assert "Z001" in result.stdout and "C001" in result.stdout  # tinypack's and built-in
    said = [line for line in result.stderr.splitlines() if "otherpack" in line]
    if named:
        assert len(said) == 1 and "plugins of package otherpack failed to load: " in said[0]
        assert said[0].endswith(("is not `name = value`", "invalid start byte")), said
        assert result.returncode == 2
    else:
        assert said == [] and result.returncode == 1, result.stderr


def test_a_package_without_metadata_stops_no_pack_when_another_cannot_be_read(tmp_path):
    """Once one package's entry_points.txt cannot be read, each package is listed apart,
    by its metadata's Name: a package folder without METADATA (importlib_metadata raises
    MetadataNotFound) was an internal error of the run, nothing linted. Its rules load
    as `entry_points` would load them, and the unreadable pack is still named."""
    env = install_pack(tmp_path)
    _metadata(tmp_path, "otherpack-1.0.dist-info", "[newslint.rules]\nother\n")
    bare = tmp_path / "bare-1.0.dist-info"
    bare.mkdir()
    (bare / "entry_points.txt").write_text("[newslint.rules]\nbare = tinypack:rules\n")
    (tmp_path / "a.txt").write_text("It was the biggest ever rally, yesterday.\n")
    result = run(env, "--isolated", "--no-cache", "--select", "Z001,C001", "a.txt", cwd=tmp_path)
    assert "newslint: internal error" not in result.stderr, result.stderr
    assert "Z001" in result.stdout and "C001" in result.stdout
    said = [line for line in result.stderr.splitlines() if "otherpack" in line]
    assert len(said) == 1 and said[0].endswith("is not `name = value`"), result.stderr
    assert "Z001 no-yesterday is already loaded" in result.stderr  # bare's, listed too
    assert result.returncode == 2
