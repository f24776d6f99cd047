"""Linting on a Dask cluster (`dask.distributed`), for archives beyond one machine.

    pip install 'newslint[dask]'

Two ways in, both giving what `Linter.run` gives on one machine:

- `newslint check --dask-scheduler ADDRESS PATHS...` (`cli.check`): the engine's per-file
  work and corpus rules, done by the workers of the scheduler at ADDRESS (`local`: a
  `LocalCluster` of worker processes on this machine). See `newslint.distributed.cluster`.
- `newslint.distributed.bag.lint_bag(linter, files)`: a `dask.bag` of files, for archives
  kept as JSON Lines partitions; the summaries of corpus rules that scale out never leave
  the workers. See `newslint.distributed.bag`.

Dask is imported only by those modules, never by this package's `__init__`, so the
default install and `import newslint` stay as they are; `require()` turns a missing extra
into one clear error.
"""

from __future__ import annotations


class DistributedError(Exception):
    """A cluster run that cannot give a complete result: the extra is missing, the
    scheduler cannot be reached, or workers were lost for good. The message says which."""


def require() -> None:
    """Check that the `dask` extra is installed. Raises DistributedError saying how to
    install it."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DistributedError(
            f"--dask-scheduler needs the dask extra ({exc}); "
            "install it with: pip install 'newslint[dask]'"
        ) from None
