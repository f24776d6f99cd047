"""One self-contained HTML page for editors: each article with the flagged words
highlighted and the findings beside them, a summary by rule, and filters by rule and
severity.

For a run over many articles: a contents table (each article's folder, headline and counts,
sortable by clicking a column head), bar charts of findings by rule and by folder, and a
search box that keeps the articles whose path, headline or copy holds the words (a
`?q=words` in the page's address fills it in). Each card's header shows the article's
headline and its path relative to the working folder. Each finding links to its highlight
and each highlight back to its finding; a finding `--fix` can fix is marked `fixable`;
for a repeat, the original passage is quoted beside it; copy from Markdown front matter is
labelled. Below 700 px wide the copy and the findings stack.

The page makes no network request: styles and the one script are inline, and a
Content-Security-Policy allows nothing else (no images, fonts or other scripts; the script
is allowed by its hash). Article text, paths, messages and rule names are escaped
everywhere, so copy holding `<script>` or `onerror=` is shown, never run.

Articles are shown from the view (what the rules read): HTML tags and Markdown syntax are
gone and runs of whitespace are collapsed, block by block (headings, paragraphs, list items,
block quotes).
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import TextIO

from newslint import regexes
from newslint.document import Document
from newslint.engine.fix import fix_written
from newslint.formats.frontmatter import find_front_matter
from newslint.model import Diagnostic, document_key
from newslint.report import Locator, inside, related_key

_SPACE = regexes.compile(r"\s+")
_TAG = {"heading": "h3", "paragraph": "p", "list_item": "li", "blockquote": "blockquote"}

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
header{background:#1d2b3a;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1200px}
table{border-collapse:collapse;background:#fff;margin:8px 0 16px}
td,th{border:1px solid #ddd;padding:4px 10px;text-align:left}
.filters{background:#fff;border:1px solid #ddd;padding:8px 12px;margin-bottom:16px}
.filters label{margin-right:14px;white-space:nowrap}
.article{background:#fff;border:1px solid #ddd;margin:0 0 18px;padding:0 16px 12px}
.article h2{font-size:15px;font-family:ui-monospace,monospace;margin:12px 0}
.article h2 .where{color:#666;font-weight:normal}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:20px}
.copy{font-family:Georgia,serif;font-size:16px}
.copy h3{font-size:19px;margin:6px 0}
.copy li{display:list-item;margin-left:20px}
.copy blockquote{border-left:3px solid #ccc;margin:6px 0;padding-left:10px}
mark{border-radius:2px;padding:0 1px}
mark.error{background:#ffc9c9;border-bottom:2px solid #d00}
mark.warning{background:#ffe8a3;border-bottom:2px solid #c80}
mark.info{background:#cfe8ff;border-bottom:2px solid #07c}
mark.off{background:none;border:none}
ol.findings{font-size:13px;margin:6px 0;padding-left:20px}
ol.findings li{margin-bottom:8px}
.sev{font-size:11px;text-transform:uppercase;border-radius:3px;padding:0 4px;color:#fff}
.sev.error{background:#c00}.sev.warning{background:#b70}.sev.info{background:#07c}
code{font-size:12px}
.hidden,.unmatched{display:none}
.clean{color:#555}
.contents th{cursor:pointer;user-select:none}
.contents th[aria-sort=ascending]::after{content:" \\25B2"}
.contents th[aria-sort=descending]::after{content:" \\25BC"}
.contents td.n{text-align:right}
.contents-title{font-size:15px;margin:16px 0 4px}
.charts{display:flex;flex-wrap:wrap;gap:24px}
.chart{flex:1 1 300px;background:#fff;border:1px solid #ddd;padding:8px 12px}
.chart h2{font-size:14px;margin:0 0 6px}
.row{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr) 3em;gap:6px;
  font-size:12px;align-items:center;margin:2px 0}
.row .label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar{background:#4a6fa5;height:12px;min-width:2px}
.row .n{text-align:right}
.search{margin:0 0 12px}.search input{font-size:15px;padding:4px 8px;width:min(420px,100%)}
.article h2 .headline{font-family:Georgia,serif;font-size:17px;display:block}
.fix{font-size:11px;border:1px solid #2a7;color:#185;border-radius:3px;padding:0 4px}
.front{font-size:11px;color:#555;border:1px dashed #999;border-radius:3px;padding:0 4px;
  font-family:system-ui,sans-serif;font-weight:normal}
blockquote.original{font-family:Georgia,serif;font-size:13px;border-left:3px solid #999;
  margin:4px 0;padding:2px 8px;color:#333;background:#f3f3f0}
a.hl{color:inherit;text-decoration:none}
:target{outline:2px solid #4a6fa5}
@media (max-width:700px){
  main{padding:8px}
  .layout{grid-template-columns:minmax(0,1fr)}
  .article{padding:0 10px 10px}
  table{display:block;overflow-x:auto;max-width:100%}
  .filters label{display:inline-block}
}
"""

