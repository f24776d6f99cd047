"""The expectations of issue 3 on the example articles in ../shared (skipped without it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
BENCH = Path(__file__).resolve().parents[2] / "bench" / "quality_sourcing.py"


def test_shared_article_expectations() -> None:
    if not (SHARED / "articles").is_dir():
        pytest.skip("../shared is absent")
    spec = importlib.util.spec_from_file_location("quality_sourcing", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.check_articles() == []
