"""Property tests: no input crashes newslint, misplaces a span or makes --fix lose text.

The CI budget is small (a few seconds, derandomized so runs repeat); `python bench/fuzz.py`
runs the same properties for as long as you like. docs/reliability.md has its figures.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import CI, FIXABLE, FORMATS, Harness, check_fixes, check_lint, documents, edge_repeats

HARNESS = Harness()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@CI
@given(data=st.data())
def test_any_text_lints_with_spans_inside_and_lines_mapping_back(fmt, data):
    check_lint(HARNESS, fmt, data.draw(documents(fmt)))


@pytest.mark.parametrize("fmt", FIXABLE)
@CI
@given(data=st.data())
def test_safe_fixes_delete_only_exact_repeats_and_are_idempotent(fmt, data):
    check_fixes(HARNESS, fmt, data.draw(FORMATS[fmt][1]()))


@CI
@given(text=edge_repeats())
def test_safe_fixes_never_delete_markup_at_paragraph_edges(text):
    check_fixes(HARNESS, "markdown", text)