# Filters: a finding is shown when both its rule and its severity are ticked; a highlight
# fades when none of its findings is shown; an article hides when it shows no finding.
SCRIPT = """
function apply() {
  const on = new Set();
  document.querySelectorAll('.filters input:checked').forEach(i => on.add(i.value));
  const shown = el => on.has(el.dataset.rule) && on.has('sev:' + el.dataset.severity);
  document.querySelectorAll('ol.findings li')
    .forEach(li => li.classList.toggle('hidden', !shown(li)));
  document.querySelectorAll('mark').forEach(m => {
    const any = m.dataset.findings.split(' ').some(id => {
      const li = document.getElementById(id); return li && !li.classList.contains('hidden');
    });
    m.classList.toggle('off', !any);
  });
  document.querySelectorAll('section.article').forEach(s =>
    s.classList.toggle('hidden', !s.querySelector('ol.findings li:not(.hidden)')));
}
document.querySelectorAll('.filters input').forEach(i => i.addEventListener('change', apply));
// Search: keep the articles whose path, headline or copy holds every word typed.
const box = document.querySelector('.search input');
function search() {
  const words = box.value.toLowerCase().split(/\\s+/).filter(w => w);
  document.querySelectorAll('section.article').forEach(s => {
    const text = s.textContent.toLowerCase();
    s.classList.toggle('unmatched', !words.every(w => text.includes(w)));
  });
  document.querySelectorAll('.contents tbody tr').forEach(tr => {
    const card = document.getElementById(tr.dataset.article);
    tr.classList.toggle('hidden', !!card && card.classList.contains('unmatched'));
  });
}
if (box) {
  box.addEventListener('input', search);
  const asked = new URLSearchParams(location.search).get('q');
  if (asked) { box.value = asked; search(); }
}
// Contents: click a column head to sort by it; again to reverse.
document.querySelectorAll('.contents th').forEach((th, col) => th.addEventListener('click', () => {
  const body = th.closest('table').querySelector('tbody');
  const down = th.getAttribute('aria-sort') === 'ascending';
  th.closest('tr').querySelectorAll('th').forEach(h => h.removeAttribute('aria-sort'));
  th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
  const key = tr => tr.children[col].dataset.sort;
  const numeric = th.dataset.type === 'number';
  [...body.rows].sort((a, b) => {
    const x = numeric ? Number(key(a)) - Number(key(b)) : key(a).localeCompare(key(b));
    return down ? -x : x;
  }).forEach(tr => body.appendChild(tr));
}));
"""


# Raw in the page, these would reach a terminal or a CI log that prints it (a line break
# beginning a line `::error::...`, an escape sequence, a bidirectional override); as
# character references they mean the same to a browser.
_RAW = regexes.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """`html.escape`, and every control character a character reference (`&#10;`)."""
    return _RAW.sub(lambda m: f"&#{ord(m.group())};", html.escape(text))


def _policy() -> str:
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"


def _text(document: Document, start: int, end: int) -> str:
    """Copy as an editor reads it: markup blanked in the view (a space where the source has
    none) is dropped, so `<em>word</em>.` and `don&rsquo;t` read `word.` and `don’t`."""
    text, view = document.text, document.view
    kept = "".join(view[i] for i in range(start, end) if view[i] != " " or text[i].isspace())
    return escape(_SPACE.sub(" ", kept))


def _note(document: Document) -> str:
    if document.article is None:
        return ""
    return f" (article {document.article}, field {document.field})"


def _block_html(
    document: Document, start: int, end: int, found: list[tuple[Diagnostic, str]]
) -> str:
    """The block's copy with a <mark> over each run flagged by the same findings. Each
    highlight links to the first of its findings; the first highlight of each finding
    carries the anchor `h-ID` its finding links to."""
    inside = [(d, fid) for d, fid in found if d.start < end and d.end > start]
    cuts = sorted(
        {start, end} | {min(max(x, start), end) for d, _ in inside for x in (d.start, d.end)}
    )
    out = []
    anchored: set[str] = set()
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        text = _text(document, lo, hi)
        covering = [(d, fid) for d, fid in inside if d.start < hi and d.end > lo]
        if not covering:
            out.append(text)
            continue
        worst = str(max(d.severity for d, _ in covering))
        rules = " ".join(sorted({d.code for d, _ in covering}))
        titles = "; ".join(f"{d.code} {d.message}" for d, _ in covering)
        anchors = "".join(
            f'<span id="h-{fid}"></span>' for _, fid in covering if fid not in anchored
        )
        anchored.update(fid for _, fid in covering)
        out.append(
            f'{anchors}<a class="hl" href="#{covering[0][1]}">'
            f'<mark class="{worst}" data-rules="{escape(rules)}" '
            f'data-findings="{escape(" ".join(fid for _, fid in covering))}" '
            f'title="{escape(titles)}">{text}</mark></a>'
        )
    return "".join(out)


