"""The README's editor set-ups: each block parses and starts `newslint server`."""

from __future__ import annotations

import json
import re
import sys

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def blocks() -> dict[str, list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Editors") : readme.index("\n## ", readme.index("## Editors"))]
    found: dict[str, list[str]] = {}
    for language, body in re.findall(r"```(\w+)\n(.*?)```", section, re.S):
        found.setdefault(language, []).append(body)
    return found


def test_every_editor_has_a_setup_that_runs_newslint_server():
    found = blocks()
    assert set(found) == {"json", "lua", "toml", "elisp"}
    (vscode,) = [json.loads(body) for body in found["json"]]
    assert vscode["glspc.server.command"] == "newslint"
    assert vscode["glspc.server.commandArguments"] == ["server"]
    assert set(vscode["glspc.server.languageId"]) == {"markdown", "plaintext", "html"}
    (helix,) = [tomllib.loads(body) for body in found["toml"]]
    assert helix["language-server"]["newslint"] == {"command": "newslint", "args": ["server"]}
    assert all("newslint" in lang["language-servers"] for lang in helix["language"])
    for body in found["lua"]:
        assert '{ "newslint", "server" }' in body
    assert '("newslint" "server")' in found["elisp"][0]
