"""Is a capitalised sentence opener a name? The ways newslint answers, by document length.

    python bench/opener_paths.py [--shared ../shared] [--joins 1,20,100,400,1779]

The sourcing rules take a capitalised sentence opener for a name only if the document also
capitalises it mid-sentence (`newslint.analysis.sources`). A long document whose words a
rule has listed by word (`cues._LongWords`, past `cues._MANY_SENTENCES` sentences) reads
only the sentences whose words hold the opener (`cues.sentences_with`), or searches its
text for an opener whose run is common there (`cues._LongWords.few_apart`). Otherwise a
document of up to `sources._MANY_SENTENCES` sentences answers each opener by searching its
text for the word, and a longer one reads every sentence once for its capitalised words
(`mid_capitals`). For each number k of `--joins`, the BBC corpus articles are joined k at
a time into documents (as `bench/compare.py` joins all of them into one file) and, in this
process, vague-attribution and anonymous-source check each document, which records the
openers they ask of (and lists a long document's words); then each document's openers are
answered each way, on a fresh analysis each, and the CPU seconds of each way
(`time.process_time`, summed over the documents) printed with the mean sentences per
document; the word lists' column is blank where the documents' words were not listed.
Where the pass becomes cheaper than the searches is where `sources._MANY_SENTENCES`
belongs. Never part of the test run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bigfile import positive

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--joins",
        type=lambda text: [int(positive(int)(k)) for k in text.split(",")],
        default=[1, 20, 100, 400, 1779],
        help="articles per document, comma-separated (each above 0)",
    )
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus" / "bbc"
    if not corpus.is_dir():
        parser.error(f"{corpus} is not a folder: nothing to time (give --shared)")
    articles = []
    for path in sorted(corpus.rglob("*.txt")):
        try:
            articles.append(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue  # as newslint, which reports the file and reads on
    if not articles:
        parser.error(f"no UTF-8 articles in {corpus}: nothing to time (give --shared)")

    from newslint.analysis.cues import sentences_with
    from newslint.analysis.sources import Sources
    from newslint.engine.registry import discover
    from newslint.formats import read

    rules = [rule for rule in discover()[0] if rule.code in ("A001", "A002")]
    asked: dict[int, set[str]] = {}  # id of a Sources -> the openers asked of
    answer = Sources._capitalised_mid_sentence

    def recorded(self: Sources, word: str) -> bool:
        asked.setdefault(id(self), set()).add(word)
        return answer(self, word)

    print(
        "| articles per document | sentences per document | openers asked | search s | pass s "
        "| word lists s |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for k in args.joins:
        documents = [
            read(f"joined-{i}.txt", "\n\n".join(articles[i : i + k]).encode()).documents[0]
            for i in range(0, len(articles), k)
        ]
        searched = passed = listed = 0.0
        openers = 0
        every_listed = True
        for document in documents:
            Sources._capitalised_mid_sentence = recorded  # type: ignore[method-assign]
            try:
                for rule in rules:
                    list(rule.check(document, {**rule.options, "lexicon-files": ()}))
            finally:
                Sources._capitalised_mid_sentence = answer  # type: ignore[method-assign]
            lexicon = next(v for v in document._memo.values() if isinstance(v, Sources)).lexicon
            words = set().union(*asked.values())
            asked.clear()
            openers += len(words)
            fresh = Sources(document, lexicon)
            began = time.process_time()
            for word in words:
                fresh._find_mid_sentence(word)
            searched += time.process_time() - began
            fresh = Sources(document, lexicon)
            began = time.process_time()
            for word in words:
                _ = word in fresh.mid_capitals
            passed += time.process_time() - began
            if sentences_with(document, "x") is None:
                every_listed = False
                continue
            fresh = Sources(document, lexicon)
            began = time.process_time()
            for word in words:
                fresh._capitalised_mid_sentence(word)
            listed += time.process_time() - began
        sentences = sum(len(d.sentences) for d in documents) / len(documents)
        lists = f"{listed:.3f}" if every_listed else ""
        print(f"| {k} | {sentences:,.0f} | {openers:,} | {searched:.3f} | {passed:.3f} | {lists} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
