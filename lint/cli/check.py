"""`newslint check`: lint the paths, print the findings, fix or diff, cache, baseline."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from newslint.cli.live import STREAMED, Printer, ProgressBar, Write, bar_wanted
from newslint.cli.output import DEBUG, STDIN, say
from newslint.distributed import DistributedError, require
from newslint.document import Document
from newslint.engine.config import (
    ConfigError,
    Discovery,
    Finder,
    Settings,
    check_patterns,
    load,
)
from newslint.engine.config import describe as describe_settings
from newslint.engine.files import discover as discover_files
from newslint.engine.files import forced_out, why_skipped
from newslint.engine.fix import ChangedOnDisk, encode, fix_written, unified_diff, write_atomic
from newslint.engine.parallel import default_jobs
from newslint.engine.results import Fixed
from newslint.engine.rule import CorpusRule, Rule
from newslint.engine.run import Backend, Linter, LocalBackend, Overrides
from newslint.model import Diagnostic, FileError, Severity
from newslint.report import (
    Locator,
    inert_line,
    printable,
    reporter,
    shown_path,
    streamer,
)
from newslint.store import BaselineError

if TYPE_CHECKING:
    from newslint.store import baseline
    from newslint.store.cache import ResultCache


def _codes(values: list[str] | None) -> list[str] | None:
    """Entries of a repeated, comma-separated option (rule codes, exclude patterns)."""
    if values is None:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def shown_diff(diff: str) -> str:
    """A unified diff as it may be printed: each line's text escaped (`printable`: copy's
    escape sequences do not reach the terminal) and unable to start a CI workflow command
    (`inert_line`: a context line is a space and the copy's line)."""
    lines = diff.split("\n")  # on line feeds only: a copy's \r or U+2028 is escaped
    if lines[-1] == "":
        lines.pop()
    return "".join(inert_line(printable(line)) + "\n" for line in lines)


def write_fixes(fixed: Sequence[Fixed], encoding: str) -> list[FileError]:
    """Write each fixed text over its file, atomically, refusing a file that changed on disk
    since it was read. Returns the files that could not be written, with why."""
    failures = []
    for item in fixed:
        try:
            write_atomic(
                item.path,
                encode(item.after, item.bom, encoding),
                encode(item.before, item.bom, encoding),
            )
        except ChangedOnDisk as exc:
            failures.append(FileError(item.path, str(exc).removeprefix(f"{item.path}: ")))
        except OSError as exc:
            failures.append(FileError(item.path, f"cannot write the fix: {exc.strerror}"))
        except UnicodeEncodeError as exc:
            failures.append(FileError(item.path, f"fix not written: {exc.reason} in {encoding}"))
    return failures


def _finder(args: argparse.Namespace) -> Finder:
    discovery = Discovery(
        root=Path.cwd(),
        exclude=None
        if args.exclude is None
        else check_patterns(_codes(args.exclude) or (), "--exclude"),
        extend_exclude=check_patterns(_codes(args.extend_exclude) or (), "--extend-exclude"),
        respect_gitignore=args.respect_gitignore,
        force_exclude=args.force_exclude,
    )
    if args.config is not None:
        return Finder(load(args.config), search=False, discovery=discovery)
    return Finder(Settings(root=Path.cwd()), search=not args.isolated, discovery=discovery)


# With the default --jobs, one worker process per this many files at most: a forked worker
# compiles the rules' patterns again (about 0.1 s). `python bench/jobs_threshold.py` on the
# BBC articles (2 cores): two workers took 1.04x the time of one process on 16 files, 0.95x
# on 32, 0.83x on 128. An explicit --jobs N is taken as asked.
FILES_PER_WORKER = 16


def _speed(args: argparse.Namespace, linter: Linter, files: int) -> tuple[int, ResultCache | None]:
    """Worker count and result cache from --jobs, --no-cache and --cache-dir, for a run
    of `files` files."""
    if args.jobs and args.jobs > 0:
        jobs = args.jobs
    elif args.dask_scheduler is not None:  # `local`: a cluster of the cores
        jobs = default_jobs()
    else:
        jobs = min(default_jobs(), max(1, files // FILES_PER_WORKER))
    fix = args.fix or args.diff  # fixes are never cached: do not open the store
    if args.no_cache or fix:
        return jobs, None
    # Imported only here: SQLite and HMAC are no part of a run without the cache.
    from newslint.store.cache import ResultCache

    return jobs, ResultCache(args.cache_dir, linter.rules)


@contextmanager
def _backend(address: str | None, jobs: int, spread: int | None) -> Iterator[Backend]:
    """The Dask cluster at `address` (`local`: `jobs` worker processes here) while the run
    lasts, or this machine's processes: `jobs` of them for files, `spread` (when given)
    for a corpus rule's comparisons. Dask is imported only when asked for."""
    if address is None:
        yield LocalBackend(jobs, spread)
        return
    require()
    from newslint.distributed.cluster import DaskBackend, connect

    with connect(address, workers=jobs) as client:
        yield DaskBackend(client)


def check(args: argparse.Namespace, rules: list[Rule]) -> int:
    try:
        return _check(args, rules)
    except (ConfigError, BaselineError) as exc:
        say("error", str(exc))
        return 2


def _check(args: argparse.Namespace, rules: list[Rule]) -> int:
    finder = _finder(args)
    extend = _codes(args.extend_select) or []
    if args.against is not None:  # the rules that can read an archive
        extend += [r.code for r in rules if isinstance(r, CorpusRule) and r.uses_archive()]
    overrides = Overrides(_codes(args.select), extend, _codes(args.ignore) or ())
    linter = Linter(rules, finder, overrides)

    preloaded: dict[str, bytes] = {}
    paths = list(args.paths)
    if STDIN in paths:
        name = args.stdin_filename or "stdin.txt"
        preloaded[name] = sys.stdin.buffer.read()
        paths = [name if p == STDIN else p for p in paths]
    if args.show_settings:
        first = paths[0] if paths else "."
        skipped = why_skipped(Path(first), finder)
        shown = describe_settings(linter.settings_for(first), first, skipped)
        print("\n".join(inert_line(printable(line)) for line in shown))
        return 0
    # --force-exclude applies to --stdin-filename too, as ruff's does.
    targets = [p for p in preloaded if not forced_out(p, finder)] + list(
        discover_files([p for p in paths if p not in preloaded], finder)
    )
    if args.show_files:
        # A missing path is a target only so that linting it reports the problem.
        missing = [t for t in targets if t not in preloaded and not os.path.lexists(t)]
        for target in sorted(set(targets) - set(missing)):
            print(shown_path(target))
        for target in missing:
            say("error", f"{printable(target)}: no such file or folder")
        return 2 if missing else 0
    if not targets:
        # As ruff warns: every path was excluded, ignored or not copy, so nothing was read
        # and "All clean." would vouch for articles never seen.
        say("warning", "no files to lint under the given paths (see --show-settings PATH)")

    stdout = sys.stdout
    fix = args.fix or args.diff
    if fix and args.dask_scheduler is not None:  # refused before anything is opened
        say("error", "--dask-scheduler lints only: --fix and --diff run on this machine")
        return 2
    archive = None
    if args.against is not None:
        from newslint.store.archive import ArchiveError
        from newslint.store.location import open_index

        try:
            archive = open_index(args.against)
        except ArchiveError as exc:
            say("error", str(exc))
            return 2
    jobs, cache = _speed(args, linter, len(targets))
    color = {"always": True, "never": False}.get(args.color)
    if os.environ.get("NO_COLOR") and args.color != "always":
        color = False
    # With --output-file the terminal still gets the pretty findings and the summary, for
    # the CI log (ruff prints nothing there).
    shown = "pretty" if args.output_file is not None else args.output_format
    matching = None
    if args.baseline is not None and args.write_baseline is None:
        from newslint.store import baseline  # only a run with a baseline needs it

        matching = baseline.Matching(baseline.load(args.baseline))
    # Findings stream (each file's as soon as it and those before it are done) unless the
    # output must wait for the whole run: --fix and --diff write files and diffs first,
    # --statistics and --write-baseline print no findings, and the other formats are one
    # document each.
    streaming = not fix and not args.statistics and args.write_baseline is None
    streaming = streaming and shown in STREAMED
    by_code = {r.code: r for r in rules}
    write: Write | None = None
    if streaming:
        write_findings = streamer(shown, stdout, color)

        def write_flushed(found: list[Diagnostic], documents: Mapping[str, Document]) -> None:
            # A locator per file: the line indexes of files already written would only
            # weigh on the garbage collector for the rest of the run.
            write_findings(found, Locator(documents, by_code))
            stdout.flush()  # a pipe buffers: its reader should see the file's findings now

        write = write_flushed

    def keep(found: list[Diagnostic], documents: Mapping[str, Document]) -> list[Diagnostic]:
        return found if matching is None else matching.take(found, documents)

    bar = None
    if targets and bar_wanted(sys.stderr, os.environ, args.quiet):
        bar = ProgressBar(sys.stderr, len(targets), color)
    printer = Printer(bar, write, lambda e: _say_error(e, args), keep)
    try:
        # The default --jobs counts files; the comparisons may use every core.
        spread = None if args.jobs and args.jobs > 0 else default_jobs()
        with _backend(args.dask_scheduler, jobs, spread) as backend:
            run = linter.run(
                targets, args.encoding, preloaded, fix, jobs, cache, archive, backend, printer
            )
    except DistributedError as exc:
        say("error", str(exc))
        return 2
    finally:
        printer.close()
        if archive is not None:
            archive.close()  # a PostgreSQL index's reading transaction ends here
        if cache is not None:
            cache.close()
            for warning in cache.warnings:
                say("warning", warning)
    if args.diff:
        for item in run.fixed:
            stdout.write(shown_diff(unified_diff(item.path, item.before, item.after)))
    elif args.fix:  # the files named beside standard input too: "Fixed N" counts theirs
        on_disk = [item for item in run.fixed if item.path not in preloaded]
        run.errors.extend(write_fixes(on_disk, args.encoding))

    # Streamed: each file's errors were written with its findings; these are the rest
    # (corpus rules that crashed). Otherwise, all of them.
    for error in run.errors[printer.errors_written :]:
        _say_error(error, args)
    if args.diff:
        return 2 if run.errors else (1 if run.fixes_applied else 0)
    if args.fix and preloaded:
        # Fixed standard input goes to stdout and the findings to stderr, as ruff does.
        failures = _write_fixed_input(stdout, preloaded, run.documents, run.fixed, args.encoding)
        for error in failures:  # as write_fixes reports a file's: the run did not do its job
            _say_error(error, args)
        run.errors.extend(failures)
        stdout = sys.stderr

    if args.write_baseline is not None:
        from newslint.store import baseline

        count = baseline.write(args.write_baseline, run.diagnostics, run.documents)
        where = printable(str(args.write_baseline))
        print(f"Recorded {count} finding{'s' if count != 1 else ''} in {where}.")
        return 2 if run.errors else 0
    diagnostics, known = run.diagnostics, None
    # Streamed, the files' findings are written: what is left is the corpus rules'.
    left = run.corpus if streaming else run.diagnostics
    if matching is not None:
        left = matching.take(left, run.documents)
        known = matching.result(run.documents)
        diagnostics = sorted(known.new, key=lambda d: d.sort_key)

    locator = Locator(run.documents, by_code, run.errors)
    if args.output_file is not None:
        _write_report(args.output_file, args.output_format, diagnostics, locator)
    if args.statistics and shown in ("json", "json-lines"):
        import json  # only this output: a run of findings never loads json here

        stdout.write(
            json.dumps(statistics(diagnostics, run.documents), indent=2, ensure_ascii=False) + "\n"
        )
    elif not args.statistics:  # --statistics: only the counts, as ruff prints them
        reporter(shown)(left, locator, stdout, color)
    if shown in ("pretty", "concise") or (args.statistics and shown not in ("json", "json-lines")):
        summarise(
            diagnostics,
            run.fixes_applied,
            len(run.errors),
            args,
            stdout,
            bool(targets),
            run.documents,
        )
        if known is not None and not args.quiet:
            summarise_baseline(known, stdout)
    if run.errors:
        return 2
    if args.fail_on == "never":
        return 0
    threshold = Severity.parse(args.fail_on)
    return 1 if any(d.severity >= threshold for d in diagnostics) else 0


def _say_error(error: FileError, args: argparse.Namespace) -> None:
    """An input error on stderr, with its traceback under --verbose or NEWSLINT_DEBUG."""
    say("error", f"{printable(error.path)}: {error.message}")
    if error.detail and (args.verbose or os.environ.get(DEBUG)):
        say("traceback", error.detail.rstrip())


def _write_fixed_input(
    out: TextIO,
    preloaded: Mapping[str, bytes],
    documents: Mapping[str, Document],
    fixed: Sequence[Fixed],
    encoding: str,
) -> list[FileError]:
    """Give standard input back, as bytes: fixed, in `encoding`, the one it was read in,
    with its byte order mark if it had one, as a fixed file is written (through the text
    stream it took the stream's encoding: escaped, or refused, when that could not hold the
    copy). An input no fix changed, or that was excluded or unreadable, is written as it
    came, byte for byte; so is one whose fixed text `encoding` cannot hold, and that is
    returned as a failure, as `write_fixes` returns a file's: never an empty buffer. A
    stream without bytes under it (another program's `io.StringIO`) gets the text."""
    failures = []
    fixed_by_path = {item.path: item for item in fixed}
    buffer = getattr(out, "buffer", None)
    out.flush()
    for path, raw in preloaded.items():
        if buffer is None:
            document = documents.get(path)
            out.write(document.text if document is not None else raw.decode(encoding, "replace"))
            continue
        data = raw
        item = fixed_by_path.get(path)
        if item is not None:  # encoded as `write_fixes` encodes a file's
            try:
                data = encode(item.after, item.bom, encoding)
            except UnicodeEncodeError as exc:
                why = f"fix not written: {exc.reason} in {encoding}; the input is given back"
                failures.append(FileError(path, why))
        buffer.write(data)
    out.flush()
    return failures


def _write_report(path: Path, fmt: str, diagnostics: list[Diagnostic], locator: Locator) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            reporter(fmt)(diagnostics, locator, handle, False)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the report: {exc.strerror}") from None


def summarise_baseline(known: baseline.Filtered, out: TextIO) -> None:
    if known.known:
        out.write(f"{known.known} finding{'s' if known.known != 1 else ''} in the baseline.\n")
    if known.stale:
        out.write(
            f"{known.stale} baseline entr{'ies' if known.stale != 1 else 'y'} no longer found "
            "(stale: fixed or removed; --write-baseline again to drop them).\n"
        )


def statistics(
    diagnostics: Sequence[Diagnostic], documents: Mapping[str, Document] | None = None
) -> list[dict[str, object]]:
    """Findings counted by rule, most first: `{"code", "name", "count", "fixable"}` each,
    `fixable` counting the findings whose safe fix `--fix` writes (not in HTML or a JSON
    export: see `fix_written`; every safe fix when `documents` is not given)."""
    counts = Counter((d.code, d.rule) for d in diagnostics)
    fixable = Counter(d.code for d in diagnostics if _fixes(d, documents))
    return [
        {"code": code, "name": name, "count": count, "fixable": fixable[code]}
        for (code, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _fixes(diag: Diagnostic, documents: Mapping[str, Document] | None) -> bool:
    """Whether `--fix` would apply the finding's fix (any safe fix, without `documents`)."""
    if documents is None:
        return diag.fix is not None and diag.fix.safe
    return fix_written(diag, documents)


def summarise(
    diagnostics: list[Diagnostic],
    fixed: int,
    failed: int,
    args: argparse.Namespace,
    out: TextIO,
    linted: bool = True,
    documents: Mapping[str, Document] | None = None,
) -> None:
    if args.statistics:
        for row in statistics(diagnostics, documents):
            mark = "[*]" if row["fixable"] else "   "
            out.write(f"{row['count']:>5}  {printable(str(row['code'])):<6} {mark} ")
            out.write(f"{printable(str(row['name']))}\n")
    if args.quiet:
        return
    fixable_count = sum(1 for d in diagnostics if _fixes(d, documents))
    if fixed:
        out.write(f"Fixed {fixed} finding{'s' if fixed != 1 else ''}.\n")
    if diagnostics:
        n = len(diagnostics)
        out.write(f"Found {n} finding{'s' if n != 1 else ''}")
        out.write(f" ({fixable_count} fixable with --fix).\n" if fixable_count else ".\n")
    elif not linted:
        out.write("No files linted.\n")
    elif not fixed and not failed:
        out.write("All clean.\n")
    if failed:
        out.write(
            f"{failed} problem{'s' if failed != 1 else ''} reading or linting files (see above).\n"
        )
