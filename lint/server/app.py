"""The language server: pygls speaks the protocol over stdio; `Session` does the linting.

Diagnostics are pushed on open, on save and after a change (debounced by `DEBOUNCE`
seconds). Linting runs on one worker thread, in order, so the event loop keeps reading
messages while a long article is checked, and the engine's caches see one thread only. A
result is published only if the document has not changed since it was read; a newer
version's lint is already on its way.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from lsprotocol import types as lsp
from pygls import uris
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from newslint import __version__
from newslint.cli.ruledoc import describe
from newslint.engine.registry import discover
from newslint.model import Diagnostic, Edit, Severity
from newslint.server.positions import UTF16, Positions
from newslint.server.session import (
    Outcome,
    Session,
    affects_settings,
    documentation_url,
    suppression,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

# Seconds a change waits for the next one before the document is linted. It gathers the
# burst of notifications one edit can send (a paste, auto-closed quotes, key repeat,
# multi-cursor typing). Typing slower than a lint needs no more: a change that arrives
# while a lint runs makes that lint's result stale (dropped) and queues one lint of the
# newest text behind it. Kept short because it adds to every change's latency: with a warm
# lint of a 1,500-word article at 30-50 ms, findings arrive within 100 ms of a change
# (`python bench/server_latency.py`).
DEBOUNCE = 0.015
SOURCE = "newslint"
FIX_ALL = "source.fixAll.newslint"
# Configs, and the phrase and lexicon files they name: any TOML file (see affects_settings).
SETTINGS_GLOB = "**/*.toml"
_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


class NewslintServer(LanguageServer):
    """A pygls server holding the session, the last lint of each open document, and the
    pending (debounced) lints."""

    def __init__(self) -> None:
        super().__init__(
            SOURCE, __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental
        )
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newslint-lint")
        self.session: Session | None = None
        self.outcomes: dict[str, tuple[int | None, Outcome]] = {}  # uri -> (version, lint)
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.told: set[str] = set()  # messages already shown, so typing does not repeat them
        self.startup_problems: list[str] = []  # plugins that failed to load

    # -- running work on the lint thread -------------------------------------------------

    async def on_worker(self, work: Callable[..., T], *args: Any) -> T:
        """Run `work(*args)` on the lint thread and wait for it."""
        return await asyncio.get_running_loop().run_in_executor(self.worker, work, *args)

    def tell(self, message: str, kind: lsp.MessageType = lsp.MessageType.Warning) -> None:
        """Show `message` to the person at the editor, and put it in the editor's log for
        the server, once: a rule that fails on every keystroke is said once, not per
        keystroke, until the config is reloaded."""
        if message not in self.told:
            self.told.add(message)
            self.window_log_message(lsp.LogMessageParams(type=kind, message=message))
            self.window_show_message(lsp.ShowMessageParams(type=kind, message=message))

    def open_document(self, uri: str) -> TextDocument | None:
        """The open document `uri` names, or None. pygls keys its documents by the URI
        percent-decoded (`file:///Desk A/x.md`), while requests name them as the editor
        sent them (`file:///Desk%20A/x.md`): look them up as pygls stores them."""
        return self.workspace.text_documents.get(unquote(uri))

    # -- linting ---------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Lint `uri` after `delay` seconds, replacing a lint of it still waiting."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        try:
            await self.current(uri)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the server must outlive any bug in a lint
            self.tell(
                f"newslint: internal error: {type(exc).__name__}: {exc}", lsp.MessageType.Error
            )
            log.error("lint of %s failed:\n%s", uri, traceback.format_exc())
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    async def settled(self, uri: str, tries: int = 5) -> Outcome | None:
        """For a request (code action, hover): the lint of the document's current version,
        linting again if the text changes while it runs. None when the document is not
        open, or keeps changing."""
        for _ in range(tries):
            outcome = await self.current(uri)
            if outcome is not None or self.open_document(uri) is None:
                return outcome
        return None

    async def current(self, uri: str) -> Outcome | None:
        """The lint of the document's current version: the last one if it is still current,
        else a new one, which is published. None when the document is not open, or changed
        while it was linted (a lint of the newer text is then on its way)."""
        document = self.open_document(uri)
        if document is None:
            return None
        cached = self.outcomes.get(uri)
        if cached is not None and cached[0] == document.version:
            return cached[1]
        version = document.version
        began = time.perf_counter()
        outcome, cpu = await self.on_worker(
            self._timed_lint, uri, document.source, document.language_id
        )
        took = 1000 * (time.perf_counter() - began)
        log.debug("linted %s version %s in %.1f ms (%.1f ms CPU)", uri, version, took, cpu)
        now = self.open_document(uri)
        if now is None or now.version != version:
            return None  # closed or changed meanwhile: a newer lint is scheduled
        self.outcomes[uri] = (version, outcome)
        self.publish(uri, version, outcome)
        return outcome

    def _timed_lint(self, uri: str, text: str, language: str | None) -> tuple[Outcome, float]:
        """`_lint`, and the CPU milliseconds the lint thread spent on it (a figure that,
        unlike the wall clock, does not grow when other processes share the cores)."""
        began = time.thread_time()
        outcome = self._lint(uri, text, language)
        return outcome, 1000 * (time.thread_time() - began)

    def _lint(self, uri: str, text: str, language: str | None) -> Outcome:
        """On the lint thread: the session's lint of `text`, or an outcome that carries the
        internal error when the session itself fails."""
        try:
            assert self.session is not None, "lint before initialize"
            path = _path_of(uri, self.session.root)
            return self.session.lint(path, text, language)
        except Exception as exc:
            log.error("internal error linting %s:\n%s", uri, traceback.format_exc())
            outcome = Outcome(path=uri, text=text)
            outcome.problems.append(f"internal error: {type(exc).__name__}: {exc}")
            return outcome

    def publish(self, uri: str, version: int | None, outcome: Outcome) -> None:
        """Send the outcome's findings (and a config error, at the top) to the editor, and
        show its problems."""
        where = self.positions(outcome)
        items = [self.lsp_diagnostic(uri, outcome, d, where) for d in outcome.diagnostics]
        if outcome.config_error is not None:
            message = f"newslint: config error: {outcome.config_error}"
            top = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
            items.insert(
                0,
                lsp.Diagnostic(
                    top, message, lsp.DiagnosticSeverity.Error, code="config", source=SOURCE
                ),
            )
            self.tell(message, lsp.MessageType.Error)
        for problem in outcome.problems:
            self.tell(f"newslint: {outcome.path}: {problem}")
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=version)
        )

    def positions(self, outcome: Outcome) -> Callable[[int, int], lsp.Range]:
        """A function from [start, end) character offsets of `outcome.text` to a protocol
        range in the negotiated encoding (UTF-16 code units unless agreed otherwise)."""
        index = Positions("\ufeff" * outcome.shift + outcome.text, self.encoding)

        def to_range(start: int, end: int) -> lsp.Range:
            line, char = index.position(start + outcome.shift)
            end_line, end_char = index.position(end + outcome.shift)
            return lsp.Range(lsp.Position(line, char), lsp.Position(end_line, end_char))

        return to_range

    @property
    def encoding(self) -> str:
        """The position encoding agreed at initialize: "utf-16", "utf-8" or "utf-32"."""
        agreed = getattr(self.workspace, "position_encoding", None) or UTF16
        # lsprotocol's kinds are str enums, whose str() is "PositionEncodingKind.Utf8".
        return str(getattr(agreed, "value", agreed))

    def lsp_diagnostic(
        self,
        uri: str,
        outcome: Outcome,
        diag: Diagnostic,
        to_range: Callable[[int, int], lsp.Range],
    ) -> lsp.Diagnostic:
        """The protocol's form of one finding: the CLI's code, severity and message."""
        rule = outcome.rule(diag.code)
        url = documentation_url(rule) if rule is not None else None
        related = []
        for other in diag.related:
            if other.path == outcome.path:
                location = lsp.Location(uri=uri, range=to_range(other.start, other.end))
            else:
                location = _elsewhere(other.path, other.start, other.end, self.encoding)
            related.append(
                lsp.DiagnosticRelatedInformation(location=location, message=other.message)
            )
        return lsp.Diagnostic(
            range=to_range(diag.start, diag.end),
            message=diag.message,
            severity=_SEVERITY[diag.severity],
            code=diag.code,
            code_description=lsp.CodeDescription(href=url) if url else None,
            source=SOURCE,
            related_information=related or None,
            data={"rule": diag.rule},
        )

    def relint_all(self) -> None:
        """Lint every open document again, now."""
        # Each document's own URI, as the editor sent it (pygls keys them decoded).
        for uri in [document.uri for document in self.workspace.text_documents.values()]:
            self.outcomes.pop(uri, None)
            self.schedule(uri, 0)

    async def reload(self, why: str) -> None:
        """Read every config again (a fresh Finder and Linter) and relint the open
        documents."""
        session = self.session
        if session is None:
            return
        log.info("reloading configuration: %s", why)
        await self.on_worker(session.reload)
        self.told.clear()
        self.relint_all()


def _path_of(uri: str, root: Path) -> str:
    """The file-system path of a document. An unsaved one (untitled:) is taken to sit in
    `root`, the workspace's folder, so that folder's config applies; its language names its
    format (see `newslint.server.session.lint_path`)."""
    path = uris.to_fs_path(uri)
    if path is not None and uri.startswith("file:"):
        return path
    return str(root / "untitled")


def _elsewhere(path: str, start: int, end: int, encoding: str) -> lsp.Location:
    """A location in another file, read from disk to count its positions (the top of the
    file if it cannot be read)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        text = ""
    index = Positions(text, encoding)
    (line, char), (end_line, end_char) = index.position(start), index.position(end)
    return lsp.Location(
        uris.from_fs_path(path) or path,
        lsp.Range(lsp.Position(line, char), lsp.Position(end_line, end_char)),
    )


