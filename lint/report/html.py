"""One self-contained HTML page for editors: each article with the flagged words
highlighted and the findings beside them, a summary by rule, and filters by rule and
severity.

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
from collections import Counter, defaultdict
from collections.abc import Sequence
from html import escape
from typing import TextIO

import regex

from newslint.document import Document
from newslint.model import Diagnostic
from newslint.report import Locator

_SPACE = regex.compile(r"\s+")
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
.hidden{display:none}
.clean{color:#555}
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
"""


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
    """The block's copy with a <mark> over each run flagged by the same findings."""
    inside = [(d, fid) for d, fid in found if d.start < end and d.end > start]
    cuts = sorted(
        {start, end} | {min(max(x, start), end) for d, _ in inside for x in (d.start, d.end)}
    )
    out = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        text = _text(document, lo, hi)
        covering = [(d, fid) for d, fid in inside if d.start < hi and d.end > lo]
        if not covering:
            out.append(text)
            continue
        worst = str(max(d.severity for d, _ in covering))
        rules = " ".join(sorted({d.code for d, _ in covering}))
        titles = "; ".join(f"{d.code} {d.message}" for d, _ in covering)
        out.append(
            f'<mark class="{worst}" data-rules="{escape(rules)}" '
            f'data-findings="{escape(" ".join(fid for _, fid in covering))}" '
            f'title="{escape(titles)}">{text}</mark>'
        )
    return "".join(out)


def _article(index: int, document: Document, found: list[Diagnostic], locator: Locator) -> str:
    ids = [(d, f"f{index}-{n}") for n, d in enumerate(found)]
    where = f" <span class=where>{escape(_note(document))}</span>" if document.article else ""
    copy = []
    for block in document.blocks:
        tag = _TAG.get(block.kind, "p")
        copy.append(f"<{tag}>{_block_html(document, block.start, block.end, ids)}</{tag}>")
    items = []
    for diag, fid in ids:
        line, col, _, _ = locator.span(diag.key, diag.start, diag.end)
        sev = str(diag.severity)
        items.append(
            f'<li id="{fid}" data-rule="{escape(diag.code)}" data-severity="{sev}">'
            f'<span class="sev {sev}">{sev}</span> '
            f"<code>{line}:{col}</code> <b>{escape(diag.code)}</b> {escape(diag.rule)}<br>"
            f"{escape(diag.message)}</li>"
        )
    return (
        f'<section class="article" id="article-{index}">'
        f"<h2>{escape(document.path)}{where}</h2>"
        f'<div class="layout"><div class="copy">{"".join(copy)}</div>'
        f'<ol class="findings">{"".join(items)}</ol></div></section>'
    )


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
    clean = []
    for index, (key, document) in enumerate(locator.documents.items()):
        if key in by_key:
            articles.append(_article(index, document, by_key[key], locator))
        else:
            clean.append(f"<li>{escape(document.path + _note(document))}</li>")
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
        "<header><h1>newslint report</h1></header><main>"
        f"{summary}{table}{filters}{''.join(articles)}{clean_list}</main>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    out.write(page(diagnostics, locator))
