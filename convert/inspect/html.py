"""The report as one self-contained HTML page: no scripts, no links out, images as data URIs.

Layout: a header (summary, doubtful decisions first, overrides, output thumbnails,
the articles), then one table row per report row: source line numbers, the raw
lines, and what the parser made of them with its decisions. Every row carries its
source span as ``data-start``/``data-end`` (and ``id="L<start>"`` to link to).
"""

from __future__ import annotations

import base64
from collections import Counter
from html import escape

from ..parse.trace import DOUBT, Decision
from .report import Report, Row, front_matter

CSS = """
:root { --line: #d9d9de; --dim: #6b6b76; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1d1d22; background: #fafafb; }
header { padding: 16px 24px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 16px 0 6px; }
.summary { font-weight: 600; } .summary .n { font-size: 18px; margin-right: 2px; }
.review li, .stale li { color: #7a4b00; } .review { background: #fff6d6; border: 1px solid #f0d27a; padding: 8px 16px 8px 32px; margin: 0; }
.stale li { color: #a11; }
.thumbs { display: flex; gap: 12px; flex-wrap: wrap; } .thumbs figure { margin: 0; text-align: center; font-size: 12px; color: var(--dim); }
.thumbs img { border: 1px solid var(--line); box-shadow: 0 1px 3px #0002; background: #fff; display: block; }
table.inspect { border-collapse: collapse; width: 100%; table-layout: fixed; background: #fff; }
table.inspect th { position: sticky; top: 0; background: #f0f0f3; text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); z-index: 1; }
col.span { width: 6em; } col.dump { width: 40%; }
td { vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #eee; }
td.span { color: var(--dim); font-variant-numeric: tabular-nums; white-space: nowrap; }
.l { white-space: pre-wrap; } .l .n { display: inline-block; width: 3.2em; color: var(--dim); text-align: right; margin-right: 8px; user-select: none; font-variant-numeric: tabular-nums; }
.l .lead { color: #b0b0bb; } .l .j { color: #b0b0bb; margin-left: 2px; } .l .j.latin { color: #0a7; font-weight: 700; }
.l.blank .t { color: #c9c9d2; } tr.paragraph .l.blank .t, tr.heading .l.blank .t { color: #d46b08; }
.label { font-size: 12px; color: var(--dim); } .label b { color: #1d1d22; }
.text { margin: 2px 0 4px; }
tr.heading td.parse .text { font-weight: 700; color: #0b4fa8; font-size: 15px; }
tr.heading { background: #eef5ff; } tr.title-block { background: #f6efff; } tr.affiliation { background: #f4f4f6; }
tr.gap td { padding-top: 0; padding-bottom: 0; } tr.gap { background: #fcfcfd; } tr.text { background: #ffecec; }
tr.article-head td { background: #2b2b33; color: #fff; padding: 8px; } tr.article-head .front { color: #d7c8ff; } tr.article-head a { color: #9cd1ff; }
tr.article-head li.k-override { background: #4a2440; color: #fff; }
tr.doubtful td.parse { box-shadow: inset 4px 0 #e0a800; }
ul.d { list-style: none; margin: 0; padding: 0; font-size: 12px; }
ul.d li { margin: 1px 0; padding: 0 6px; border-left: 3px solid #ccc; }
li.k-column-break { border-color: #d46b08 !important; } li.k-paragraph-break { border-color: #389e0d !important; }
li.k-heading { border-color: #0b4fa8 !important; } li.k-title-block, li.k-attach { border-color: #8a3ffc !important; }
li.k-article-start { border-color: #08979c !important; } li.k-override { border-color: #c41d7f !important; background: #fff0f6; }
li.k-join { border-color: #ddd !important; color: var(--dim); }
li.doubtful { background: #fff6d6; font-weight: 600; } .flag { color: #ad6800; }
.kind { font-weight: 600; } .conf { color: var(--dim); font-variant-numeric: tabular-nums; }
nav.articles ol { margin: 0; padding-left: 24px; }
"""


