"""A run of text with no sentence end is cut at clause marks, so no rule's work can grow
with the square of one 'sentence' (issue 11: 10 KB without a full stop took 14 s)."""

from __future__ import annotations

from newslint.formats import from_text
from newslint.formats.sentences import MAX_SENTENCE


def test_a_long_run_is_cut_into_pieces_that_cover_its_words():
    text = ", ".join(f"the council said item {n} would rise" for n in range(400)) + "\n"
    (document,) = from_text("a.txt", text).documents
    pieces = document.sentences
    assert len(pieces) > 1
    assert all(s.end - s.start <= MAX_SENTENCE for s in pieces)
    assert all(document.view[s.end - 1] == "," for s in pieces[:-1])  # cut after a comma
    covered = "".join(document.view[s.start : s.end] for s in pieces)
    assert covered.replace(" ", "") == text.strip().replace(" ", "")


def test_a_run_without_clause_marks_is_cut_at_a_space():
    text = " ".join(["word"] * 1000)
    (document,) = from_text("a.txt", text).documents
    for s in document.sentences:
        assert document.view[s.start] != " " and document.view[s.end - 1] != " "
        assert s.end - s.start <= MAX_SENTENCE


def test_edited_copy_is_split_as_before():
    text = "The council met on Monday. It voted, after a long debate, to raise fares by 5%.\n"
    (document,) = from_text("a.txt", text).documents
    assert [document.text[s.start : s.end] for s in document.sentences] == [
        "The council met on Monday.",
        "It voted, after a long debate, to raise fares by 5%.",
    ]