def _edits(edits: Sequence[Edit], to_range: Callable[[int, int], lsp.Range]) -> list[lsp.TextEdit]:
    """Engine edits (character offsets) as protocol text edits."""
    return [lsp.TextEdit(range=to_range(e.start, e.end), new_text=e.content) for e in edits]


def _overlaps(diag: Diagnostic, start: int, end: int) -> bool:
    """Whether a finding touches the character range [start, end] (a cursor when equal),
    both ends included: a cursor just after the underlined words still reaches them."""
    return diag.start <= end and start <= diag.end


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether a code action of `kind` is among the kinds the client asked for."""
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def _replacement(before: str, after: str) -> Edit:
    """The one edit turning `before` into `after`, trimmed to the changed middle."""
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return Edit(head, len(before) - tail, after[head : len(after) - tail])


def build() -> NewslintServer:
    """The server with every feature registered; `serve()` runs it."""
    server = NewslintServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: NewslintServer, params: lsp.InitializeParams) -> None:
        """Load every installed rule; the workspace folder (else the working folder) gives
        the defaults where no config is found."""
        root = ls.workspace.root_path or os.getcwd()
        rules, problems = discover()
        ls.session = Session(rules, Path(root))
        ls.startup_problems = problems

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: NewslintServer, params: lsp.InitializedParams) -> None:
        """Say which plugins failed to load, and ask to be told when TOML files change."""
        for problem in ls.startup_problems:
            ls.tell(f"newslint: {problem}", lsp.MessageType.Error)
        watch = ls.client_capabilities.workspace
        dynamic = (
            watch is not None
            and watch.did_change_watched_files is not None
            and watch.did_change_watched_files.dynamic_registration
        )
        if dynamic:
            options = lsp.DidChangeWatchedFilesRegistrationOptions(
                watchers=[lsp.FileSystemWatcher(glob_pattern=SETTINGS_GLOB)]
            )
            registration = lsp.Registration(
                "newslint-config", lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES, options
            )
            try:
                await ls.client_register_capability_async(lsp.RegistrationParams([registration]))
            except Exception as exc:  # a client that refuses still gets reloads on save
                log.warning("could not watch config files: %s", exc)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NewslintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        """Lint a newly opened document at once."""
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NewslintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        """Lint a changed document after `DEBOUNCE` seconds without another change."""
        ls.schedule(params.text_document.uri, DEBOUNCE)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: NewslintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        """A saved TOML file reloads the configs; any other saved document is linted."""
        uri = params.text_document.uri
        path = uris.to_fs_path(uri)
        if path is not None and affects_settings(path):
            await ls.reload(f"{path} saved")
        else:
            ls.schedule(uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NewslintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        """Forget a closed document and clear its findings in the editor."""
        uri = params.text_document.uri
        waiting = ls.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        ls.outcomes.pop(uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def watched(ls: NewslintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        """A TOML file changed on disk: reload the configs and relint."""
        changed = [
            c.uri for c in params.changes if affects_settings(uris.to_fs_path(c.uri) or c.uri)
        ]
        if changed:
            await ls.reload(", ".join(changed) + " changed")

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(
            code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=True
        ),
    )
    async def code_action(
        ls: NewslintServer, params: lsp.CodeActionParams
    ) -> list[lsp.CodeAction] | None:
        """Quick fixes for the findings in the range (the safe fix, the ignore comment) and
        "fix all", whose edit is resolved later when the client can."""
        uri = params.text_document.uri
        outcome = await ls.settled(uri)
        document = ls.open_document(uri)
        if outcome is None or outcome.document is None or document is None:
            return None
        index = Positions(document.source, ls.encoding)
        start = index.offset(params.range.start.line, params.range.start.character) - outcome.shift
        end = index.offset(params.range.end.line, params.range.end.character) - outcome.shift
        only = params.context.only
        to_range = ls.positions(outcome)
        version = document.version
        actions: list[lsp.CodeAction] = []

        def edit(edits: list[lsp.TextEdit]) -> lsp.WorkspaceEdit:
            return _workspace_edit(ls, uri, version, edits)

        fixable = ls.session is not None and ls.session.fixable(outcome)
        here = [d for d in outcome.diagnostics if _overlaps(d, start, end)]
        if _wanted(lsp.CodeActionKind.QuickFix, only):
            for diag in here:
                shown = ls.lsp_diagnostic(uri, outcome, diag, to_range)
                if fixable and diag.fix is not None and diag.fix.safe:
                    actions.append(
                        lsp.CodeAction(
                            title=f"newslint: {diag.fix.message} ({diag.code})",
                            kind=lsp.CodeActionKind.QuickFix,
                            diagnostics=[shown],
                            is_preferred=True,
                            edit=edit(_edits(diag.fix.edits, to_range)),
                        )
                    )
                ignore = suppression(outcome, diag)
                if ignore is not None:
                    actions.append(
                        lsp.CodeAction(
                            title=f"newslint: ignore {diag.rule} for this block",
                            kind=lsp.CodeActionKind.QuickFix,
                            diagnostics=[shown],
                            edit=edit(_edits([ignore], to_range)),
                        )
                    )
        safe = [d for d in outcome.diagnostics if d.fix is not None and d.fix.safe]
        if fixable and safe and _wanted(FIX_ALL, only):
            action = lsp.CodeAction(
                title="newslint: fix all safe fixes in this document",
                kind=FIX_ALL,
                data={"uri": uri, "version": version},
            )
            if not _resolves_edits(ls):
                action = await _resolve_fix_all(ls, action)
            actions.append(action)
        return actions

    @server.feature(lsp.CODE_ACTION_RESOLVE)
    async def resolve(ls: NewslintServer, action: lsp.CodeAction) -> lsp.CodeAction:
        """Fill in the edit of "fix all"."""
        return await _resolve_fix_all(ls, action)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(ls: NewslintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        """The documentation of the rules whose findings cover the position."""
        uri = params.text_document.uri
        outcome = await ls.settled(uri)
        document = ls.open_document(uri)
        if outcome is None or document is None:
            return None
        index = Positions(document.source, ls.encoding)
        at = index.offset(params.position.line, params.position.character) - outcome.shift
        here = [d for d in outcome.diagnostics if d.start <= at < max(d.end, d.start + 1)]
        rules = []
        for diag in here:
            rule = outcome.rule(diag.code)
            if rule is not None and rule not in rules:
                rules.append(rule)
        if not rules:
            return None
        # The text `newslint rule NAME` prints; two spaces keep its first two lines apart
        # when the editor renders Markdown.
        text = "\n\n---\n\n".join(describe(r).replace("\n", "  \n", 1) for r in rules)
        first = min(here, key=lambda d: d.start)
        return lsp.Hover(
            lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text),
            ls.positions(outcome)(first.start, first.end),
        )

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: NewslintServer, params: None) -> None:
        """Stop waiting lints and the lint thread; pygls then answers and exits on `exit`."""
        for task in ls.pending.values():
            task.cancel()
        ls.worker.shutdown(wait=False, cancel_futures=True)

    return server


def _resolves_edits(ls: NewslintServer) -> bool:
    """Whether the client fills in a code action's edit later (codeAction/resolve)."""
    text = ls.client_capabilities.text_document
    action = text.code_action if text is not None else None
    support = action.resolve_support if action is not None else None
    return support is not None and "edit" in support.properties


