"""Linting the documents an editor has open, with no protocol in sight.

    Session(rules, root).lint(path, text, language) -> Outcome

A `Session` holds the installed rules and one `Linter` (a `Finder` of configs); the nearest
pyproject.toml / newslint.toml above each document applies to it, exactly as for
`newslint check`, so documents under different configs never share settings. `reload()`
forgets every config read so far (the Finder caches per folder). Every method here is
synchronous and must be called from one thread at a time: the server runs them on a single
worker thread.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import newslint
from newslint.document import Document
from newslint.engine.check import check
from newslint.engine.config import CONFIG_NAMES, ConfigError, Finder, Settings
from newslint.engine.directives import RuleId
from newslint.engine.fix import fix_document, fixable
from newslint.engine.rule import Options, Rule
from newslint.engine.run import Linter, Overrides, read_options
from newslint.formats import format_for, from_text
from newslint.formats.frontmatter import find_front_matter
from newslint.formats.parse import FORMATS
from newslint.model import Diagnostic, Edit

# Documentation links: a built-in rule's documentation is its own file's docstring (or its
# phrase file's `docs`), so the link is that file in the repository at the installed version.
REPOSITORY = "https://github.com/newslint/newslint"
BUILTIN_PACKAGE = "newslint.rules"
# The languages an editor may name for a document whose extension says nothing.
LANGUAGES = {"markdown": ".md", "plaintext": ".txt", "text": ".txt", "html": ".html"}
LINTED_FORMATS = ("text", "markdown", "html")


@dataclass
class Outcome:
    """One lint of one document version.

    `text` is the text the engine read, whose character offsets every diagnostic uses; it is
    the editor's text without a leading byte-order mark, so `shift` (0 or 1) characters
    precede it in the editor's buffer. `document` is None when the document was not linted
    (an excluded file, an unknown language, a broken config). `problems` are messages for
    the person at the editor: a rule that crashed, a config that cannot be used.
    """

    path: str
    text: str
    shift: int = 0
    document: Document | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    config_error: str | None = None
    configured: list[tuple[Rule, Options]] = field(default_factory=list)
    # Every rule a suppression comment may name under this document's config, selected or
    # not, as `newslint check` passes to `check` (else a comment naming an unselected rule
    # is "unknown" in the editor only).
    known: list[RuleId] = field(default_factory=list)

    def rule(self, code: str) -> Rule | None:
        """The rule with this code among those that ran (house phrase rules included)."""
        return next((rule for rule, _ in self.configured if rule.code == code), None)


def affects_settings(path: str) -> bool:
    """Whether a change to this file can change what a lint finds: a config
    (pyproject.toml, newslint.toml, .newslint.toml) or any other TOML file, since a config's
    `phrase-files` and `lexicon-files` are TOML too and may sit anywhere."""
    return Path(path).name in CONFIG_NAMES or Path(path).suffix.lower() == ".toml"


def lint_path(path: str, language: str | None) -> str | None:
    """The path the engine should see for a document, or None when it is not copy.

    A known extension (.md, .txt, .html, ...) decides the format; otherwise the editor's
    language id does, by adding that format's extension; anything else is not linted. JSON
    exports are not linted in the editor: their findings' offsets are into decoded fields,
    not into the text the editor shows."""
    suffix = Path(path).suffix.lower()
    if suffix in FORMATS:
        return path if format_for(path) in LINTED_FORMATS else None
    extension = LANGUAGES.get((language or "").lower())
    return path + extension if extension else None


def documentation_url(rule: Rule) -> str | None:
    """Where a rule's documentation can be read: for a built-in rule, its source file in the
    repository at the installed version's tag (the docstring at its top is the
    documentation `newslint rule` prints); a plugin rule may name its own in a
    `documentation_url` attribute. None when there is none."""
    own = getattr(rule, "documentation_url", None)
    if isinstance(own, str) and own:
        return own
    base = f"{REPOSITORY}/blob/v{newslint.__version__}/rules"
    origin = getattr(rule, "origin", None)  # phrase rules: the TOML file they came from
    if isinstance(origin, str):
        parent = Path(origin).parent
        if parent.name == "data" and parent.parent.name == "rules" and _builtin_data(parent):
            return f"{base}/data/{Path(origin).name}"
        return None
    module = type(rule).__module__
    if module.startswith(BUILTIN_PACKAGE + "."):
        return f"{base}/{module.removeprefix(BUILTIN_PACKAGE + '.').replace('.', '/')}.py"
    if module.startswith("newslint."):  # the engine's own rules (suppression comments)
        engine = f"{REPOSITORY}/blob/v{newslint.__version__}/lint"
        return f"{engine}/{module.removeprefix('newslint.').replace('.', '/')}.py"
    return None


@functools.lru_cache(maxsize=64)
def _builtin_data(folder: Path) -> bool:
    """Whether `folder` is the built-in pack's data folder (found without importing it)."""
    spec = importlib.util.find_spec(BUILTIN_PACKAGE)
    if spec is None or spec.origin is None:
        return False
    return folder.resolve() == (Path(spec.origin).parent / "data").resolve()


