"""The `newslint` command: its options, and which command runs.

Only what every command needs is imported here (argparse, and the report's escaping for
messages): `--version` and `--help` load no rule and none of the engine. Each command's
module is imported once the arguments say which it is (`newslint.cli.check`,
`newslint.cli.rules`, `newslint.cli.index`, the server)."""

from __future__ import annotations

import argparse
import codecs
import gc
import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from newslint import __version__
from newslint.cli.output import DEBUG, STDIN, say
from newslint.report import FORMATS
from newslint.store import DEFAULT_DIR

COMMANDS = ("check", "rules", "rule", "index", "server")
FAIL_ON = ("error", "warning", "info", "never")
# The formats read as UTF-8 whatever the locale: JSON (RFC 8259) and the formats made of it,
# the JUnit XML and the HTML page that declare UTF-8, and GitHub's workflow commands.
UTF8_FORMATS = frozenset({"json", "json-lines", "sarif", "gitlab", "junit", "html", "github"})


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newslint",
        description="Lint news copy: repeated paragraphs, unsourced claims, puffery.",
    )
    parser.add_argument("--version", action="version", version=f"newslint {__version__}")
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("check", help="lint files and folders (the default command)")
    check.add_argument("paths", nargs="*", default=["."], help="files, folders, or - for stdin")
    check.add_argument("--output-format", choices=FORMATS, default="pretty")
    check.add_argument(
        "--select", action="append", help="only these rules (codes, prefixes, names)"
    )
    check.add_argument("--extend-select", action="append", default=[], help="add these rules")
    check.add_argument("--ignore", action="append", default=[], help="skip these rules")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument(
        "--diff", action="store_true", help="show safe fixes as a diff; write nothing"
    )
    check.add_argument(
        "--statistics", action="store_true", help="print only the count of findings by rule"
    )
    check.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    check.add_argument("--config", type=Path, help="use this config file for every path")
    check.add_argument("--isolated", action="store_true", help="ignore every config file")
    check.add_argument("--stdin-filename", help="the name of the text read from stdin")
    check.add_argument(
        "--encoding", default="utf-8", type=_encoding, help="read files in this encoding"
    )
    check.add_argument(
        "--verbose", action="store_true", help=f"show internal errors' tracebacks (or {DEBUG}=1)"
    )
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument(
        "--output-file",
        type=Path,
        help="write the --output-format report here; the terminal still gets the pretty findings",
    )
    check.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="info",
        help="exit 1 on findings of this severity or worse (default: info, i.e. any finding)",
    )
    check.add_argument("--write-baseline", type=Path, help="record the findings in this file")
    check.add_argument("--baseline", type=Path, help="report only findings not in this file")
    check.add_argument(
        "--jobs", "-j", type=int, help="worker processes (default: the cores, one per 16 files)"
    )
    check.add_argument("--no-cache", action="store_true", help="lint every file again")
    check.add_argument(
        "--cache-dir", type=Path, default=Path(DEFAULT_DIR), help="where results are kept"
    )

    check.add_argument(
        "--against",
        metavar="INDEX",
        help="also report paragraphs already in this archive index (an SQLite file or a "
        "postgresql:// URL)",
    )
    check.add_argument(
        "--dask-scheduler",
        metavar="ADDRESS",
        help="lint on the Dask cluster of this scheduler (tcp://host:8786), or `local` for "
        "a LocalCluster of --jobs worker processes here; needs `pip install 'newslint[dask]'`",
    )
    files = check.add_argument_group("which files are linted")
    files.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERN",
        help="gitignore-style patterns to skip, relative to the working folder; replaces the "
        "config's `exclude` (and the default list)",
    )
    files.add_argument(
        "--extend-exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help="more patterns to skip, on top of `exclude`",
    )
    files.add_argument(
        "--respect-gitignore",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="skip what .gitignore, .ignore and .git/info/exclude list (default: on)",
    )
    files.add_argument(
        "--force-exclude",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="apply the exclude patterns to files named on the command line too (pre-commit)",
    )
    files.add_argument(
        "--show-files", action="store_true", help="list the files that would be linted, and stop"
    )
    files.add_argument(
        "--show-settings",
        action="store_true",
        help="show the settings that apply to the first path, and stop",
    )

    index = sub.add_parser("index", help="build or update an archive's paragraph index")
    index.add_argument("archive", type=Path, help="the folder of published articles")
    index.add_argument(
        "--index", required=True, help="the index: an SQLite file, or a postgresql:// URL"
    )
    index.add_argument("--encoding", default="utf-8", help="read files in this encoding")

    sub.add_parser("rules", help="list every rule").add_argument(
        "--format", choices=("text", "markdown"), default="text"
    )
    sub.add_parser("rule", help="show one rule's documentation").add_argument("rule")
    sub.add_parser(
        "server", help="run the language server for editors (LSP over stdio)"
    ).add_argument(
        "--stdio",
        action="store_true",
        help="accepted and ignored: the server always speaks over stdin and stdout",
    )
    return parser


