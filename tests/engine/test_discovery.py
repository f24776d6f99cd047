"""Finding files: a path that cannot be walked, followed or read is that path's error, and
the rest of the tree is linted. docs/reliability.md names the guarantee each test holds."""

from __future__ import annotations

import errno
import os

import pytest

GOOD = "It was the biggest ever sale.\n"


def lint(cli, *paths):
    return cli("--output-format", "json", "--isolated", *map(str, paths))


def linted(result) -> list[str]:
    return [d["path"].rsplit("/", 1)[-1] for d in result.json()]


def test_symlink_loop_is_that_paths_error(cli, tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to(tmp_path)  # a folder loop is not followed
    result = lint(cli, tmp_path)
    assert result.code == 2
    assert "a.txt: cannot read: Too many levels of symbolic links" in result.err
    assert "internal error" not in result.err
    assert linted(result) == ["good.txt"]
    named = lint(cli, tmp_path / "a.txt", tmp_path / "good.txt")
    assert "a.txt: cannot read" in named.err and linted(named) == ["good.txt"]


def test_unsearchable_subfolder_is_that_folders_error(cli, tmp_path, monkeypatch):
    # A folder that can be listed but not searched (mode r--): every stat inside it fails.
    # Simulated, so the test also holds when run as root, who may read anything.
    (tmp_path / "good.txt").write_text(GOOD)
    locked = tmp_path / "locked"
    (locked / "deeper").mkdir(parents=True)
    (locked / "inside.txt").write_text(GOOD)
    inside = str(locked) + os.sep

    def denying(real):
        def fake(target, *args, **kwargs):
            if isinstance(target, (str, os.PathLike)) and os.fspath(target).startswith(inside):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(target))
            return real(target, *args, **kwargs)

        return fake

    for name in ("stat", "lstat", "open"):
        monkeypatch.setattr(os, name, denying(getattr(os, name)))
    result = lint(cli, tmp_path)
    assert result.code == 2
    assert "inside.txt: cannot read: Permission denied" in result.err
    assert "internal error" not in result.err
    assert linted(result) == ["good.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_is_skipped_without_blocking(cli, tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.txt")
    result = lint(cli, tmp_path)
    assert "pipe.txt: a named pipe (FIFO), not a file: skipped" in result.err
    assert linted(result) == ["good.txt"]
