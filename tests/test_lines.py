"""LineIndex keeps its line starts as an array: every position must be the one counting
lines and characters gives."""

from __future__ import annotations

import random

import pytest

from newslint.lines import LineIndex


def _counted(text: str, offset: int) -> tuple[int, int]:
    """(line, column) of `offset`, 1-based, by walking the text: CRLF is one break,
    after its line feed."""
    line, start = 1, 0
    for i in range(offset):
        if text[i] == "\n" or (text[i] == "\r" and text[i + 1 : i + 2] != "\n"):
            line, start = line + 1, i + 1
    return line, offset - start + 1


@pytest.mark.parametrize("seed", range(30))
def test_positions_and_lines_match_counting_on_random_text(seed):
    rng = random.Random(seed)
    pieces = ["word", " ", "\n", "\r\n", "\r", "\u4e2d", "\U0001f600", "\u00e9", "\n\n"]
    text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 60)))
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        assert index.position(offset) == _counted(text, offset)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        assert index.line_text(number) == line
    assert index.line_start(len(lines)) == len(text)
    assert index.position(-5) == (1, 1) and index.position(len(text) + 5) == index.position(
        len(text)
    )
