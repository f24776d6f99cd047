"""The line helpers behind deletion fixes: where a line starts and ends, with any mix of
line feeds, carriage returns and CRLF."""

from __future__ import annotations

import itertools

from newslint.rules._text import _line_end, _line_start


def _start(text: str, offset: int) -> int:
    """After the last line break before `offset`, read character by character."""
    return max((i + 1 for i in range(offset) if text[i] in "\r\n"), default=0)


def _end(text: str, offset: int) -> int:
    """The first line break at or after `offset`, read character by character."""
    return next((i for i in range(offset, len(text)) if text[i] in "\r\n"), len(text))


def test_line_start_and_end_with_every_kind_of_line_break():
    texts = ["".join(chars) for n in range(7) for chars in itertools.product("a\r\n", repeat=n)]
    for text in texts:
        for offset in range(len(text) + 1):
            assert _line_start(text, offset) == _start(text, offset), (text, offset)
            assert _line_end(text, offset) == _end(text, offset), (text, offset)
