"""The archive index in SQLite and in PostgreSQL: build time, size, lookup time.

    python bench/index_store.py                       # ../shared/corpus/bbc, once
    python bench/index_store.py --copies 4            # the corpus 4 times over (4 folders)
    python bench/index_store.py --url postgresql:///bench?host=/run/postgresql

Indexes the corpus (`newslint index`, in this process) into a new SQLite file and a new,
empty PostgreSQL database, then looks up paragraphs of the corpus as `check --against`
does: `exact()` with each paragraph's words and `candidates()` with its band keys, for the
paragraphs of every tenth article, and again with one word changed in each (a near
repeat: no exact hit, some candidates). Prints, per store: articles, build seconds, size
per 1,000 articles (SQLite: the file; PostgreSQL: `pg_total_relation_size` of the four
tables, indexes included, after VACUUM), and the median and 95th percentile of one
lookup (exact + candidates) in milliseconds, with the hits found, which must agree.

Without `--url` a throwaway server is started from tests/postgres.py (it needs
PostgreSQL's binaries, and `pip install 'newslint[postgres]'`). Not a test: other work on
the machine moves the figures. docs/postgres-index.md records the last run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from newslint.cli.main import main as newslint
from newslint.formats import from_text
from newslint.store.location import open_index
from newslint.store.minhash import band_keys, tokens

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/bbc"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def _queries(corpus: Path) -> list[list[str]]:
    """The words of the paragraphs (eight words or more) of every tenth article, each
    also with its fourth word changed."""
    found = []
    files = sorted(p for p in corpus.rglob("*.txt"))
    for path in files[::10]:
        text = path.read_text(encoding="utf-8", errors="replace")
        for document in from_text(str(path), text).documents:
            for block in document.blocks:
                words = tokens(document.view[block.start : block.end])
                if len(words) >= 8:
                    found.append(words)
                    found.append([*words[:3], "zebra", *words[4:]])
    return found


def _lookups(location: str, queries: list[list[str]]) -> tuple[list[float], int]:
    """Seconds per lookup, and the hits found in all."""
    store = open_index(location)
    times, hits = [], 0
    try:
        for words in queries:
            keys = band_keys(words)
            start = time.perf_counter()
            found = store.exact(" ".join(words)) + store.candidates(keys)
            times.append(time.perf_counter() - start)
            hits += len(found)
    finally:
        store.close()
    return times, hits


def _size(location: str, sqlite: Path) -> int:
    if not location.startswith("postgresql://"):
        return sqlite.stat().st_size
    import psycopg

    with psycopg.connect(location, autocommit=True) as db:
        db.execute("VACUUM ANALYZE")
        (size,) = db.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relkind = 'r' "
            "AND c.relname LIKE 'newslint%%' AND c.relnamespace = current_schema()::regnamespace"
        ).fetchone()
    return int(size)


def _build(location: str) -> tuple[float, str]:
    """Seconds to index ./archive into `location`, and what `newslint index` said."""
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        status = newslint(["index", "archive", "--index", location])
    took = time.perf_counter() - start
    said = out.getvalue()
    # Exit 2 with a summary: some files could not be read (the corpus has a Latin-1 one);
    # the rest are indexed, the same in both stores.
    if status not in (0, 2) or not said.startswith("Indexed"):
        raise SystemExit(f"indexing into {location} failed: {said}")
    return took, said.split(", into")[0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--copies", type=int, default=1, help="index the corpus this many times")
    parser.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway one)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not found (the BBC corpus lives in ../shared)", file=sys.stderr)
        return 2
    server = None
    url = args.url
    if url is None:
        from postgres import Server, why_not

        server = Server.start()
        if server is None:
            print(f"no PostgreSQL server: {why_not()}", file=sys.stderr)
            return 2
        url = server.database("bench")
    work = Path(tempfile.mkdtemp(prefix="newslint-bench-"))
    here = os.getcwd()
    try:
        for n in range(args.copies):
            shutil.copytree(args.corpus, work / "archive" / f"copy{n}")
        articles = sum(1 for _ in (work / "archive").rglob("*.txt"))
        queries = _queries(args.corpus)
        os.chdir(work)
        sqlite = work / "index.sqlite"
        print(f"{articles} articles, {len(queries)} lookups ({len(queries) // 2} paragraphs)")
        print("store       build s  KB/1000 articles  lookup ms median  p95   hits")
        for name, location in (("sqlite", str(sqlite)), ("postgresql", url)):
            built, said = _build(location)
            size = _size(location, sqlite)
            times, hits = _lookups(location, queries)
            ms = sorted(t * 1000 for t in times)
            print(
                f"{name:<11} {built:7.1f}  {size / 1024 / articles * 1000:16,.0f}  "
                f"{statistics.median(ms):16.2f}  {ms[int(len(ms) * 0.95)]:5.2f}  {hits:5}"
                f"  ({said})"
            )
    finally:
        os.chdir(here)
        shutil.rmtree(work, ignore_errors=True)
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