def render(report: Report) -> str:
    counts = report.counts()
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(report.document.lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>huozi inspect — {escape(report.source)}</title><style>{CSS}</style></head><body>",
        "<header>",
        f"<h1>{escape(report.source)}</h1>",
        '<p class="summary" id="summary">' + " · ".join(
            f'<span data-count="{escape(k)}"><span class="n">{v}</span> {escape(k)}</span>' for k, v in counts.items()) + "</p>",
        _review(report),
        _overrides(report),
        _outputs(report),
        _articles(report),
        "</header>",
        '<table class="inspect"><colgroup><col class="span"><col class="dump"><col class="parse"></colgroup>',
        "<thead><tr><th>lines</th><th>dump (raw)</th><th>parse (result · rule · confidence)</th></tr></thead><tbody>",
    ]
    headed: set[int] = set()
    for row in report.rows:
        if row.article is not None and row.kind in ("paragraph", "heading") and row.article not in headed:
            headed.add(row.article)
            parts.append(_article_head(report, row.article))
        parts.append(_row(row))
    parts.append("</tbody></table></body></html>\n")
    return "\n".join(p for p in parts if p)


def _span(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def _lines(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}–{end}"


def _review(report: Report) -> str:
    doubtful = report.doubtful
    if not doubtful:
        return f'<h2>For review</h2><p id="review">No decision below confidence {DOUBT:g}.</p>'
    items = "".join(
        f'<li data-start="{d.start}" data-end="{d.end}"><a href="#L{_row_of(report, d)}">{_lines(d.start, d.end)}</a> '
        f"<span class=kind>{escape(d.kind)}</span>: {escape(d.rule)} <span class=conf>({d.confidence:.2f})</span></li>"
        for d in doubtful)
    return f'<h2>For review: {len(doubtful)} doubtful decision{"s" if len(doubtful) > 1 else ""} (confidence &lt; {DOUBT:g})</h2><ol class="review" id="review">{items}</ol>'


def _row_of(report: Report, d: Decision) -> int:
    for row in report.rows:
        if d in row.decisions:
            return row.start
    return d.start


def _overrides(report: Report) -> str:
    if not report.overrides:
        return ""
    applied = "".join(f"<li><b>{escape(e)}</b>: {escape(effect)}</li>" for e, effect in report.applied) or "<li>none</li>"
    stale = "".join(f"<li>{escape(m)}</li>" for m in report.stale)
    return (f'<h2>Overrides from {escape(report.overrides)}</h2><ul class="applied" id="overrides">{applied}</ul>'
            + (f'<ul class="stale">{stale}</ul>' if stale else ""))


def _outputs(report: Report) -> str:
    if not report.outputs:
        return ""
    figures = "".join(
        f'<figure><img src="data:image/png;base64,{base64.b64encode(t.png).decode("ascii")}" width="{t.width}" height="{t.height}" '
        f'alt="{escape(t.name)} page {t.page}"><figcaption>{escape(t.name)} · p. {t.page}</figcaption></figure>'
        for t in report.thumbnails)
    names = ", ".join(escape(n) for n in report.outputs)
    return f'<h2>Outputs</h2><p>{names}</p>' + (f'<div class="thumbs" id="thumbnails">{figures}</div>' if figures else "")


def _articles(report: Report) -> str:
    items = []
    for index, article in enumerate(report.document.articles):
        span = f" ({_lines(article.span.start, article.span.end)})" if article.span else ""
        first = next((r.start for r in report.rows if r.article == index and r.kind in ("paragraph", "heading")), None)
        name = escape(article.title or "(untitled)")
        link = f'<a href="#L{first}">{name}</a>' if first else name
        items.append(f"<li>{link}{span}: {sum(1 for _ in article.blocks)} blocks</li>")
    return f'<nav class="articles"><h2>Articles</h2><ol>{"".join(items)}</ol></nav>' if items else ""


def _article_head(report: Report, index: int) -> str:
    article = report.document.articles[index]
    span = f" · {_lines(article.span.start, article.span.end)}" if article.span else ""
    fronts = [r for r in report.rows if r.kind == "title-block" and r.article == index]
    source = "".join(f' · front matter from <a href="#L{r.start}">{_lines(r.start, r.end)}</a>' for r in fronts)
    notes = "".join(_decision(d) for d in report.notes.get(index, []))
    return (f'<tr class="article-head" data-article="{index + 1}"><td colspan="3"><b>Article {index + 1}</b>{span}{source}<br>'
            f'<span class="front">{escape(front_matter(article)) or "(no title)"}</span>'
            + (f'<ul class="d">{notes}</ul>' if notes else "") + "</td></tr>")


def _row(row: Row) -> str:
    classes = [row.kind] + (["doubtful"] if row.doubtful else [])
    attrs = f'id="L{row.start}" class="{" ".join(classes)}" data-kind="{row.kind}" data-start="{row.start}" data-end="{row.end}"'
    if row.article is not None:
        attrs += f' data-article="{row.article + 1}"'
    if row.block is not None:
        attrs += f' data-block="{row.block + 1}"'
    dump = "".join(_line(line, row) for line in row.lines)
    return f'<tr {attrs}><td class="span">{_span(row.start, row.end)}</td><td class="dump">{dump}</td><td class="parse">{_result(row)}</td></tr>'


def _line(line, row: Row) -> str:
    if line.blank:
        inside = row.kind in ("paragraph", "heading")
        return f'<div class="l blank" data-line="{line.number}"><span class="n">{line.number}</span><span class="t">{"┄ column break" if inside else "┄"}</span></div>'
    raw = line.raw.rstrip()
    body = raw.lstrip()
    lead = '<span class="lead" title="leading space: a text block starts">␣</span>' if len(body) < len(raw) else ""
    join = ""
    if line.join:
        latin = " latin" if line.join.confidence < 0.99 else ""
        join = f'<span class="j{latin}" title="{escape(line.join.rule)} ({line.join.confidence:.2f})">↵</span>'
    return f'<div class="l" data-line="{line.number}"><span class="n">{line.number}</span>{lead}<span class="t">{escape(body)}</span>{join}</div>'


def _result(row: Row) -> str:
    out = []
    if row.kind in ("paragraph", "heading"):
        mark = "§" if row.kind == "heading" else "¶"
        more = " (continued)" if row.continued else ""
        out.append(f'<div class="label"><b>{mark} {row.kind} {row.article + 1}.{row.block + 1}</b> · {_lines(row.start, row.end)}{more}</div>')  # type: ignore[operator]
        out.append(f'<div class="text">{escape(row.text)}</div>')
    elif row.kind == "title-block":
        target = f"article {row.article + 1}" if row.article is not None else "no article"
        out.append(f'<div class="label"><b>◆ title block → {target}</b> · {_lines(row.start, row.end)}</div><div class="text">{escape(row.text)}</div>')
    elif row.kind == "affiliation":
        out.append(f'<div class="label"><b>◇ affiliation</b> · {_lines(row.start, row.end)}</div><div class="text">{escape(row.text)}</div>')
    elif row.kind == "text":
        out.append('<div class="label"><b>? text the parser placed nowhere</b></div>')
    joins = [d for d in row.decisions if d.kind == "join"]
    items = [
        f'<li class="k-join" data-confidence="{next(d.confidence for d in joins if d.rule == rule):.2f}">↵ {count} joined line{"s" if count > 1 else ""}: {escape(rule)}</li>'
        for rule, count in Counter(d.rule for d in joins).items()
    ]
    items += [_decision(d) for d in row.decisions if d.kind != "join"]
    if items:
        out.append(f'<ul class="d">{"".join(items)}</ul>')
    return "".join(out)


def _decision(d: Decision) -> str:
    flag = '<span class="flag">⚑ review · </span>' if d.doubtful else ""
    cls = f"k-{d.kind}" + (" doubtful" if d.doubtful else "")
    detail = f" · {escape(d.detail)}" if d.detail and d.kind == "override" else ""
    return (f'<li class="{cls}" data-kind="{escape(d.kind)}" data-start="{d.start}" data-end="{d.end}" data-confidence="{d.confidence:.2f}">'
            f'{flag}<span class="kind">{escape(d.kind)}</span> · {_lines(d.start, d.end)} · {escape(d.rule)}{detail} '
            f'<span class="conf">{d.confidence:.2f}</span></li>')
