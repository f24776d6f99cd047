"""What a one-article run does not import: the commonest run, a pre-commit hook's or an
editor's, one article's findings to a pipe, pays for no module it does not use."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

PROBE = """
import sys
from newslint.cli.main import main
code = main(['check', '--isolated', '--no-cache', sys.argv[1]])
sys.stdout.flush()
print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'
             or m == 'newslint.formats.feeds'), file=sys.stderr)
"""


def _imported(path: str) -> tuple[str, list[str]]:
    """The run's output and the probed modules it imported."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, path], capture_output=True, text=True, env=env, timeout=120
    )
    return done.stdout, ast.literal_eval(done.stderr.strip().splitlines()[-1])


def test_findings_of_a_text_article_to_a_pipe_import_no_rich_and_no_json_reader(tmp_path):
    """Neither rich's progress bar (drawn on a terminal only) nor its console (colour only)
    nor, for copy in plain ASCII, its table of character widths; nor the JSON export
    reader."""
    article = tmp_path / "fares.txt"
    article.write_text("Fares\n\nExperts say the fares will rise in the biggest rise ever.\n")
    out, imported = _imported(str(article))
    assert "fares.txt:3:1:" in out
    assert imported == []


def test_a_json_export_still_finds_its_reader(tmp_path):
    export = tmp_path / "desk.jsonl"
    export.write_text('{"id": "a1", "body": "Experts say the fares will rise."}\n')
    out, imported = _imported(str(export))
    assert "desk.jsonl:1:" in out
    assert imported == ["newslint.formats.feeds"]
