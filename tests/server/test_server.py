"""`newslint server` as an editor uses it: the real server in a subprocess, spoken to over
stdio by pytest-lsp's client. One server serves the module (starting one costs about a
second); each test works in its own folder, so their configs never meet."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls import uris
from pygls.workspace import TextDocument
from pytest_lsp import ClientServerConfig, LanguageClient

from newslint.cli.main import main

pytestmark = pytest.mark.asyncio(loop_scope="module")

SERVER = [sys.executable, "-m", "newslint", "server"]
WAIT = 15.0  # seconds: the longest any test waits for the server before failing

# Emoji and letters beyond the Basic Multilingual Plane take two UTF-16 code units each.
ARTICLE = (
    "# Storm 🌊 update\n"
    "\n"
    "The 🚆 rail operator said fares would rise by five per cent from January next year, "
    "hitting commuters.\n"
    "\n"
    "In 𝔐arch 🚆, experts say the fare rise is the biggest ever seen on the line.\n"
    "\n"
    "The 🚆 rail operator said fares would rise by five per cent from January next year, "
    "hitting commuters.\n"
)
TWICE = "The council approved the new budget on Tuesday after a long debate in the chamber."


def capabilities() -> lsp.ClientCapabilities:
    """What a capable editor (VS Code, Neovim) tells a server it can do."""
    return lsp.ClientCapabilities(
        general=lsp.GeneralClientCapabilities(position_encodings=[lsp.PositionEncodingKind.Utf16]),
        workspace=lsp.WorkspaceClientCapabilities(
            workspace_edit=lsp.WorkspaceEditClientCapabilities(document_changes=True),
            did_change_watched_files=lsp.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            ),
        ),
        text_document=lsp.TextDocumentClientCapabilities(
            publish_diagnostics=lsp.PublishDiagnosticsClientCapabilities(
                related_information=True, code_description_support=True, version_support=True
            ),
            code_action=lsp.CodeActionClientCapabilities(
                code_action_literal_support=lsp.ClientCodeActionLiteralOptions(
                    lsp.ClientCodeActionKindOptions(
                        [lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll]
                    )
                ),
                resolve_support=lsp.ClientCodeActionResolveOptions(properties=["edit"]),
                data_support=True,
                is_preferred_support=True,
            ),
            hover=lsp.HoverClientCapabilities(content_format=[lsp.MarkupKind.Markdown]),
        ),
    )


def make_client() -> LanguageClient:
    client = pytest_lsp.make_test_lsp_client()
    client.registrations = []

    @client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(ls: LanguageClient, params: lsp.RegistrationParams) -> None:
        ls.registrations.extend(params.registrations)

    return client


@pytest_lsp.fixture(
    scope="module", config=ClientServerConfig(server_command=SERVER, client_factory=make_client)
)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        lsp.InitializeParams(capabilities=capabilities(), root_uri=None)
    )
    yield
    await lsp_client.shutdown_session()


class Editor:
    """The client's side of one document: its text, version and diagnostics."""

    def __init__(self, client: LanguageClient, path: Path, text: str, language: str) -> None:
        self.client = client
        self.uri = uris.from_fs_path(str(path))
        self.document = TextDocument(self.uri, text, version=1, language_id=language)
        client.diagnostics.pop(self.uri, None)
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(self.uri, language, 1, text))
        )

    @property
    def text(self) -> str:
        return self.document.source

    async def diagnostics(self) -> list[lsp.Diagnostic]:
        """The next diagnostics published for this document."""
        deadline = time.monotonic() + WAIT
        while self.uri not in self.client.diagnostics:
            assert time.monotonic() < deadline, "no diagnostics published"
            await asyncio.sleep(0.01)
        return list(self.client.diagnostics.pop(self.uri))

    def apply(self, edits: list[lsp.TextEdit]) -> None:
        """Apply edits as an editor does: change the text, send didChange."""
        changes = [
            lsp.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
            for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))
        ][::-1]
        for change in changes:
            self.document.apply_change(change)
        self.document.version = (self.document.version or 0) + 1
        self.client.diagnostics.pop(self.uri, None)
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(uri=self.uri, version=self.document.version),
                changes,
            )
        )

    def apply_workspace_edit(self, edit: lsp.WorkspaceEdit | None) -> None:
        assert edit is not None and edit.document_changes
        (change,) = edit.document_changes
        assert isinstance(change, lsp.TextDocumentEdit)
        assert change.text_document.uri == self.uri
        assert change.text_document.version == self.document.version
        self.apply([e for e in change.edits if isinstance(e, lsp.TextEdit)])

    async def actions(self, at: lsp.Range, only: list[str] | None = None) -> list[lsp.CodeAction]:
        found = await self.client.text_document_code_action_async(
            lsp.CodeActionParams(
                lsp.TextDocumentIdentifier(self.uri), at, lsp.CodeActionContext([], only=only)
            )
        )
        return [a for a in found or [] if isinstance(a, lsp.CodeAction)]


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def position(text: str, offset: int) -> tuple[int, int]:
    """(line, UTF-16 column) of a character offset, computed independently of the server."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return line, utf16(text[start:offset])


def cli_findings(path: Path, capsys) -> list[dict]:
    """What `newslint check --output-format json` reports for the file."""
    import json

    main(["--no-cache", "--output-format", "json", str(path)])
    return json.loads(capsys.readouterr().out)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def codes(diagnostics: list[lsp.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


async def test_open_publishes_the_cli_findings_with_utf16_ranges(client, tmp_path, capsys):
    path = write(tmp_path, "storm.md", ARTICLE)
    editor = Editor(client, path, ARTICLE, "markdown")
    found = await editor.diagnostics()

    expected = cli_findings(path, capsys)
    assert [(d.code, d.message) for d in found] == [(e["code"], e["message"]) for e in expected]
    severity = {"error": 1, "warning": 2, "info": 3}
    assert [d.severity for d in found] == [severity[e["severity"]] for e in expected]
    assert {d.source for d in found} == {"newslint"}

    # "experts say" follows 𝔐 and 🚆 on its line: UTF-16 counts them twice each.
    vague = next(d for d in found if d.code == "A001")
    offset = ARTICLE.index("experts say")
    assert (vague.range.start.line, vague.range.start.character) == position(ARTICLE, offset)
    assert vague.range.start.character == len("In 𝔐arch 🚆, ") + 2
    assert (vague.range.end.line, vague.range.end.character) == position(ARTICLE, offset + 11)
    assert vague.code_description is not None
    assert vague.code_description.href.endswith("/rules/vague_attribution.py")

    # The repeat points at the first copy, in this document.
    repeat = next(d for d in found if d.code == "D001")
    first = ARTICLE.index("The 🚆 rail")
    (related,) = repeat.related_information or []
    assert related.location.uri == editor.uri
    start = related.location.range.start
    assert (start.line, start.character) == position(ARTICLE, first)
    assert repeat.range.start.line == 6

    # The server asked to be told when config files change.
    assert any(r.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations)


async def test_safe_fix_applies_and_the_change_clears_the_finding(client, tmp_path):
    path = write(tmp_path, "storm.md", ARTICLE)
    editor = Editor(client, path, ARTICLE, "markdown")
    repeat = next(d for d in await editor.diagnostics() if d.code == "D001")

    actions = await editor.actions(repeat.range)
    fix = next(a for a in actions if a.is_preferred)
    assert fix.kind == lsp.CodeActionKind.QuickFix
    assert "delete the repeated paragraph" in fix.title
    editor.apply_workspace_edit(fix.edit)

    assert editor.text.count("The 🚆 rail operator") == 1
    assert "D001" not in codes(await editor.diagnostics())


async def test_suppression_comment_silences_the_finding(client, tmp_path):
    path = write(tmp_path, "storm.md", ARTICLE)
    editor = Editor(client, path, ARTICLE, "markdown")
    vague = next(d for d in await editor.diagnostics() if d.code == "A001")

    actions = await editor.actions(vague.range, only=[lsp.CodeActionKind.QuickFix])
    ignore = next(a for a in actions if "ignore vague-attribution" in a.title)
    editor.apply_workspace_edit(ignore.edit)

    assert "<!-- newslint: ignore vague-attribution -->\nIn 𝔐arch" in editor.text
    after = codes(await editor.diagnostics())
    assert "A001" not in after and "C001" in after and "D001" in after


async def test_fix_all_applies_every_safe_fix(client, tmp_path):
    text = f"{TWICE}\n\nA second paragraph.\n\n{TWICE}\n\nAnother one here.\n\n{TWICE}\n"
    path = write(tmp_path, "budget.txt", text)
    editor = Editor(client, path, text, "plaintext")
    assert codes(await editor.diagnostics()).count("D001") == 2

    top = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    (action,) = await editor.actions(top, only=[lsp.CodeActionKind.SourceFixAll])
    assert action.kind == "source.fixAll.newslint" and action.edit is None
    resolved = await client.code_action_resolve_async(action)
    editor.apply_workspace_edit(resolved.edit)

    assert editor.text.count(TWICE) == 1
    assert "D001" not in codes(await editor.diagnostics())


async def test_hover_shows_the_rule_documentation(client, tmp_path, capsys):
    path = write(tmp_path, "storm.md", ARTICLE)
    editor = Editor(client, path, ARTICLE, "markdown")
    repeat = next(d for d in await editor.diagnostics() if d.code == "D001")

    hover = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(editor.uri), repeat.range.start)
    )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    main(["rule", "duplicate-paragraph"])
    printed = capsys.readouterr().out
    assert hover.contents.value.replace("  \n", "\n", 1) == printed.rstrip("\n")
    assert hover.range == repeat.range

    nothing = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(editor.uri), lsp.Position(0, 0))
    )
    assert nothing is None


async def test_plain_text_and_html_are_linted(client, tmp_path):
    text = f"{TWICE}\n\n{TWICE}\n"
    html = f"<html><body><p>{TWICE}</p>\n<p>🌊</p><p>{TWICE}</p></body></html>\n"
    plain = Editor(client, write(tmp_path, "a.txt", text), text, "plaintext")
    page = Editor(client, write(tmp_path, "b.html", html), html, "html")
    assert codes(await plain.diagnostics()) == ["D001"]
    (repeat,) = await page.diagnostics()
    assert repeat.code == "D001"
    assert (repeat.range.start.line, repeat.range.start.character) == (1, len("<p>🌊</p><p>") + 1)


async def test_documents_under_different_configs_and_reload(client, tmp_path):
    text = f"{TWICE}\n\nExperts say the plan is flawed.\n\n{TWICE}\n"
    config_a = write(tmp_path / "a", "newslint.toml", 'select = ["D"]\n')
    write(tmp_path / "b", "pyproject.toml", '[tool.newslint]\nignore = ["D001"]\n')
    first = Editor(client, write(tmp_path / "a", "x.txt", text), text, "plaintext")
    second = Editor(client, write(tmp_path / "b", "y.txt", text), text, "plaintext")
    assert codes(await first.diagnostics()) == ["D001"]
    assert codes(await second.diagnostics()) == ["A001"]

    config_a.write_text('select = ["A"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(
            [lsp.FileEvent(uris.from_fs_path(str(config_a)), lsp.FileChangeType.Changed)]
        )
    )
    assert codes(await first.diagnostics()) == ["A001"]
    assert codes(await second.diagnostics()) == ["A001"]


async def test_a_broken_config_is_reported_and_its_repair_picked_up(client, tmp_path):
    text = f"{TWICE}\n\n{TWICE}\n"
    config = write(tmp_path, "newslint.toml", "select = [\n")
    editor = Editor(client, write(tmp_path, "x.txt", text), text, "plaintext")
    (broken,) = await editor.diagnostics()
    assert broken.code == "config" and broken.severity == lsp.DiagnosticSeverity.Error
    assert (broken.range.start.line, broken.range.start.character) == (0, 0)
    assert str(config) in broken.message
    assert any(str(config) in m.message for m in client.messages)

    config.write_text('select = ["D"]\n', encoding="utf-8")
    # Saving the config in the editor reloads it too.
    client.text_document_did_save(
        lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uris.from_fs_path(str(config))))
    )
    assert codes(await editor.diagnostics()) == ["D001"]


async def test_a_failing_rule_is_a_message_and_the_others_still_report(client, tmp_path):
    text = f"{TWICE}\n\n{TWICE}\n"
    # A lexicon file that exists but holds a key no rule knows: the sourcing and claims
    # rules fail on it (a missing file would be the config's error, not a rule's).
    write(tmp_path, "house.toml", '[sourcing]\nnot-a-list = ["x"]\n')
    write(tmp_path, "newslint.toml", 'lexicon-files = ["house.toml"]\n')
    editor = Editor(client, write(tmp_path, "x.txt", text), text, "plaintext")
    assert codes(await editor.diagnostics()) == ["D001"]
    deadline = time.monotonic() + WAIT
    while not any("not-a-list" in m.message for m in client.messages):
        assert time.monotonic() < deadline, "no message about the rule's problem"
        await asyncio.sleep(0.01)

    # The server is alive: the next edit is linted.
    editor.apply([lsp.TextEdit(lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)), "Update. ")])
    assert "D001" not in codes(await editor.diagnostics())


async def test_closing_clears_and_only_copy_is_linted(client, tmp_path):
    text = f"{TWICE}\n\n{TWICE}\n"
    editor = Editor(client, write(tmp_path, "a.txt", text), text, "plaintext")
    assert codes(await editor.diagnostics()) == ["D001"]
    client.text_document_did_close(
        lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(editor.uri))
    )
    assert await editor.diagnostics() == []

    program = Editor(client, write(tmp_path, "build.py", text), text, "python")
    assert await program.diagnostics() == []

    # An unsaved buffer is linted by its language.
    uri = "untitled:Untitled-1"
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "markdown", 1, text))
    )
    deadline = time.monotonic() + WAIT
    while uri not in client.diagnostics:
        assert time.monotonic() < deadline, "no diagnostics for the unsaved buffer"
        await asyncio.sleep(0.01)
    assert codes(list(client.diagnostics[uri])) == ["D001"]


HOUSE = """code = "X001"
name = "house-cliche"
summary = "A cliche the style guide bans."
message = "'{{match}}' is on the house list"
docs = "What it does: flags house cliches. Why is this bad? Readers tire. Example: {phrase}."
phrases = ["{phrase}"]
"""


async def test_a_changed_phrase_file_is_picked_up(client, tmp_path):
    text = "The deal is a game changer, at the end of the day, for the port.\n"
    write(tmp_path, "newslint.toml", 'phrase-files = ["house.toml"]\nselect = ["X"]\n')
    house = write(tmp_path, "house.toml", HOUSE.format(phrase="game changer"))
    editor = Editor(client, write(tmp_path, "a.txt", text), text, "plaintext")
    (found,) = await editor.diagnostics()
    assert found.code == "X001" and found.range.start.character == text.index("game")

    house.write_text(HOUSE.format(phrase="at the end of the day"), encoding="utf-8")
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(
            [lsp.FileEvent(uris.from_fs_path(str(house)), lsp.FileChangeType.Changed)]
        )
    )
    (found,) = await editor.diagnostics()
    assert found.range.start.character == text.index("at the end")


@pytest.mark.parametrize("folder", ["Desk A", "café", "tram #1"])
async def test_a_document_whose_uri_is_percent_encoded_is_linted(client, tmp_path, folder):
    # Editors percent-encode spaces, '#' and non-ASCII letters in file URIs
    # (file:///news/Desk%20A/story.md): the findings must still arrive, and code actions
    # and hover must still find the document.
    text = f"{TWICE}\n\nExperts say the fare rise is the biggest ever.\n\n{TWICE}\n"
    editor = Editor(client, write(tmp_path / folder, "story #2.md", text), text, "markdown")
    assert "%" in editor.uri
    found = await editor.diagnostics()
    assert codes(found) == ["A001", "C001", "D001"]
    repeat = next(d for d in found if d.code == "D001")
    (related,) = repeat.related_information or []
    assert related.location.uri == editor.uri
    fix = next(a for a in await editor.actions(repeat.range) if a.is_preferred)
    editor.apply_workspace_edit(fix.edit)
    assert codes(await editor.diagnostics()) == ["A001", "C001"]
    hover = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(editor.uri), found[0].range.start)
    )
    assert hover is not None
    # A config change relints it, published under the URI the editor knows.
    config = write(tmp_path / folder, "newslint.toml", 'select = ["A"]\n')
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(
            [lsp.FileEvent(uris.from_fs_path(str(config)), lsp.FileChangeType.Created)]
        )
    )
    assert codes(await editor.diagnostics()) == ["A001"]
