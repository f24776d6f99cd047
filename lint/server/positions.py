"""Character offsets to Language Server Protocol positions and back.

The engine counts characters (code points) into the text. The protocol counts lines from 0
and, within a line, code units of the negotiated encoding: UTF-16 unless the client offered
another (`general.positionEncodings`), so an emoji or any character beyond the Basic
Multilingual Plane is two units wide. Lines end at "\\n", "\\r\\n" or "\\r", as the protocol
says.
"""

from __future__ import annotations

import bisect

from newslint import regexes

_LINE_BREAK = regexes.compile(r"\r\n|\r|\n")
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def _units(text: str, encoding: str) -> int:
    """How many code units of `encoding` the characters of `text` take."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class Positions:
    """Maps one text's character offsets to (line, unit) positions and back.

    `encoding` is the position encoding the client and server agreed on: "utf-16" (the
    protocol's default), "utf-8" or "utf-32". Build one per text version; it holds the line
    starts, so each conversion costs one line's width.
    """

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of character `offset`: the line 0-based, the character in code
        units of the encoding from the line's start. Offsets past either end are clamped."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        return line, _units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The character offset of a protocol position. A `character` past the line's end
        means its end (line break excluded), as the protocol asks; a line past the text's
        last means the text's end; a position inside a surrogate pair or a UTF-8 sequence
        rounds down to the character's start."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        start = self._starts[line]
        end = self._starts[line + 1] if line + 1 < len(self._starts) else len(self.text)
        content_end = start + len(self.text[start:end].rstrip("\r\n"))
        if self.encoding == UTF32 or self.text[start:content_end].isascii():
            return min(start + max(character, 0), content_end)
        units = 0
        for at in range(start, content_end):
            units += _units(self.text[at], self.encoding)
            if units > character:
                return at
        return content_end

    def end(self) -> tuple[int, int]:
        """The position just after the text's last character."""
        return self.position(len(self.text))