def relative(path: str) -> str:
    """`path` relative to the working folder, with `/`; as given when outside it."""
    rel = inside(path)
    return path if rel is None else rel


def headline(document: Document, documents: Mapping[str, Document] | None = None) -> str:
    """The article's headline as an editor reads it (escaped): its first heading, else the
    start of its first block; empty when it has no copy. A JSON article's field is headed
    by the article's `headline` (or `title`) field when the run read one (`documents`)."""
    if document.article is not None and documents is not None:
        for name in ("headline", "title"):
            key = document_key(document.path, document.article, name)
            own = documents.get(key)
            if name != document.field and own is not None and own.blocks:
                return headline(own)
    blocks = document.blocks
    first = next((b for b in blocks if b.kind == "heading"), blocks[0] if blocks else None)
    if first is None:
        return ""
    text = _text(document, first.start, first.end).strip()
    return text if len(text) <= 160 else text[:157].rstrip() + "&hellip;"


def _front_matter_end(document: Document) -> int:
    """Where a Markdown document's front matter ends (0 when it has none)."""
    if document.format != "markdown":
        return 0
    front = find_front_matter(document.text)
    return front.end() if front else 0


def _original(diag: Diagnostic, locator: Locator) -> str:
    """For a repeat (a finding with a related place), the original passage quoted, with
    where it is; empty for other findings or when its text is unknown."""
    parts = []
    for rel in diag.related[:1]:
        key = related_key(diag, rel)
        document = locator.documents.get(key)
        if document is None:
            continue
        line, col, _, _ = locator.span(key, rel.start, rel.end)
        where = "" if rel.path == diag.path else f"{escape(relative(rel.path))}:"
        parts.append(
            f'<blockquote class="original" title="{escape(rel.message)}">'
            f"<small>{escape(rel.message)} ({where}{line}:{col})</small><br>"
            f"{_text(document, rel.start, rel.end)}</blockquote>"
        )
    return "".join(parts)


def _article(index: int, document: Document, found: list[Diagnostic], locator: Locator) -> str:
    ids = [(d, f"f{index}-{n}") for n, d in enumerate(found)]
    where = f" {escape(_note(document))}" if document.article else ""
    front_end = _front_matter_end(document)
    copy = []
    for block in document.blocks:
        tag = _TAG.get(block.kind, "p")
        label = '<span class="front">front matter</span> ' if block.start < front_end else ""
        copy.append(f"<{tag}>{label}{_block_html(document, block.start, block.end, ids)}</{tag}>")
    items = []
    for diag, fid in ids:
        line, col, _, _ = locator.span(diag.key, diag.start, diag.end)
        sev = str(diag.severity)
        fixable = (
            ' <span class="fix" title="newslint --fix can fix this">fixable</span>'
            if fix_written(diag, locator.documents)
            else ""
        )
        items.append(
            f'<li id="{fid}" data-rule="{escape(diag.code)}" data-severity="{sev}">'
            f'<span class="sev {sev}">{sev}</span> '
            f'<a href="#h-{fid}"><code>{line}:{col}</code></a> <b>{escape(diag.code)}</b> '
            f"{escape(diag.rule)}{fixable}<br>"
            f"{escape(diag.message)}{_original(diag, locator)}</li>"
        )
    return (
        f'<section class="article" id="article-{index}">'
        f'<h2><span class="headline">{headline(document, locator.documents)}</span>'
        f'<span class="where">{escape(relative(document.path))}{where}</span></h2>'
        f'<div class="layout"><div class="copy">{"".join(copy)}</div>'
        f'<ol class="findings">{"".join(items)}</ol></div></section>'
    )


def _folder(path: str) -> str:
    """The desk folder of an article: its folder relative to the working folder."""
    folder = os.path.dirname(relative(path))
    return folder + "/" if folder else "./"


