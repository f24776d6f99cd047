"""A result cache, in the manner of ruff's: one file's findings, keyed by everything that
decides them.

The key of a file hashes its bytes, its path, the encoding, the newslint version, the
installed code of the engine and of every active rule (file sizes and modification times,
so an edited rule in a development checkout is a miss), each active rule's identity and
options, and the contents of phrase files. Anything that changes a finding changes the key,
so a hit returns exactly what linting would.

Entries live in one file per newslint version under the cache directory, written
atomically at the end of a run. A cache that cannot be read, is truncated or holds
something unexpected is treated as empty and rebuilt; a cache that cannot be written is
skipped. Neither ever fails a run.

The file is a pickle, read with an unpickler that builds only newslint's own types, the
active rules' types and plain data, so a cache directory committed by someone else cannot
run code.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newslint import __version__
from newslint.engine.results import FileResult
from newslint.engine.rule import Rule

DEFAULT_DIR = ".newslint_cache"
_SAFE_BUILTINS = frozenset(
    {"tuple", "list", "dict", "set", "frozenset", "str", "bytes", "int", "float", "bool"}
)


@dataclass(frozen=True, slots=True)
class Entry:
    """What a file's lint produced: its slim documents (text and view included, so a hit
    needs no parsing), its findings and its corpus rules' summaries."""

    documents: tuple[Any, ...]
    diagnostics: tuple[Any, ...]
    collected: tuple[tuple[str, Any], ...]  # (corpus rule code, its summary)


def _tree_stamp(folder: Path) -> list[tuple[str, int, int]]:
    stamps = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".toml")):
                stat = os.stat(os.path.join(root, name))
                stamps.append((os.path.join(root, name), stat.st_mtime_ns, stat.st_size))
    return stamps


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, modules: frozenset[str]) -> None:
        super().__init__(io.BytesIO(data))
        self.modules = modules

    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in _SAFE_BUILTINS:
            return super().find_class(module, name)
        if module in self.modules or module.startswith("newslint."):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


class ResultCache:
    def __init__(self, folder: Path, rules: Sequence[Rule]) -> None:
        self.path = folder / __version__ / "results.pickle"
        self.rule_modules = frozenset(type(rule).__module__ for rule in rules)
        self._fingerprint = self._code_fingerprint(rules)
        self._file_hashes: dict[str, str] = {}
        self.entries: dict[str, tuple[str, Entry]] = self._load()
        self._new: dict[str, tuple[str, Entry]] = {}

    def _code_fingerprint(self, rules: Sequence[Rule]) -> str:
        folders = {Path(__file__).parent.parent}  # the whole engine package
        for rule in rules:
            module = sys.modules.get(type(rule).__module__)
            if module is not None and getattr(module, "__file__", None):
                folders.add(Path(module.__file__).parent)  # type: ignore[arg-type]
        stamps = [stamp for folder in sorted(folders) for stamp in _tree_stamp(folder)]
        return hashlib.sha256(repr((__version__, stamps)).encode()).hexdigest()

    def _file_hash(self, origin: str) -> str:
        """A config-named file's contents (phrase files, lexicon files), hashed once a run."""
        if origin not in self._file_hashes:
            try:
                self._file_hashes[origin] = hashlib.sha256(Path(origin).read_bytes()).hexdigest()
            except OSError:
                self._file_hashes[origin] = "unreadable"
        return self._file_hashes[origin]

    def key(
        self,
        path: str,
        raw: bytes,
        encoding: str,
        rules: Iterable[tuple[Rule, dict[str, Any]]],
        context: Iterable[object] = (),
        files: Iterable[str] = (),
    ) -> str:
        """The key of one file's lint with these rules and their options; `context` holds
        the other settings that shape the documents (JSON fields), `files` the config's
        data files whose contents rules read (lexicon files)."""
        described = [
            (
                type(rule).__module__,
                type(rule).__qualname__,
                rule.code,
                rule.name,
                json.dumps(options, sort_keys=True, default=repr),
                self._file_hash(origin) if (origin := getattr(rule, "origin", None)) else "",
            )
            for rule, options in rules
        ]
        digest = hashlib.sha256()
        contents = [self._file_hash(str(f)) for f in files]
        described_context = repr(tuple(context))
        digest.update(
            repr(
                (self._fingerprint, path, encoding, described, described_context, contents)
            ).encode()
        )
        digest.update(raw)
        return digest.hexdigest()

    def get(self, path: str, key: str) -> FileResult | None:
        found = self.entries.get(path)
        if found is None or found[0] != key:
            return None
        entry = found[1]
        return FileResult(
            path, list(entry.documents), list(entry.diagnostics), [], 0, list(entry.collected)
        )

    def put(self, path: str, key: str, result: FileResult) -> None:
        entry = Entry(tuple(result.documents), tuple(result.diagnostics), tuple(result.collected))
        self._new[path] = (key, entry)

    def _load(self) -> dict[str, tuple[str, Entry]]:
        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        try:
            entries = _Unpickler(data, self.rule_modules).load()
        except Exception:  # any corruption: start again, never fail the run
            return {}
        if not isinstance(entries, dict) or not all(
            isinstance(v, tuple) and len(v) == 2 and isinstance(v[1], Entry)
            for v in entries.values()
        ):
            return {}
        return entries

    def save(self) -> None:
        if not self._new:
            return
        merged = {**self.entries, **self._new}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.path.parent.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# Created by newslint.\n*\n")
            handle, temp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(merged, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
        except OSError:  # a read-only checkout still lints
            return
