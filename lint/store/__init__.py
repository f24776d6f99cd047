"""What is kept between runs: the result cache, the archive index, baselines."""

# The result cache's folder, here rather than in `cache` so that the command line can name
# its default without importing the cache (SQLite, HMAC) on a run that does not use it.
DEFAULT_DIR = ".newslint_cache"


class BaselineError(Exception):
    """A baseline file that cannot be read, written, or is not a newslint baseline; the
    message names the file. (Here rather than in `baseline`, so that the command line can
    catch it without importing the baseline on a run that has none.)"""
