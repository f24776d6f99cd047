"""Starting and stopping `newslint server`, and the command line not paying for it."""

from __future__ import annotations

import subprocess
import sys

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "newslint", "server"])
)
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
