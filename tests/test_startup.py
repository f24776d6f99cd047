"""What a one-article run does not import: the commonest run, a pre-commit hook's or an
editor's, one article's findings to a pipe, pays for no module it does not use. And the
runs that do need those modules still load them where they are used: each lazy path is run
here in a fresh process, where nothing else has imported the module first."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

# Modules a run imports only when it needs them (besides rich, probed as a whole).
LAZY = (
    "newslint.formats.feeds",
    "newslint.formats.exported",
    "newslint.store.cache",
    "newslint.store.baseline",
    "sqlite3",
    "hmac",
    "pickle",
    "traceback",
    "json",
    "difflib",
    "hashlib",
    "heapq",
)

PROBE = f"""
import sys
from newslint.cli.main import main
code = main(sys.argv[1:])
sys.stdout.flush()
print(repr((code, sorted(m for m in sys.modules if m.split('.')[0] == 'rich'
                         or m in {LAZY!r}))), file=sys.stderr)
"""


def _run(
    *args: str, home: Path | None = None, cwd: Path | None = None
) -> tuple[int, str, str, list[str]]:
    """`newslint ARGS` in a fresh process (in `cwd`, default this one): exit code, stdout,
    stderr (less the probe's line) and the probed modules it imported."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    if home is not None:  # where the result cache keeps its key secret
        env["XDG_CACHE_HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=cwd,
    )
    *err, probe = done.stderr.strip().splitlines()
    code, imported = ast.literal_eval(probe)
    return code, done.stdout, "\n".join(err), imported


def _imported(path: str) -> tuple[str, list[str]]:
    """A one-article run's output and the probed modules it imported."""
    _, out, _, imported = _run("check", "--isolated", "--no-cache", path)
    return out, imported


def test_findings_of_a_text_article_to_a_pipe_import_no_rich_and_no_json_reader(tmp_path):
    """Neither rich's progress bar (drawn on a terminal only) nor its console (colour only)
    nor, for copy in plain ASCII, its table of character widths; nor the JSON export
    reader, nor the export locator that places findings in one; nor, without the cache
    and a baseline, the result cache (SQLite, HMAC) or the baseline; nor what only a
    failure needs (pickle, traceback); nor json, which only the cache and some outputs
    write."""
    article = tmp_path / "fares.txt"
    article.write_text("Fares\n\nExperts say the fares will rise in the biggest rise ever.\n")
    out, imported = _imported(str(article))
    assert "fares.txt:3:1:" in out
    assert imported == []


def test_typographic_quotes_and_accents_need_no_width_table(tmp_path):
    """Curly quotes, dashes and accented letters are one column each without rich's table;
    the caret still lines up under the finding, counted in columns."""
    article = tmp_path / "cafe.txt"
    article.write_text(
        "Caf\u00e9\n\n\u201cIt\u2019s late\u201d \u2014 experts say the biggest rise ever.\n",
        encoding="utf-8",
    )
    out, imported = _imported(str(article))
    assert "cafe.txt:3:" in out
    assert imported == []
    line = "\u201cIt\u2019s late\u201d \u2014 experts say the biggest rise ever."
    lines = out.splitlines()
    source = next(i for i, text in enumerate(lines) if text.endswith(line))
    caret = lines[source + 1]
    start = len(lines[source]) - len(line) + line.index("experts")
    assert caret.index("^") == start


def test_a_json_export_still_finds_its_reader(tmp_path):
    export = tmp_path / "desk.jsonl"
    export.write_text('{"id": "a1", "body": "Experts say the fares will rise."}\n')
    out, imported = _imported(str(export))
    assert "desk.jsonl:1:" in out
    assert imported == ["json", "newslint.formats.feeds"]


def test_a_report_placing_findings_in_an_export_loads_the_export_locator(tmp_path):
    """A CI format gives each finding its place in the export file itself: the column of
    the flagged words inside the JSON string."""
    export = tmp_path / "desk.jsonl"
    export.write_text('{"id": "a1", "body": "Experts say the fares will rise."}\n')
    args = ("check", "--isolated", "--no-cache", "--output-format", "github", str(export))
    _, out, _, imported = _run(*args)
    column = export.read_text().index("Experts") + 1
    assert f"line=1,col={column}," in out
    assert imported == ["json", "newslint.formats.exported", "newslint.formats.feeds"]


def test_a_suppression_comment_still_silences_what_it_covers(tmp_path):
    """heapq (the sweep of the regions a comment silences) loads only for a rule some
    comment silences: the finding under `disable` is gone, the one after `enable` stays."""
    article = tmp_path / "fares.md"
    article.write_text(
        "<!-- newslint: disable vague-attribution -->\n\nExperts say the fares will rise.\n\n"
        "<!-- newslint: enable vague-attribution -->\n\nCritics say the fares will rise.\n"
    )
    _, out, _, imported = _run("check", "--isolated", "--no-cache", str(article))
    assert "fares.md:7:1:" in out and "fares.md:3:" not in out
    assert "heapq" in imported


def test_the_cache_is_loaded_when_used_and_a_hit_gives_the_same_findings(tmp_path):
    article = tmp_path / "fares.txt"
    article.write_text("Fares\n\nExperts say the fares will rise in the biggest rise ever.\n")
    args = ("check", "--isolated", "--cache-dir", str(tmp_path / "cache"), str(article))
    cold = _run(*args, home=tmp_path / "home")
    warm = _run(*args, home=tmp_path / "home")
    assert cold[0] == warm[0] == 1
    assert "fares.txt:3:1:" in cold[1] and warm[1] == cold[1]
    assert {"newslint.store.cache", "sqlite3", "hmac"} <= set(warm[3])
    assert (tmp_path / "cache" / "results.sqlite").is_file()


def test_a_baseline_is_loaded_when_written_or_read(tmp_path):
    article = tmp_path / "fares.txt"
    article.write_text("Fares\n\nExperts say the fares will rise in the biggest rise ever.\n")
    base = tmp_path / "baseline.json"
    common = ("check", "--isolated", "--no-cache")
    code, out, _, imported = _run(*common, "--write-baseline", str(base), str(article))
    assert code == 0 and out.startswith("Recorded 2 findings")
    assert "newslint.store.baseline" in imported
    code, out, _, imported = _run(*common, "--baseline", str(base), str(article))
    assert code == 0 and "All clean." in out and "2 findings in the baseline." in out
    assert "newslint.store.baseline" in imported


def test_a_baseline_error_is_still_a_clear_message(tmp_path):
    """The command catches the baseline's errors without importing it up front: a baseline
    that cannot be read, or written, is one line and exit 2, not an internal error."""
    article = tmp_path / "fares.txt"
    article.write_text("Experts say the fares will rise.\n")
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    common = ("check", "--isolated", "--no-cache")
    code, _, err, _ = _run(*common, "--baseline", str(bad), str(article))
    assert code == 2 and "not a newslint baseline" in err and "internal error" not in err
    nowhere = tmp_path / "missing" / "baseline.json"
    code, _, err, _ = _run(*common, "--write-baseline", str(nowhere), str(article))
    assert code == 2 and "cannot write the baseline" in err and "internal error" not in err


def test_the_outputs_that_write_json_still_load_it(tmp_path):
    article = tmp_path / "fares.txt"
    article.write_text("Fares\n\nExperts say the fares will rise in the biggest rise ever.\n")
    common = ("check", "--isolated", "--no-cache")
    code, out, _, imported = _run(*common, "--statistics", "--output-format", "json", str(article))
    assert code == 1 and "json" in imported
    assert [row["code"] for row in ast.literal_eval(out)] == ["A001", "C001"]
    code, out, _, imported = _run(*common, "--show-settings", str(article))
    assert code == 0 and "json" in imported
    assert 'json-id-field = "id"' in out.splitlines()  # a JSON string, as json.dumps wrote


FIXTURES = Path(__file__).parent / "fixtures"

NEWSLINT_MODULES = """
import sys
from newslint.cli.main import main
code = main(sys.argv[1:])
sys.stdout.flush()
print(repr((code, sorted(m for m in sys.modules if m.startswith("newslint.")
                         or m in ("regex", "importlib_metadata")))), file=sys.stderr)
"""


def _modules(*args: str) -> tuple[int, str, list[str]]:
    """`newslint ARGS` in a fresh process: exit code, stdout, and the newslint modules
    (with regex and importlib_metadata, which finds the entry points) it imported."""
    done = subprocess.run(
        [sys.executable, "-c", NEWSLINT_MODULES, *args], capture_output=True, text=True, timeout=120
    )
    code, imported = ast.literal_eval(done.stderr.strip().splitlines()[-1])
    return code, done.stdout, imported


def test_version_and_help_load_no_rule_and_none_of_the_engine():
    """`--version` and `--help` need the options alone: no entry point is looked up, no
    rule or pattern is loaded, nothing of the engine."""
    for args in (("--version",), ("--help",), ("check", "--help")):
        code, out, imported = _modules(*args)
        assert code == 0 and ("newslint 0." in out or "usage: newslint" in out), args
        assert not any(m.startswith(("newslint.engine", "newslint.rules")) for m in imported)
        assert "regex" not in imported and "importlib_metadata" not in imported, args


def test_the_rule_commands_load_the_rules_but_not_the_linting():
    """`rules` and `rule NAME` load every rule (their codes, names and documentation) and
    the config for its house rules, not what reads, checks, fixes or reports files."""
    for args, said in ((("rules",), "vague-attribution"), (("rule", "A001"), "What it does")):
        code, out, imported = _modules(*args)
        assert code == 0 and said in out, args
        assert {"newslint.engine.registry", "newslint.engine.config"} <= set(imported), args
        check_path = ("newslint.engine.run", "newslint.engine.check", "newslint.engine.fix")
        assert not set(check_path) & set(imported), args


def test_what_only_a_mistake_a_diff_or_a_fingerprint_needs_is_loaded_for_it(tmp_path):
    """difflib (the nearest name to a misspelt one; --diff) and hashlib (the CI formats'
    fingerprints) are imported where they are used, not at every start: each such run
    still says what it should."""
    article = tmp_path / "fares.md"
    article.write_text(
        "<!-- newslint: disable vague-atribution -->\n\nExperts say the fares will rise.\n"
    )
    (tmp_path / "house.toml").write_text('[sourcing]\ngroup-noun = ["pundits"]\n')
    (tmp_path / "lexicon.toml").write_text('lexicon-files = ["house.toml"]\n')
    (tmp_path / "typo.toml").write_text("selct = []\n")
    shutil.copy(FIXTURES / "duplicate-paragraph" / "must-fire" / "per-line.txt", tmp_path)
    common = ("check", "--no-cache")
    cases = [
        (("rul",), "unknown command or path 'rul' (did you mean `newslint rule`?)"),
        (("rule", "vague-atribution"), "(did you mean 'vague-attribution'?)"),
        (
            (*common, "--isolated", "--select", "duplicate-paragraf", "fares.md"),
            "(did you mean 'duplicate-paragraph'?)",
        ),
        (
            (*common, "--isolated", "--output-format", "json", "fares.md"),
            "(did you mean 'vague-attribution'?)",  # the suppression comment's N001
        ),
        ((*common, "--config", "lexicon.toml", "fares.md"), "(did you mean 'group-nouns'?)"),
        ((*common, "--config", "typo.toml", "fares.md"), "(did you mean 'select'?)"),
        ((*common, "--isolated", "--diff", "per-line.txt"), "-About 300 homes on the Riverside"),
    ]
    for args, said in cases:
        _, out, err, imported = _run(*args, cwd=tmp_path)
        assert said in out + err, args
        assert "difflib" in imported and "hashlib" not in imported, args
    for fmt in ("sarif", "gitlab"):
        args = (*common, "--isolated", "--output-format", fmt, "fares.md")
        _, out, _, imported = _run(*args, cwd=tmp_path)
        assert "ingerprint" in out and "hashlib" in imported


DATACLASSES = """
import dataclasses, sys
from newslint.cli.main import main
code = main(sys.argv[1:])
sys.stdout.flush()
made = sorted(
    f"{value.__module__}.{value.__qualname__}"
    for module in list(sys.modules.values())
    if module is not None and module.__name__.startswith("newslint")
    for value in vars(module).values()
    if isinstance(value, type) and dataclasses.is_dataclass(value)
    and value.__module__ == module.__name__
)
print(repr((code, made)), file=sys.stderr)
"""


def _probed_check(tmp_path, probe: str) -> subprocess.CompletedProcess[str]:
    """`newslint check` of a one-line article that needs a finding, run by `probe` (Python
    source that calls the command and reports on stderr) in a fresh process."""
    article = tmp_path / "fares.txt"
    article.write_text("Fares\n\nExperts say the fares will rise in the biggest rise ever.\n")
    return subprocess.run(
        [sys.executable, "-c", probe, "check", "--isolated", "--no-cache", str(article)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_one_article_run_makes_only_the_dataclasses_that_need_to_be(tmp_path):
    """A dataclass compiles its methods from source at every start (about 0.5 ms a class):
    a one-article run makes only the plugin API's (the model and the document, which rule
    packs build and compare) and the config's Settings (copied with dataclasses.replace).
    Its internal records are named tuples or plain classes."""
    done = _probed_check(tmp_path, DATACLASSES)
    code, made = ast.literal_eval(done.stderr.strip().splitlines()[-1])
    assert code == 1 and "fares.txt:3:1:" in done.stdout
    api = {name for name in made if name.startswith(("newslint.model.", "newslint.document."))}
    assert len(api) == 12  # Span, Edit, Fix, Related, Diagnostic, FileError; Block ... Document
    assert set(made) - api == {"newslint.engine.config.Settings"}


FROZEN = """
import gc, sys
from newslint.cli.main import main
args = sys.argv
sys.argv = ["newslint", "--version"]
main()  # no argv, as the `newslint` script calls it
print(gc.get_freeze_count(), file=sys.stderr)
sys.argv = args
for _ in range(2):
    main()
    print(gc.get_freeze_count(), gc.isenabled(), gc.get_threshold()[0], file=sys.stderr)
"""


def test_what_loading_made_is_frozen_once_and_the_collector_is_on_again(tmp_path):
    """A check in a fresh process freezes what loading the engine and rules made (never
    walked by the collector again), and the collector is on for the rest of the run,
    collecting the young generation less often than Python's default; a
    second command in the same process leaves the frozen set as it is, and --version
    loads nothing to freeze."""
    done = _probed_check(tmp_path, FROZEN)
    assert "fares.txt:3:1:" in done.stdout
    version, first, second = done.stderr.strip().splitlines()[-3:]
    assert version == "0"
    count, enabled, young = first.split()
    assert int(count) > 10_000 and enabled == "True"
    assert int(young) > 700  # collected less often than Python's default for the run
    again, enabled, young = second.split()
    assert int(again) <= int(count) and enabled == "True"  # some frozen objects were freed
    # `python -m newslint` is the command's own process too.
    module = (
        "import gc, runpy, sys\n"
        "sys.argv = ['newslint', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('newslint', run_name='__main__')\n"
        "except SystemExit:\n"
        "    print(gc.get_freeze_count(), gc.isenabled(), file=sys.stderr)\n"
    )
    done = _probed_check(tmp_path, module)
    count, enabled = done.stderr.strip().splitlines()[-1].split()
    assert int(count) > 10_000 and enabled == "True", done.stderr


CALLER = """
import gc, sys
freed = 0

class Node:  # a caller's own object in a cycle: only the collector frees it
    def __init__(self):
        self.me = self

    def __del__(self):
        global freed
        freed += 1

if sys.argv[1] == "off":
    gc.disable()
else:
    gc.set_threshold(5000, 20, 30)
before = (gc.isenabled(), gc.get_threshold())
kept = [Node() for _ in range(1000)]
from newslint.cli.main import main
main(sys.argv[2:])
del kept
gc.collect()
print(freed, gc.get_freeze_count(), (gc.isenabled(), gc.get_threshold()) == before, file=sys.stderr)
"""


def test_a_program_that_calls_main_keeps_its_collector_as_it_was(tmp_path):
    """`main(ARGS)` called from another program (a script, a notebook, a service) freezes
    none of that program's objects: its cyclic garbage is still collected after the
    command, and its collector (on or off, its thresholds) is as it was."""
    article = tmp_path / "fares.txt"
    article.write_text("Fares\n\nExperts say the fares will rise in the biggest rise ever.\n")
    for state in ("on", "off"):
        for args in (["rules"], ["check", "--isolated", "--no-cache", str(article)]):
            done = subprocess.run(
                [sys.executable, "-c", CALLER, state, *args],
                capture_output=True,
                text=True,
                timeout=120,
            )
            freed, frozen, same = done.stderr.strip().splitlines()[-1].split()
            assert (freed, frozen, same) == ("1000", "0", "True"), (state, args, done.stderr)


FAILURES = """
import sys
from newslint.engine.check import crash
from newslint.engine.parallel import WorkFailed, _portable
from newslint.rules import pack
assert "traceback" not in sys.modules and "pickle" not in sys.modules

class Unpicklable(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a} {b}")

def boom():
    raise KeyError("boom")

try:
    boom()
except KeyError as exc:
    error = crash("fares.txt", pack()[0], exc)
try:
    raise Unpicklable(1, 2)
except Unpicklable as exc:
    portable = _portable(exc)
print(repr((error.message, error.detail, type(portable).__name__, portable.kind, str(portable),
            portable.detail)))
"""


def test_a_crash_s_traceback_and_a_worker_s_failure_load_what_they_need():
    done = subprocess.run(
        [sys.executable, "-c", FAILURES], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    message, detail, kind, name, text, carried = ast.literal_eval(done.stdout)
    assert message.endswith("KeyError: 'boom'") and "internal error in rule" in message
    assert detail.startswith("Traceback (most recent call last)") and "in boom" in detail
    assert (kind, name, text) == ("WorkFailed", "Unpicklable", "1 2")
    assert "Unpicklable: 1 2" in carried
