"""The inspect report's model: the raw dump cut into rows, each beside what the parser made of it.

A row is a run of source lines with one owner: a block (heading or paragraph), a
title block, an affiliation, or blank lines between blocks (a gap). Title blocks and
affiliations own their lines first, blocks take the rest of their span, so a block
interrupted by a title block shows as two rows. Every decision of the trace lands
on exactly one row: the smallest row holding its whole span, else the gap between
the two rows it connects, else the row where it starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Document
from ..parse.join import join_pair
from ..parse.lines import split_lines
from ..parse.trace import DOUBT, Decision

KINDS = ("paragraph", "heading", "title-block", "affiliation", "gap", "text")


@dataclass(frozen=True)
class SourceLine:
    number: int
    raw: str  # the line as the dump has it (leading space kept)
    blank: bool
    join: Decision | None = None  # how this line was joined to the next one, inside a block


@dataclass
class Row:
    kind: str  # one of KINDS
    start: int
    end: int
    lines: list[SourceLine]
    article: int | None = None  # 0-based
    block: int | None = None  # 0-based within the article
    text: str = ""  # what the parser made of these lines
    continued: bool = False  # a later run of a block interrupted by a title block
    decisions: list[Decision] = field(default_factory=list)
    key: tuple = field(default=(), repr=False)  # the owner, to group lines

    @property
    def doubtful(self) -> list[Decision]:
        return [d for d in self.decisions if d.doubtful]


@dataclass
class Thumbnail:
    name: str  # output file name
    page: int  # 1-based
    png: bytes
    width: int
    height: int


@dataclass
class Report:
    source: str
    document: Document
    rows: list[Row]
    decisions: list[Decision]  # the parser's, plus one "join" per joined line pair
    notes: dict[int, list[Decision]] = field(default_factory=dict)  # article index → decisions about it as a whole
    applied: list[tuple[str, str]] = field(default_factory=list)  # (override entry, effect)
    stale: list[str] = field(default_factory=list)
    overrides: str | None = None  # the overrides file used
    thumbnails: list[Thumbnail] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)  # output files found for this input

    @property
    def doubtful(self) -> list[Decision]:
        return [d for d in self.decisions if d.doubtful]

    def counts(self) -> dict[str, int]:
        blocks = [b for a in self.document.articles for b in a.blocks]
        return {
            "articles": len(self.document.articles),
            "paragraphs": sum(b.type == "paragraph" for b in blocks),
            "headings": sum(b.type == "heading" for b in blocks),
            "title blocks": sum(r.kind == "title-block" for r in self.rows),
            # Every blank line a block runs across was read as a column break.
            "column breaks": sum(line.blank for r in self.rows if r.kind in ("paragraph", "heading") for line in r.lines),
            "doubtful": len(self.doubtful),
        }

    def summary(self) -> str:
        parts = [f"{v} {k}" for k, v in self.counts().items()]
        if self.overrides:
            parts.append(f"{len(self.applied)} overrides applied")
            if self.stale:
                parts.append(f"{len(self.stale)} stale")
        return ", ".join(parts)


# --- building ------------------------------------------------------------------------


def join_rule(left: str, right: str) -> tuple[str, float]:
    """Which joining rule ``join_pair`` applied to two wrapped lines, in words."""
    joined = join_pair(left, right)
    if joined == left + " " + right:
        return "a break between Latin words or numbers is one space", 0.95
    if joined == left[:-1] + right:
        return "a hyphen that only wrapped a Latin word is removed", 0.85
    return "a break inside CJK text is nothing", 0.99


def build(source: str | Path, text: str, document: Document, decisions: list[Decision]) -> Report:
    measured = split_lines(text)
    raws = text.split("\n")
    owner: list[tuple | None] = [None] * (len(measured) + 2)

    def claim(start: int, end: int, key: tuple, only_free: bool = False) -> None:
        for number in range(max(1, start), min(end, len(measured)) + 1):
            if not only_free or owner[number] is None:
                owner[number] = key

    titles = [d for d in decisions if d.kind == "attach"]
    affiliations = [d for d in decisions if d.kind == "affiliation"]
    for k, d in enumerate(titles):
        claim(d.start, d.end, ("title-block", k))
    for k, d in enumerate(affiliations):
        claim(d.start, d.end, ("affiliation", k))
    for ai, article in enumerate(document.articles):
        for bi, block in enumerate(article.blocks):
            if block.span:
                claim(block.span.start, block.span.end, ("block", ai, bi), only_free=True)

    joins: list[Decision] = []
    lines: list[SourceLine] = []
    for line in measured:
        join = None
        key = owner[line.number]
        after = measured[line.number] if line.number < len(measured) else None
        if key and key[0] == "block" and not line.blank and after is not None and not after.blank and owner[after.number] == key:
            rule, confidence = join_rule(line.text, after.text)
            join = Decision(line.number, after.number, "join", rule, confidence)
            joins.append(join)
        lines.append(SourceLine(line.number, raws[line.number - 1], line.blank, join))

    rows: list[Row] = []
    seen_blocks: set[tuple] = set()
    for line in lines:
        key = owner[line.number] or (("gap",) if line.blank else ("text",))
        if rows and rows[-1].key == key:
            rows[-1].lines.append(line)
            rows[-1].end = line.number
            continue
        row = _row(key, line, document, titles, affiliations)
        row.continued = key[0] == "block" and key in seen_blocks
        seen_blocks.add(key)
        rows.append(row)
    for row in rows:
        row.decisions.extend(l.join for l in row.lines if l.join)
    notes: dict[int, list[Decision]] = {}
    for d in decisions:
        if d.kind == "override" and d.article is not None:  # front matter set on a whole article
            notes.setdefault(d.article, []).append(d)
    _place([d for d in decisions if not (d.kind == "override" and d.article is not None)], rows)
    for row in rows:
        row.decisions.sort(key=lambda d: (d.start, d.end))
    return Report(str(source), document, rows, list(decisions) + joins, notes)


def _row(key: tuple, line: SourceLine, document: Document, titles: list[Decision], affiliations: list[Decision]) -> Row:
    row = Row(kind=key[0], start=line.number, end=line.number, lines=[line], key=key)
    if key[0] == "block":
        row.article, row.block = key[1], key[2]
        block = document.articles[key[1]].blocks[key[2]]
        row.kind, row.text = block.type, block.text
    elif key[0] == "title-block":
        d = titles[key[1]]
        row.article = d.article
        row.text = front_matter(document.articles[d.article]) if d.article is not None else d.detail
    elif key[0] == "affiliation":
        row.text = affiliations[key[1]].detail
        row.article = _article_ending(document, affiliations[key[1]].end)
    return row


def front_matter(article) -> str:
    """``kicker: … / title: … / subtitle: … / authors: …`` as the article now has them."""
    parts = [f"{label}: {value}" for label, value in (("kicker", article.kicker), ("title", article.title), ("subtitle", article.subtitle)) if value]
    if article.authors:
        parts.append("authors: " + "、".join(article.authors))
    return " / ".join(parts)


def _article_ending(document: Document, line: int) -> int | None:
    for index, article in enumerate(document.articles):
        if article.span and article.span.start <= line <= article.span.end and article.blocks:
            return index
    return None


def _place(decisions: list[Decision], rows: list[Row]) -> None:
    for d in decisions:
        holding = [r for r in rows if r.start <= d.start and d.end <= r.end and r.kind != "gap"]
        if d.kind in ("attach", "title-block"):
            holding = [r for r in holding if r.kind == "title-block"] or holding
        if holding:
            min(holding, key=lambda r: r.end - r.start).decisions.append(d)
            continue
        between = [r for r in rows if r.kind == "gap" and d.start < r.start and r.end < d.end]
        if between:
            between[0].decisions.append(d)
            continue
        # A break with no blank line to stand on belongs to what starts there.
        starting = [r for r in rows if r.start <= d.end <= r.end] or [r for r in rows if r.start <= d.start <= r.end] or rows[-1:]
        for r in starting[:1]:
            r.decisions.append(d)


def doubt_threshold() -> float:
    return DOUBT
