from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES

HERE = FIXTURES / "duplicate-across-articles"


def _findings(result) -> list[tuple[str, int, str, list[tuple[str, int]]]]:
    return [
        (
            Path(d["path"]).name,
            d["line"],
            d["message"],
            [(Path(r["path"]).name, r["line"]) for r in d["related"]],
        )
        for d in result.json()
        if d["code"] == "D003"
    ]


def test_off_by_default(cli):
    result = cli("--isolated", "--no-cache", "--output-format", "json", str(HERE))
    assert not [d for d in result.json() if d["code"] == "D003"]


def test_exact_and_near_repeats_point_at_each_other(cli):
    args = ("--isolated", "--no-cache", "--select", "D003", "--output-format", "json", str(HERE))
    assert _findings(cli(*args)) == [
        ("council-budget.txt", 5, "paragraph also appears word for word in 1 other article",
         [("harbour-plan.txt", 5)]),
        ("council-budget.txt", 7,
         "paragraph nearly repeats a paragraph of 1 other article (94% of words shared in order)",
         [("harbour-plan.txt", 7)]),
        ("harbour-plan.txt", 5, "paragraph also appears word for word in 1 other article",
         [("council-budget.txt", 5)]),
        ("harbour-plan.txt", 7,
         "paragraph nearly repeats a paragraph of 1 other article (94% of words shared in order)",
         [("council-budget.txt", 7)]),
    ]  # fmt: skip
    # The shared sign-off ("Reporting by ... Editing by ...") is boilerplate, and
    # library-hours.txt shares nothing else.


def test_threshold_one_keeps_exact_repeats_only(cli, tmp_path):
    (tmp_path / "newslint.toml").write_text(
        "[rules.duplicate-across-articles]\nthreshold = 1.0\n", encoding="utf-8"
    )
    for file in HERE.iterdir():
        shutil.copy(file, tmp_path / file.name)
    result = cli("--no-cache", "--select", "D003", "--output-format", "json", ".", cwd=tmp_path)
    assert [(f[0], f[1]) for f in _findings(result)] == [
        ("council-budget.txt", 5),
        ("harbour-plan.txt", 5),
    ]


def test_index_is_incremental(cli, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(HERE / "council-budget.txt", archive / "a.txt")
    shutil.copy(HERE / "library-hours.txt", archive / "b.txt")
    index = str(tmp_path / "index.sqlite")
    first = cli("index", str(archive), "--index", index)
    assert first.code == 0
    assert "Indexed 2 new or changed articles, 0 unchanged, 0 removed" in first.out
    again = cli("index", str(archive), "--index", index)
    assert "Indexed 0 new or changed articles, 2 unchanged, 0 removed" in again.out
    (archive / "a.txt").write_text("A changed article with enough words to count.\n", "utf-8")
    shutil.copy(HERE / "harbour-plan.txt", archive / "c.txt")
    (archive / "b.txt").unlink()
    update = cli("index", str(archive), "--index", index)
    assert "Indexed 2 new or changed articles, 0 unchanged, 1 removed" in update.out


def test_against_finds_exact_and_near_repeats_in_the_archive(cli, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(HERE / "council-budget.txt", archive / "council-budget.txt")
    shutil.copy(HERE / "library-hours.txt", archive / "library-hours.txt")
    index = str(tmp_path / "index.sqlite")
    assert cli("index", "archive", "--index", index, cwd=tmp_path).code == 0
    new = tmp_path / "new"
    new.mkdir()
    shutil.copy(HERE / "harbour-plan.txt", new / "harbour-plan.txt")
    result = cli(
        "--isolated", "--no-cache", "--against", index, "--output-format", "json", "new",
        cwd=tmp_path,
    )  # fmt: skip
    found = [(f[1], f[2], f[3]) for f in _findings(result)]
    assert found == [
        (5, "paragraph was already published word for word in archive/council-budget.txt",
         [("council-budget.txt", 5)]),
        (7, "paragraph was already published nearly (94% of words) in archive/council-budget.txt",
         [("council-budget.txt", 7)]),
    ]  # fmt: skip


def test_against_a_missing_index_is_an_error(cli, tmp_path):
    result = cli("--isolated", "--against", str(tmp_path / "none.sqlite"), str(HERE))
    assert result.code == 2
    assert "no such index" in result.err


_NEAR = (
    "The city council voted on Tuesday to approve the new transit plan, which will add "
    "twelve bus routes and extend the light rail line to the airport by 2028 after years "
    "of debate."
)
TWO_OF_ONE_ARTICLE = {
    "both.txt": f"Both\n\n{_NEAR}\n\n{_NEAR.replace('Tuesday', 'Wednesday')}\n",
    "near.txt": f"Near\n\n{_NEAR.replace('Tuesday', 'Wednesday')}\n",
    "first.txt": f"First\n\n{_NEAR}\n",
}


def test_near_twins_whose_first_copies_share_an_article_are_still_compared(cli, tmp_path):
    # Each text's first copy is in both.txt, so the two texts' first copies are of one
    # article; their copies in near.txt and first.txt are of two, and nearly the same.
    for name, text in TWO_OF_ONE_ARTICLE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    args = ("--isolated", "--no-cache", "--select", "D003", "--output-format", "json", ".")
    found = {(f[0], f[1]): f[3] for f in _findings(cli(*args, cwd=tmp_path))}
    assert found[("near.txt", 3)] == [("both.txt", 3), ("both.txt", 5), ("first.txt", 3)]
    assert found[("first.txt", 3)] == [("both.txt", 3), ("both.txt", 5), ("near.txt", 3)]