async def _resolve_fix_all(ls: NewslintServer, action: lsp.CodeAction) -> lsp.CodeAction:
    """Fill in the edit of "fix all": every safe fix, relinted between passes as
    `newslint check --fix` does, as one edit of the changed stretch."""
    data = action.data if isinstance(action.data, dict) else {}
    uri = data.get("uri")
    if not isinstance(uri, str):
        return action
    outcome = await ls.settled(uri)
    document = ls.open_document(uri)
    if outcome is None or document is None or ls.session is None:
        return action
    fixed, applied = await ls.on_worker(ls.session.fix_all, outcome)
    if applied:
        change = _replacement(outcome.text, fixed)
        edits = _edits([change], ls.positions(outcome))
        action.edit = _workspace_edit(ls, uri, document.version, edits)
    return action


def _workspace_edit(
    ls: NewslintServer, uri: str, version: int | None, edits: list[lsp.TextEdit]
) -> lsp.WorkspaceEdit:
    """Edits of one document, tied to its version when the client can check it."""
    workspace = ls.client_capabilities.workspace
    change = workspace.workspace_edit if workspace is not None else None
    if change is not None and change.document_changes:
        identifier = lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return lsp.WorkspaceEdit(
            document_changes=[lsp.TextDocumentEdit(text_document=identifier, edits=list(edits))]
        )
    return lsp.WorkspaceEdit(changes={uri: list(edits)})


def serve() -> int:
    """Run the server over stdin/stdout until the client says exit. Returns the exit
    status. Logging goes to stderr (the editor's server log); NEWSLINT_DEBUG=1 adds each
    lint's duration and every reload."""
    logging.basicConfig(
        level=logging.WARNING, format="newslint server: %(name)s: %(levelname)s: %(message)s"
    )
    if os.environ.get("NEWSLINT_DEBUG"):  # ours only: pygls's own debug log is the protocol
        logging.getLogger("newslint").setLevel(logging.DEBUG)
    build().start_io()
    return 0
