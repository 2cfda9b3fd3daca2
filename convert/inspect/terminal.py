"""The report on a terminal (rich): the dump on the left, the parse on the right, row by row."""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..parse.trace import DOUBT, Decision
from .report import Report, Row

STYLE = {
    "paragraph": "",
    "heading": "bold blue",
    "title-block": "bold magenta",
    "affiliation": "dim",
    "gap": "dim",
    "text": "red",
}
DECISION_STYLE = {
    "column-break": "dark_orange",
    "paragraph-break": "green",
    "heading": "blue",
    "title-block": "magenta",
    "attach": "magenta",
    "article-start": "cyan",
    "affiliation": "dim",
    "join": "dim",
    "override": "bold cyan",
}
MARK = {"paragraph": "¶", "heading": "§", "title-block": "◆", "affiliation": "◇", "gap": "", "text": "?"}
JOIN_MARK = {0.99: "", 0.95: " ␣", 0.85: " ‐"}  # by the join rule's confidence: CJK, Latin space, hyphen


def render(report: Report, console: Console | None = None, *, only_doubtful: bool = False) -> None:
    console = console or Console()
    table = Table(show_header=True, header_style="bold", show_lines=False, expand=True, pad_edge=False)
    # The closing lines (summary, review list, overrides) never wrap: one line each, greppable.
    table.add_column("dump (line, text)", ratio=2, overflow="fold")
    table.add_column("parse (what it became · rule · confidence)", ratio=3, overflow="fold")
    headed: set[int] = set()
    for row in report.rows:
        if only_doubtful and not row.doubtful:
            continue
        if row.article is not None and row.kind in ("paragraph", "heading") and row.article not in headed:
            headed.add(row.article)
            table.add_row(Text(""), _article_head(report, row.article), end_section=False)
        if row.kind == "gap" and not row.decisions:
            continue  # blank lines nobody decided anything about
        table.add_row(_dump(row), _parse(row))
    console.print(table)
    console.print(Text("Summary: " + report.summary(), style="bold"), soft_wrap=True)
    if report.doubtful:
        console.print(Text(f"For review ({len(report.doubtful)}, confidence < {DOUBT:g}):", style="bold yellow"), soft_wrap=True)
        for d in report.doubtful:
            console.print(Text(f"  ⚑ {_lines(d.start, d.end)}  {d.kind}: {d.rule} ({d.confidence:.2f})", style="yellow"), soft_wrap=True)
    if report.overrides:
        console.print(Text(f"Overrides from {report.overrides}:", style="bold cyan"), soft_wrap=True)
        for entry, effect in report.applied:
            console.print(Text(f"  ✓ {entry}: {effect}", style="cyan"), soft_wrap=True)
        for message in report.stale:
            console.print(Text(f"  ✗ {message}", style="red"), soft_wrap=True)


def _span(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def _lines(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}–{end}"


def _article_head(report: Report, index: int) -> Text:
    article = report.document.articles[index]
    text = Text(f"ARTICLE {index + 1}  ", style="bold reverse")
    text.append(article.title or "(untitled)", style="bold")
    for label, value in (("kicker", article.kicker), ("subtitle", article.subtitle)):
        if value:
            text.append(f"  {label}: {value}")
    if article.authors:
        text.append("  authors: " + "、".join(article.authors))
    if article.span:
        text.append(f"  {_lines(article.span.start, article.span.end)}", style="dim")
    fronts = [r for r in report.rows if r.kind == "title-block" and r.article == index]
    for row in fronts:
        text.append(f"  front matter from {_lines(row.start, row.end)}", style="magenta")
    for d in report.notes.get(index, []):
        text.append("\n")
        text.append_text(_decision(d))
    return text


def _dump(row: Row) -> Text:
    text = Text(style=STYLE.get(row.kind, ""))
    for i, line in enumerate(row.lines):
        if i:
            text.append("\n")
        text.append(f"{line.number:>4} ", style="dim")
        if line.blank:
            text.append("┄ column break" if row.kind in ("paragraph", "heading") else "┄", style="dark_orange" if row.kind in ("paragraph", "heading") else "dim")
            continue
        raw = line.raw.rstrip()
        lead = len(raw) - len(raw.lstrip())
        if lead:
            text.append("␣", style="dim")  # the leading space that starts a text block
        text.append(raw.lstrip())
        if line.join:
            text.append(JOIN_MARK.get(line.join.confidence, "") + " +", style="dim")
    return text


def _parse(row: Row) -> Group | Text:
    head = Text()
    mark = MARK.get(row.kind, "")
    if row.kind in ("paragraph", "heading"):
        head.append(f"{mark} {row.kind} {row.article + 1}.{row.block + 1}", style=STYLE[row.kind] or "bold")  # type: ignore[operator]
        head.append(f"  {_lines(row.start, row.end)}" + ("  (continued)" if row.continued else ""), style="dim")
        head.append("\n" + _clip(row.text, 120))
    elif row.kind == "title-block":
        target = f"→ article {row.article + 1}" if row.article is not None else "→ (no article)"
        head.append(f"{mark} title block {target}", style=STYLE[row.kind])
        head.append(f"  {_lines(row.start, row.end)}", style="dim")
        head.append("\n" + row.text)
    elif row.kind == "affiliation":
        head.append(f"{mark} affiliation: {row.text}", style="bold")
    elif row.kind == "text":
        head.append("? text the parser placed nowhere", style="bold red")
    lines = [head] if head.plain else []
    joins = [d for d in row.decisions if d.kind == "join"]
    for rule, count in Counter(d.rule for d in joins).items():
        lines.append(Text(f"  ↳ {count} joined line{'s' if count > 1 else ''}: {rule} ({_conf(rule, joins)})", style="dim"))
    lines.extend(_decision(d) for d in row.decisions if d.kind != "join")
    return Group(*lines) if len(lines) > 1 else (lines[0] if lines else Text(""))


def _conf(rule: str, joins: list[Decision]) -> str:
    return f"{next(d.confidence for d in joins if d.rule == rule):.2f}"


def _decision(d: Decision) -> Text:
    text = Text("  ")
    text.append(f"{_span(d.start, d.end):>7} ", style="dim")
    if d.doubtful:
        text.append("⚑ REVIEW ", style="bold black on yellow")
    text.append(f"{d.kind}", style=DECISION_STYLE.get(d.kind, ""))
    text.append(f" · {d.rule} · {d.confidence:.2f}")
    if d.detail and d.kind in ("override",):
        text.append(f" · {d.detail}")
    return text


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + f"… [{len(text)} chars]"
