"""How soon `newslint server` publishes findings after a change, as an editor sees it.

    python bench/server_latency.py                  # 1,500 words, 40 changes
    python bench/server_latency.py --words 3000 --changes 100 --markdown
    python bench/server_latency.py --article ../shared/articles/modi-moscow.txt

Starts the real server (`python -m newslint server`) and speaks to it over stdio with
pygls's own client, as an editor would. It opens a generated article (the sentences of
`bench/bigfile.py`: repeats, quotations, superlatives, so every rule has work), lets the
server warm up with a few edits, then types: each change inserts a word in a paragraph
and the clock runs from sending `textDocument/didChange` to receiving the
`publishDiagnostics` of that version. The figure includes the server's debounce
(`newslint.server.app.DEBOUNCE`). A burst of keystrokes 10 ms apart is timed from its last
keystroke. The issue's goal: under 100 ms for a 1,500-word article once warm.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls import uris
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bigfile import article  # noqa: E402  (a sibling script, not a package)


def text_of(words: int, markdown: bool) -> str:
    """A generated article of at least `words` words, cut at a paragraph's end."""
    paragraphs = article(0.05, markdown).split("\n\n")
    kept: list[str] = []
    count = 0
    for para in paragraphs:
        kept.append(para)
        count += len(para.split())
        if count >= words:
            break
    return "\n\n".join(kept) + "\n"


LINTED = re.compile(r"linted \S+ version (\d+) in ([\d.]+) ms \(([\d.]+) ms CPU\)")


async def read_log(stream: asyncio.StreamReader, into: dict[int, tuple[float, float]]) -> None:
    """Keep the server's stderr drained, noting each version's lint time (wall, CPU)."""
    while line := await stream.readline():
        found = LINTED.search(line.decode("utf-8", "replace"))
        if found:
            into[int(found[1])] = (float(found[2]), float(found[3]))


class Probe:
    """A client that records when each version's diagnostics arrive."""

    def __init__(self) -> None:
        self.client = LanguageClient("server-latency", "1")
        self.arrived: dict[int, float] = {}
        self.counts: dict[int, int] = {}
        self.event = asyncio.Event()

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(ls: LanguageClient, params: lsp.PublishDiagnosticsParams) -> None:
            if params.version is not None:
                self.arrived[params.version] = time.perf_counter()
                self.counts[params.version] = len(params.diagnostics)
                self.event.set()

    async def until(self, version: int, timeout: float = 30.0) -> float:
        """When diagnostics of `version` arrived (waiting for them)."""
        deadline = time.perf_counter() + timeout
        while version not in self.arrived:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no diagnostics for version {version}")
            self.event.clear()
            try:
                await asyncio.wait_for(self.event.wait(), 0.5)
            except asyncio.TimeoutError:
                pass
        return self.arrived[version]


async def run(words: int, changes: int, markdown: bool, seed: int, given: Path | None) -> None:
    rng = random.Random(seed)
    if given is not None:
        text = given.read_text(encoding="utf-8")
        markdown = given.suffix.lower() in (".md", ".markdown")
    else:
        text = text_of(words, markdown)
    folder = Path(tempfile.mkdtemp(prefix="newslint-latency-"))
    (folder / "newslint.toml").write_text("", encoding="utf-8")  # no repository config
    path = folder / ("article.md" if markdown else "article.txt")
    path.write_text(text, encoding="utf-8")
    uri = uris.from_fs_path(str(path))
    lines = text.split("\n")

    probe = Probe()
    client = probe.client
    # NEWSLINT_DEBUG makes the server log each lint's duration on stderr, read here.
    env = {**os.environ, "NEWSLINT_DEBUG": "1"}
    await client.start_io(sys.executable, "-m", "newslint", "server", env=env)
    lint_ms: dict[int, tuple[float, float]] = {}
    assert client._server is not None and client._server.stderr is not None
    reader = asyncio.create_task(read_log(client._server.stderr, lint_ms))
    started = time.perf_counter()
    await client.initialize_async(
        lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=None)
    )
    client.initialized(lsp.InitializedParams())
    language = "markdown" if markdown else "plaintext"
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, language, 1, text))
    )
    first = await probe.until(1) - started
    version = 1

    def change() -> float:
        """Insert a word somewhere in a paragraph; returns when it was sent."""
        nonlocal version
        version += 1
        line = rng.choice([i for i, content in enumerate(lines) if len(content) > 20])
        column = rng.randrange(len(lines[line]))
        lines[line] = lines[line][:column] + "news " + lines[line][column:]
        position = lsp.Position(line, column)
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [lsp.TextDocumentContentChangePartial(lsp.Range(position, position), "news ")],
            )
        )
        return time.perf_counter()

    for _ in range(5):  # warm up: every rule has run, every cache is filled
        change()
        await probe.until(version)

    latencies = []
    for _ in range(changes):
        sent = change()
        latencies.append(await probe.until(version) - sent)
        await asyncio.sleep(0.05)  # a pause between keystrokes, as a typist leaves

    bursts = []
    for _ in range(max(3, changes // 10)):
        for _ in range(5):
            sent = change()
            await asyncio.sleep(0.01)
        bursts.append(await probe.until(version) - sent)
        await asyncio.sleep(0.1)

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    reader.cancel()

    ms = sorted(x * 1000 for x in latencies)
    print(f"article: {len(text.split())} words, {len(text)} characters, {path.suffix[1:]}")
    print(f"findings in the last version: {probe.counts[version]}")
    print(f"first diagnostics after start (cold: import, rules, first lint): {first * 1000:.0f} ms")
    print(
        f"change -> diagnostics, {len(ms)} changes: median {statistics.median(ms):.0f} ms, "
        f"p90 {ms[int(len(ms) * 0.9) - 1]:.0f} ms, max {ms[-1]:.0f} ms"
    )
    own = [lint_ms[v] for v in range(7, 7 + changes) if v in lint_ms]
    if own:
        wall, cpu = sorted(w for w, _ in own), sorted(c for _, c in own)
        print(
            f"of which the lint itself (server's clock): median {statistics.median(wall):.0f} ms"
            f" wall, {statistics.median(cpu):.0f} ms CPU; max {wall[-1]:.0f} ms wall"
        )
    burst = sorted(x * 1000 for x in bursts)
    print(
        f"last of 5 keystrokes 10 ms apart -> diagnostics, {len(burst)} bursts: "
        f"median {statistics.median(burst):.0f} ms, max {burst[-1]:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1500)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--markdown", action="store_true", help="a Markdown article")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--article", type=Path, help="time this article instead (.md or text)")
    args = parser.parse_args()
    asyncio.run(run(args.words, args.changes, args.markdown, args.seed, args.article))


if __name__ == "__main__":
    main()