def _contents(
    cards: list[tuple[int, Document, list[Diagnostic]]], documents: Mapping[str, Document]
) -> str:
    """The contents table: one row per article with findings, by folder then path."""
    rows = []
    for index, document, found in sorted(
        cards, key=lambda c: (_folder(c[1].path), relative(c[1].path), c[1].key)
    ):
        counts = Counter(str(d.severity) for d in found)
        path = relative(document.path) + _note(document)
        title = headline(document, documents)
        cells = [
            (escape(_folder(document.path)), escape(_folder(document.path))),
            (escape(path), f'<a href="#article-{index}">{escape(path)}</a>'),
            (title, title),
            *((str(counts[s]), str(counts[s] or "")) for s in ("error", "warning", "info")),
            (str(len(found)), str(len(found))),
        ]
        tds = "".join(
            f'<td data-sort="{sort}"{" class=n" if i >= 3 else ""}>{shown}</td>'
            for i, (sort, shown) in enumerate(cells)
        )
        rows.append(f'<tr data-article="article-{index}">{tds}</tr>')
    heads = [("Folder", "text"), ("Article", "text"), ("Headline", "text"),
             ("Errors", "number"), ("Warnings", "number"), ("Info", "number"),
             ("Findings", "number")]  # fmt: skip
    head = "".join(f'<th data-type="{kind}" title="sort">{name}</th>' for name, kind in heads)
    return (
        '<h2 class="contents-title">Articles with findings <small>(click a column head to '
        'sort)</small></h2><table class="contents">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _chart(title: str, counts: Counter[str]) -> str:
    """A bar chart (HTML and CSS, no script): one row per key, most first."""
    top = max(counts.values(), default=1)
    rows = "".join(
        f'<div class="row"><span class="label" title="{escape(key)}">{escape(key)}</span>'
        f'<span class="bar" style="width:{100 * n / top:.1f}%"></span>'
        f'<span class="n">{n}</span></div>'
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return f'<div class="chart"><h2>{escape(title)}</h2>{rows}</div>'


def page(diagnostics: Sequence[Diagnostic], locator: Locator) -> str:
    by_key: dict[str, list[Diagnostic]] = defaultdict(list)
    for diag in diagnostics:
        by_key[diag.key].append(diag)
    rules = Counter((d.code, d.rule, str(d.severity)) for d in diagnostics)
    rows = "".join(
        f"<tr><td><code>{escape(code)}</code></td><td>{escape(name)}</td>"
        f'<td><span class="sev {sev}">{sev}</span></td><td>{count}</td></tr>'
        for (code, name, sev), count in sorted(rules.items())
    )
    rule_boxes = "".join(
        f'<label><input type="checkbox" value="{escape(code)}" checked> '
        f"{escape(code)} {escape(name)}</label>"
        for code, name in sorted({(c, n) for c, n, _ in rules})
    )
    severities = [str(s) for s in sorted({d.severity for d in diagnostics}, reverse=True)]
    sev_boxes = "".join(
        f'<label><input type="checkbox" value="sev:{s}" checked> {s}</label>' for s in severities
    )
    articles = []
    cards: list[tuple[int, Document, list[Diagnostic]]] = []
    clean = []
    # A JSON article is linted field by field: a clean field of an article with findings
    # in another field is not an article without findings.
    flagged = {(d.path, d.article) for d in diagnostics if d.article is not None}
    for index, (key, document) in enumerate(locator.documents.items()):
        if key in by_key:
            articles.append(_article(index, document, by_key[key], locator))
            cards.append((index, document, by_key[key]))
        elif document.article is None or (document.path, document.article) not in flagged:
            clean.append(f"<li>{escape(relative(document.path) + _note(document))}</li>")
    charts = (
        '<div class="charts">'
        + _chart("Findings by rule", Counter(f"{d.code} {d.rule}" for d in diagnostics))
        + _chart("Findings by folder", Counter(_folder(d.path) for d in diagnostics))
        + "</div>"
        if diagnostics
        else ""
    )
    search = (
        '<div class="search"><label>Search articles <input type="search" '
        'placeholder="words in a path, headline or copy"></label></div>'
        if cards
        else ""
    )
    contents = _contents(cards, locator.documents) if cards else ""
    n, files = len(diagnostics), len(articles)
    summary = (
        f"<p>{n} finding{'s' if n != 1 else ''} in {files} article{'s' if files != 1 else ''}; "
        f"{len(clean)} without findings.</p>"
    )
    table = (
        f"<table><tr><th>Code</th><th>Rule</th><th>Severity</th><th>Findings</th></tr>{rows}</table>"
        if rows
        else ""
    )
    filters = (
        f'<div class="filters"><b>Rules</b> {rule_boxes}<br><b>Severity</b> {sev_boxes}</div>'
        if diagnostics
        else ""
    )
    clean_list = (
        f'<details class="clean"><summary>Articles without findings ({len(clean)})</summary>'
        f"<ul>{''.join(clean)}</ul></details>"
        if clean
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_policy()}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>newslint report</title><style>{STYLE}</style></head><body>"
        # The report quotes the copy it flags: a later run over the folder it was written
        # to must not lint it as an article.
        "<!-- newslint: disable -->"
        "<header><h1>newslint report</h1></header><main>"
        f"{summary}{table}{charts}{contents}{filters}{search}{''.join(articles)}{clean_list}"
        "</main>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    out.write(page(diagnostics, locator))
