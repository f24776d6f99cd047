"""Starting and stopping `newslint server`, and the command line not paying for it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls import uris
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = [sys.executable, "-m", "newslint", "server"]


# Some clients (vscode-languageclient's stdio transport) add --stdio to the command.
@pytest_lsp.fixture(config=ClientServerConfig(server_command=[*SERVER, "--stdio"]))
async def client(lsp_client: LanguageClient):
    yield


@pytest.mark.asyncio
async def test_initialize_then_shutdown_and_exit_ends_the_process_cleanly(client):
    result = await client.initialize_session(
        lsp.InitializeParams(capabilities=lsp.ClientCapabilities())
    )
    assert result.server_info is not None and result.server_info.name == "newslint"
    capabilities = result.capabilities
    assert capabilities.position_encoding == lsp.PositionEncodingKind.Utf16
    assert capabilities.hover_provider
    assert capabilities.code_action_provider
    await client.shutdown_session()
    assert client._server is not None and client._server.returncode == 0


def test_the_command_line_does_not_import_pygls():
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "newslint", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = done.stderr
    assert "newslint.cli.main" in imported
    assert "pygls" not in imported and "lsprotocol" not in imported
    assert "newslint.server" not in imported


@pytest.mark.asyncio
async def test_a_client_counting_utf8_gets_utf8_columns(tmp_path):
    client = pytest_lsp.make_test_lsp_client()
    await client.start_io(*SERVER)
    try:
        general = lsp.GeneralClientCapabilities(position_encodings=[lsp.PositionEncodingKind.Utf8])
        result = await client.initialize_session(
            lsp.InitializeParams(capabilities=lsp.ClientCapabilities(general=general))
        )
        assert result.capabilities.position_encoding == lsp.PositionEncodingKind.Utf8
        prefix = "In 𝔐arch é, "
        text = f"{prefix}experts say the fare rise is too steep for most.\n"
        uri = uris.from_fs_path(str(tmp_path / "a.txt"))
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "plaintext", 1, text))
        )
        await eventually(lambda: uri in client.diagnostics, "no diagnostics")
        (vague,) = [d for d in client.diagnostics[uri] if d.code == "A001"]
        assert vague.range.start.character == len(prefix.encode("utf-8"))
        await client.shutdown_session()
    finally:
        await client.stop()


PACK = '''
from newslint.engine.rule import Rule


class Yesterday(Rule):
    """Flags "yesterday".

    ## What it does
    Finds "yesterday". ## Why is this bad? Copy is read on other days. ## Example Yesterday.
    """

    code = "Z001"
    name = "no-yesterday"
    summary = "Say the day, not yesterday."
    documentation_url = "https://example.org/house-style#yesterday"

    def check(self, document, options):
        start = document.view.find("yesterday")
        if start >= 0:
            yield self.diagnostic(document, start, start + 9, "name the day")


class Broken(Rule):
    """Crashes. ## What it does Raises. ## Why is this bad? A test. ## Example None."""

    code = "Z002"
    name = "always-broken"
    summary = "Raises on every document."

    def check(self, document, options):
        raise RuntimeError("boom")


def rules():
    return [Yesterday(), Broken()]
'''


def install_pack(folder: Path) -> dict[str, str]:
    """A rule pack visible to importlib.metadata, and a second entry point that fails."""
    (folder / "tinypack.py").write_text(PACK, encoding="utf-8")
    info = folder / "tinypack-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tinypack\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[newslint.rules]\ntiny = tinypack:rules\ngone = tinypack_missing:rules\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")]))
    return env


async def eventually(condition, what: str) -> None:
    deadline = time.monotonic() + 15
    while not condition():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.01)


@pytest.mark.asyncio
async def test_a_crashing_plugin_rule_is_a_message_and_the_server_goes_on(tmp_path):
    env = install_pack(tmp_path)
    client = pytest_lsp.make_test_lsp_client()
    await client.start_io(*SERVER, env=env)
    try:
        await client.initialize_session(lsp.InitializeParams(capabilities=lsp.ClientCapabilities()))
        await eventually(
            lambda: any("tinypack_missing" in m.message for m in client.messages),
            "no message about the plugin that failed to load",
        )
        path = tmp_path / "story.txt"
        uri = uris.from_fs_path(str(path))
        text = "The council met yesterday and said no.\n"
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "plaintext", 1, text))
        )
        await eventually(lambda: uri in client.diagnostics, "no diagnostics")
        (finding,) = client.diagnostics[uri]
        assert finding.code == "Z001" and finding.message == "name the day"
        assert finding.code_description is not None
        assert finding.code_description.href == "https://example.org/house-style#yesterday"
        await eventually(
            lambda: any(
                "internal error in rule Z002 always-broken: RuntimeError: boom" in m.message
                and m.type == lsp.MessageType.Warning
                for m in client.messages
            ),
            "no message about the crashing rule",
        )
        hover = await client.text_document_hover_async(
            lsp.HoverParams(lsp.TextDocumentIdentifier(uri), finding.range.start)
        )
        assert hover is not None and "Say the day" in str(hover.contents)

        # A client that cannot resolve code actions nor take versioned edits gets the
        # "fix all" edit at once, as plain `changes`.
        twice = "The council approved the new budget on Tuesday after a long debate.\n"
        other = uris.from_fs_path(str(tmp_path / "budget.txt"))
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                lsp.TextDocumentItem(other, "plaintext", 1, f"{twice}\n{twice}")
            )
        )
        await eventually(lambda: other in client.diagnostics, "no diagnostics")
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                lsp.TextDocumentIdentifier(other),
                lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
                lsp.CodeActionContext([], only=[lsp.CodeActionKind.Source]),
            )
        )
        (fix_all,) = actions or []
        assert isinstance(fix_all, lsp.CodeAction) and fix_all.edit is not None
        assert fix_all.edit.document_changes is None
        (edit,) = (fix_all.edit.changes or {})[other]
        assert edit.new_text == "" and edit.range.start.line == 1
        await client.shutdown_session()
    finally:
        await client.stop()
