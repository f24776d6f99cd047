"""The HTML report across many articles: contents, charts, search, links both ways, card
headers, fixable marks, the original beside a repeat, front-matter labels, narrow screens.
The browser tests click in headless Chromium through a harness page."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES

PIPE = FIXTURES / "pipelines"
DUP = FIXTURES / "duplicate-paragraph" / "must-fire" / "per-line.txt"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def newsroom(tmp_path, monkeypatch) -> Path:
    """Two desk folders of articles, as the working folder."""
    root = tmp_path / "newsroom"
    (root / "sport").mkdir(parents=True)
    (root / "transport").mkdir()
    shutil.copy(PIPE / "article.html", root / "transport" / "ferry.html")
    shutil.copy(PIPE / "frontmatter.md", root / "transport" / "night-bus.md")
    shutil.copy(DUP, root / "transport" / "estate.txt")
    (root / "sport" / "derby.md").write_text(
        "# Derby day\n\nIt was the greatest derby ever played at the ground.\n", "utf-8"
    )
    (root / "sport" / "quiet.md").write_text("# Quiet\n\nThe match was drawn.\n", "utf-8")
    monkeypatch.chdir(root)
    return root


class _Anchors(HTMLParser):
    """Every id, and every in-page link, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if "id" in found:
            self.ids.add(found["id"])
        if tag == "a" and (found.get("href") or "").startswith("#"):
            self.links.append(found["href"][1:])


def report(cli) -> str:
    return cli("--isolated", "--output-format", "html", ".").out


def test_every_link_has_its_target_and_findings_link_both_ways(cli, newsroom):
    page = report(cli)
    anchors = _Anchors()
    anchors.feed(page)
    assert anchors.links and set(anchors.links) <= anchors.ids
    findings = {i for i in anchors.ids if i.startswith("f")}
    assert findings
    for fid in findings:
        assert f"h-{fid}" in anchors.links  # finding -> its highlight
        assert f"h-{fid}" in anchors.ids
        assert fid in anchors.links  # a highlight -> its finding


def test_card_header_has_headline_and_relative_path(cli, newsroom):
    page = report(cli)
    assert (
        '<h2><span class="headline">Ferry crews vote to end the longest strike ever</span>'
        '<span class="where">transport/ferry.html</span></h2>'
    ) in page
    assert '<span class="where">sport/derby.md</span>' in page
    assert str(newsroom) not in page  # no absolute paths


def test_fixable_mark_original_beside_the_repeat_and_front_matter_label(cli, newsroom):
    page = report(cli)
    ferry = page[page.index("transport/ferry.html</span>") :].split("</section>")[0]
    d001 = ferry[ferry.index("<b>D001</b>") :].split("</li>")[0]
    # --fix leaves HTML alone, so the repeat in ferry.html is not marked; the one in the
    # plain-text estate.txt is.
    assert "fixable" not in d001
    estate = page[page.index("transport/estate.txt</span>") :].split("</section>")[0]
    repeat = estate[estate.index("<b>D001</b>") :].split("</li>")[0]
    assert '<span class="fix" title="newslint --fix can fix this">fixable</span>' in repeat
    assert '<blockquote class="original" title="first appears here">' in d001
    assert "Crews on the Westport &amp; Ayre ferries voted on Tuesday" in d001
    c001 = ferry[ferry.index("<b>C001</b>") :].split("</li>")[0]
    assert "fixable" not in c001 and "original" not in c001
    bus = page[page.index("transport/night-bus.md</span>") :].split("</section>")[0]
    assert bus.count('<span class="front">front matter</span>') == 2  # title, description
    assert '<span class="front">' not in ferry


def test_contents_and_charts_count_by_article_and_folder(cli, newsroom):
    page = report(cli)
    body = page[page.index('<table class="contents">') :].split("</table>")[0]
    rows = body.split("<tr data-article=")[1:]
    paths = [r.split('data-sort="')[2].split('"')[0] for r in rows]
    assert paths == ["sport/derby.md", "transport/estate.txt", "transport/ferry.html",
                     "transport/night-bus.md"]  # fmt: skip
    ferry = rows[2]
    assert '<td data-sort="1" class=n>1</td><td data-sort="1" class=n>1</td>' in ferry
    assert '<td data-sort="2" class=n>2</td></tr>' in ferry
    folders = page[page.index("<h2>Findings by folder</h2>") :].split("</div></div>")[0]
    assert 'title="transport/">transport/</span>' in folders
    # transport: D001 in estate, C001 and D001 in ferry, C001 twice and A001 in night-bus.
    assert '<span class="n">6</span>' in folders and '<span class="n">1</span>' in folders
    assert "<h2>Findings by rule</h2>" in page


