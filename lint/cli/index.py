"""`newslint index ARCHIVE --index PATH|URL`: build or update an archive's paragraph index,
in an SQLite file or a PostgreSQL database."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from newslint.cli.output import say
from newslint.document import Document
from newslint.engine.config import ConfigError, Finder, Settings
from newslint.engine.files import discover
from newslint.engine.rule import Rule
from newslint.engine.run import Linter, Overrides, read_options
from newslint.formats import read
from newslint.report import printable
from newslint.store.archive import ArchiveError
from newslint.store.location import open_index, shown


def build_index(root: Path, index: str, encoding: str, rules: Sequence[Rule]) -> int:
    """Index the articles under `root` into `index` (a path or a `postgresql://` URL);
    prints what changed. Returns the exit
    status: 0, or 2 when the folder, the index or a file could not be read."""
    if not root.is_dir():
        say("error", f"{root}: not a folder")
        return 2
    finder = Finder(Settings(Path.cwd()))
    linter = Linter(rules, finder, Overrides())

    def reader(path: str, raw: bytes) -> list[Document]:
        # The reading path linting takes, with the file's own settings (JSON fields).
        return read(path, raw, read_options(linter.settings_for(path), encoding)).documents

    try:
        archive = open_index(index, create=True)
        try:
            stats = archive.update(reader, root, list(discover([str(root)], finder)))
        finally:
            archive.close()
    except (ArchiveError, ConfigError, sqlite3.Error) as exc:
        say("error", str(exc))
        return 2
    for error in stats.errors:
        say("error", error)
    print(
        f"Indexed {stats.added} new or changed article{'s' if stats.added != 1 else ''}, "
        f"{stats.unchanged} unchanged, {stats.removed} removed, into {printable(shown(index))}."
    )
    return 2 if stats.errors else 0
