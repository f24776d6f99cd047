"""Offsets to 1-based lines and character columns, computed only at output time."""

from __future__ import annotations

import bisect
from array import array

from newslint import regexes

_LINE_BREAK = regexes.compile(r"\r\n|\r|\n")


class LineIndex:
    def __init__(self, text: str) -> None:
        self.text = text
        # The start of each line (characters), 8 bytes a line as a machine integer: a list
        # of ints was 40 (the 20,796 lines of a 4 MB file held 0.8 MB to the report's end).
        self._starts = array("q", [0])
        self._starts.extend(m.end() for m in _LINE_BREAK.finditer(text))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based; the column counts characters."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def end_position(self, start: int, end: int) -> tuple[int, int]:
        """Position of an exclusive end; a span ending on a line break ends on its own line."""
        if end > start and self.text[end - 1 : end] in ("\n", "\r"):
            end -= 1
            if end > start and self.text[end - 1 : end + 1] == "\r\n":
                end -= 1
        return self.position(end)

    def line_start(self, index: int) -> int:
        """Offset where the 0-based line `index` starts (the text's length past the end)."""
        return self._starts[index] if index < len(self._starts) else len(self.text)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
