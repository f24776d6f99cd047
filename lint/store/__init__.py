"""What is kept between runs: the result cache, the archive index, baselines."""

# The result cache's folder, here rather than in `cache` so that the command line can name
# its default without importing the cache (SQLite, HMAC) on a run that does not use it.
DEFAULT_DIR = ".newslint_cache"