def _encoding(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {name!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """The command. An unexpected exception is one clear line and exit 2; its traceback only
    with --verbose or NEWSLINT_DEBUG set, so a pre-commit hook never shows a stack dump.

    Without `argv` (the `newslint` script, `python -m newslint`) the process is the
    command's own, and loading the engine freezes what it made (see `_loading`). Given
    `argv`, the caller is another program: nothing of its is frozen."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if sys.stdout is None and args_list[:1] != ["server"]:
        # Started with its standard output closed (`newslint ... >&-`), as `ls` and `grep`
        # answer it: every command writes there.
        say("error", "standard output is closed")
        return 2
    try:
        return _main(args_list, own_process=argv is None)
    except KeyboardInterrupt:
        print("newslint: interrupted", file=sys.stderr)
        return 130
    except SystemExit as exc:
        # newslint itself returns its status; a SystemExit here is plugin code calling
        # sys.exit() outside a rule's check (a rule's attribute, say): never status 0 with
        # the copy unread.
        if args_list[:1] == ["server"]:
            raise
        say("internal error", f"plugin code called sys.exit({exc.code!r}); the run did not finish")
        return 2
    except BrokenPipeError:
        # The reader went away (`newslint ... | head`): nothing left to say to it.
        try:  # and Python's flush of stdout at exit must not complain either
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 1
    except Exception as exc:
        if "--verbose" in args_list or os.environ.get(DEBUG):
            raise
        say(
            "internal error",
            f"{type(exc).__name__}: {exc} "
            f"(rerun with --verbose or {DEBUG}=1 for the traceback, and report it)",
        )
        return 2


def _main(args_list: list[str], own_process: bool = False) -> int:
    parser = _parser()
    check_parser = _subparser(parser, "check")
    ordered = _command_first(args_list, check_parser)
    if ordered is not None:
        args_list = ordered
    elif not args_list or args_list[0] not in ("-h", "--help", "--version"):
        typo = _mistyped_command(args_list, check_parser)
        if typo is not None:
            say("error", typo)
            return 2
        args_list.insert(0, "check")
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    if args.command == "server":  # pygls is imported only here: the CLI stays fast
        from newslint.server.app import serve

        return serve()
    if own_process:
        _suit_stdout(sys.stdout, args)
    # The engine and the rules, only now that a command needs them.
    with _loading(own_process):
        from newslint.engine import registry

        rules, problems = registry.discover()
        if args.command == "check":
            from newslint.cli.check import check
    for problem in problems:
        say("error", problem)
    if args.command in ("rules", "rule"):
        from newslint.cli.rules import list_rules

        return max(list_rules(args, rules), 2 if problems else 0)
    if args.command == "index":
        from newslint.cli.index import build_index

        return max(
            build_index(args.archive, args.index, args.encoding, rules), 2 if problems else 0
        )
    status = check(args, rules)
    return max(status, 2 if problems else 0)


def _suit_stdout(out: object, args: argparse.Namespace) -> None:
    """Make the command's own standard output able to write any report: a format read as
    UTF-8 (`UTF8_FORMATS`) is written in UTF-8, whatever the locale; a report for people
    writes what the stream's encoding cannot hold as backslash escapes (`\\u201c`), as Python
    writes to stderr. A stream in ASCII or a Windows code page (a redirect on Windows,
    PYTHONIOENCODING) refused the first curly quote or accented file name: the run ended
    in an internal error with the findings unwritten. (Text an editor gets back from
    `--fix -` is written as bytes, in the encoding it came in: see `newslint.cli.check`.)
    A stream that is not a text file of Python's own (another program's) is left alone."""
    if not isinstance(out, io.TextIOWrapper):
        return
    report = (
        getattr(args, "output_format", None) if getattr(args, "output_file", None) is None else None
    )
    if report in UTF8_FORMATS:
        # Its errors kept: in UTF-8 mode (and the C.UTF-8 locale) they are surrogateescape,
        # which gives `--show-files` a name that is not UTF-8 back as its bytes.
        out.reconfigure(encoding="utf-8", errors=out.errors)
    elif out.errors == "strict":
        out.reconfigure(errors="backslashreplace")


@contextmanager
def _loading(own_process: bool) -> Iterator[None]:
    """While the engine and the rules load, in the command's own process: no garbage
    collection, then every object made so far frozen (`gc.freeze`). Loading makes tens of
    thousands of objects that live as long as the process (modules, classes, functions,
    patterns) and next to no garbage, yet the collector walked them again and again: about
    14 ms of a one-article run's CPU. Frozen, they are never walked again; whatever the run
    makes afterwards is collected as before. `gc.freeze` takes every object of the process,
    so another program that calls `main(ARGS)` is left alone (its cyclic garbage would never
    be freed), and so is a process that froze objects already or turned the collector off.

    The young generation is then collected every `_YOUNG` allocations instead of every
    700: a check makes many short-lived objects and little cyclic garbage, and the
    collector ran 18 times on one article (2 ms of CPU) and 129 times on the BBC corpus
    (20 ms), to free next to nothing: 0 and 17 times now, and the 4 MB joined corpus peaks
    at the same memory."""
    if not own_process or gc.get_freeze_count() or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(_YOUNG, *gc.get_threshold()[1:])
        gc.enable()


# Allocations (less deallocations) between collections of the youngest generation.
_YOUNG = 20_000


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The parser of one subcommand."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[name]  # type: ignore[no-any-return]
    raise KeyError(name)


def _first_positional(args: list[str], check: argparse.ArgumentParser) -> int:
    """The index in `args` of the first argument that is not an option or an option's
    value (len(args) when there is none)."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--" or arg == STDIN or not arg.startswith("-"):
            return i
        action = check._option_string_actions.get(arg.split("=", 1)[0])
        takes_value = action is not None and action.nargs != 0 and "=" not in arg
        i += 2 if takes_value else 1
    return len(args)


def _command_first(args: list[str], check: argparse.ArgumentParser) -> list[str] | None:
    """`args` with the subcommand moved to the front when options come before it
    (`newslint --no-cache check - --stdin-filename s.txt`), so it is not read as a path;
    None when no subcommand is named before the first path."""
    i = _first_positional(args, check)
    if i < len(args) and args[i] in COMMANDS:
        return [args[i], *args[:i], *args[i + 1 :]]
    return None


def _mistyped_command(args: list[str], check: argparse.ArgumentParser) -> str | None:
    """The error for a first path that does not exist and is close to a subcommand's name
    (`newslint rul NAME`); None when it exists or resembles no subcommand."""
    i = _first_positional(args, check)
    first = args[i] if i < len(args) else None
    # Only a bare word can be a mistyped subcommand: `draft.md` or `desk/x` is a path.
    if first is None or not first.isalpha() or os.path.lexists(first):
        return None
    import difflib  # only a mistyped word pays for it

    near = difflib.get_close_matches(first, COMMANDS, n=1, cutoff=0.6)
    if not near:
        return None
    return f"unknown command or path {first!r} (did you mean `newslint {near[0]}`?)"