HARNESS = """<!DOCTYPE html><html><body><pre id="out">waiting</pre>
<iframe id="r" src="report.html" width="1200" height="800"></iframe>
<script>
const frame = document.getElementById('r');
frame.addEventListener('load', () => {
  const d = frame.contentDocument, out = {};
  const rows = () => [...d.querySelectorAll('.contents tbody tr')];
  const visible = () => [...d.querySelectorAll('section.article')]
    .filter(s => !s.classList.contains('hidden') && !s.classList.contains('unmatched'))
    .map(s => s.querySelector('.where').textContent);
  const head = [...d.querySelectorAll('.contents th')].find(h => h.textContent === 'Findings');
  head.click();
  out.ascending = rows().map(r => r.children[6].dataset.sort);
  head.click();
  out.descending = rows().map(r => r.children[6].dataset.sort);
  out.sorted = head.getAttribute('aria-sort');
  [...d.querySelectorAll('.filters input')].find(i => i.value === 'C001').click();
  out.withoutC001 = visible();
  [...d.querySelectorAll('.filters input')].find(i => i.value === 'C001').click();
  const box = d.querySelector('.search input');
  box.value = 'westport'; box.dispatchEvent(new Event('input'));
  out.searched = visible();
  out.rowsShown = rows().filter(r => !r.classList.contains('hidden')).length;
  box.value = ''; box.dispatchEvent(new Event('input'));
  const link = d.querySelector('ol.findings li a');
  link.click();
  out.toHighlight = frame.contentWindow.location.hash;
  const mark = d.querySelector(frame.contentWindow.location.hash).nextElementSibling;
  mark.click();
  out.backToFinding = frame.contentWindow.location.hash;
  document.getElementById('out').textContent = 'RESULT' + JSON.stringify(out) + 'END';
});
</script></body></html>
"""


def _dump(page: Path, profile: Path, *extra: str) -> str:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium (Debian package chromium) absent")
def test_sorting_filters_search_and_links_by_clicking(cli, newsroom, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    cli("--isolated", "--output-format", "html", "--output-file", str(out / "report.html"), ".")
    (out / "harness.html").write_text(HARNESS, encoding="utf-8")
    dom = _dump(out / "harness.html", tmp_path / "profile", "--allow-file-access-from-files",
                "--virtual-time-budget=5000", "--dump-dom")  # fmt: skip
    result = json.loads(dom.split("RESULT", 1)[1].split("END", 1)[0])
    assert result["ascending"] == sorted(result["ascending"], key=int)
    assert result["descending"] == sorted(result["ascending"], key=int, reverse=True)
    assert result["sorted"] == "descending"
    # Without C001 only the articles with other findings stay.
    # night-bus keeps its A001 ("Riders say") when C001 is unticked.
    assert result["withoutC001"] == [
        "transport/estate.txt", "transport/ferry.html", "transport/night-bus.md"
    ]  # fmt: skip
    assert result["searched"] == ["transport/ferry.html"] and result["rowsShown"] == 1
    assert result["toHighlight"].startswith("#h-f")
    assert result["backToFinding"] == "#" + result["toHighlight"][3:]


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium (Debian package chromium) absent")
def test_search_from_the_address_and_a_narrow_screen(cli, newsroom, tmp_path):
    page = tmp_path / "report.html"
    cli("--isolated", "--output-format", "html", "--output-file", str(page), ".")
    url = page.as_uri() + "?q=derby"
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'p1'}", "--virtual-time-budget=3000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    cards = dom.split('<section class="article')[1:]
    shown = [c for c in cards if not c.startswith(' unmatched"')]
    assert len(shown) == 1 and "sport/derby.md" in shown[0]
    shot = tmp_path / "narrow.png"
    _dump(page, tmp_path / "p2", "--window-size=420,1600", f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