class Session:
    """The rules and configs of one server. `rules` are every installed rule (see
    `newslint.engine.registry.discover`); `root` is the folder whose defaults apply where
    no config is found (the workspace root, else the working folder)."""

    def __init__(self, rules: Sequence[Rule], root: Path) -> None:
        self.rules = list(rules)
        self.root = root
        self.linter = self._linter()
        # (mtime, size, inode) of each phrase file a config names, by id of the settings
        # (kept alive by the linter): a phrase file need not be a .toml the editor watches.
        self._stamps: dict[int, tuple[tuple[int, int, int] | None, ...]] = {}

    def _linter(self) -> Linter:
        return Linter(self.rules, Finder(Settings(root=self.root)), Overrides())

    def reload(self) -> None:
        """Forget every config read so far: the next lint of each document reads the
        nearest config again."""
        self.linter = self._linter()
        self._stamps = {}

    def _settings(self, path: str) -> Settings:
        """The settings of `path`, after a reload if one of its config's phrase files
        changed on disk since it was read (the rules built from it would be stale, and
        only TOML files are watched). Raises ConfigError."""
        settings = self.linter.settings_for(path)
        stamp = tuple(_stamp(f) for f in settings.phrase_files)
        if self._stamps.setdefault(id(settings), stamp) != stamp:
            self.reload()
            settings = self.linter.settings_for(path)
            self._stamps[id(settings)] = stamp
        return settings

    def lint(self, path: str, text: str, language: str | None = None) -> Outcome:
        """Lint the editor's `text` of the document at `path` (a file-system path; the file
        need not exist) under the nearest config above it. `language` is the editor's
        language id, used when the extension names no format. Raises nothing: a broken
        config or a crashing rule is in `Outcome.config_error` / `problems`."""
        shift = 1 if text.startswith("\ufeff") else 0
        body = text[shift:]
        seen = lint_path(path, language)
        outcome = Outcome(path=seen or path, text=body, shift=shift)
        if seen is None:
            return outcome
        try:
            settings = self._settings(seen)
            if settings.excluded(Path(seen)):
                return outcome
            outcome.configured = self.linter.configured(seen)
            outcome.known = self.linter.known(seen)
        except ConfigError as exc:
            outcome.config_error = str(exc)
            return outcome
        reading = from_text(seen, body, read_options(settings, "utf-8"), bool(shift))
        outcome.problems.extend(p.message for p in reading.problems)
        for document in reading.documents[:1]:  # text, Markdown and HTML are one document
            outcome.document = document
            found, failures = check(document, outcome.configured, outcome.known)
            outcome.diagnostics = found
            outcome.problems.extend(f.message for f in failures)
        return outcome

    def fix_all(self, outcome: Outcome) -> tuple[str, int]:
        """The text (without BOM, as `Outcome.text`) after every safe fix, relinting between
        passes as `newslint check --fix` does, and how many fixes applied. The text is
        unchanged when there is none or the format's fixes cannot be written (HTML)."""
        if outcome.document is None:
            return outcome.text, 0
        configured, known = outcome.configured, outcome.known
        fixed, applied = fix_document(outcome.document, lambda d: check(d, configured, known)[0])
        return fixed.text, applied

    def fixable(self, outcome: Outcome) -> bool:
        """Whether fixes may be applied to this document's text (not HTML: see
        `newslint.engine.fix.fixable`)."""
        return outcome.document is not None and fixable(outcome.document)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


def suppression(outcome: Outcome, diagnostic: Diagnostic) -> Edit | None:
    """An insertion of `<!-- newslint: ignore RULE -->` before the block holding the
    finding, which silences that rule for that block. Offsets are characters of
    `outcome.text`. In Markdown and plain text the comment gets a line of its own, indented
    as the block's first line; in HTML it goes right before the block's text when other
    markup shares the line. None when the finding is in no block, or in Markdown front
    matter, where a comment silences nothing and would become a metadata key."""
    document = outcome.document
    if document is None:
        return None
    block = next(
        (b for b in document.blocks if b.start <= diagnostic.start < max(b.end, b.start + 1)),
        None,
    )
    if block is None:
        return None
    text = outcome.text
    if document.format == "markdown":
        front = find_front_matter(text)
        if front is not None and block.start < front.end():
            return None
    line_start = max(text.rfind("\n", 0, block.start), text.rfind("\r", 0, block.start)) + 1
    prefix = text[line_start : block.start]
    comment = f"<!-- newslint: ignore {diagnostic.rule} -->"
    if document.format == "html" and prefix.strip():
        return Edit(block.start, block.start, comment)
    indent = prefix[: len(prefix) - len(prefix.lstrip())]
    newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text and "\n" not in text else "\n")
    return Edit(line_start, line_start, indent + comment + newline)
