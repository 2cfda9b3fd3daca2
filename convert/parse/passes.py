"""The parser's passes, in their explicit order.

1. ``lines``      measure every line (display width, leading space).
2. ``chunks``     cut at blank lines, text-block starts, bylines and affiliations.
3. ``frontmatter`` cut glued title lines; find title blocks by their anchors.
4. ``segment``    walk the body chunks: affiliations end an article, a text block
                  that starts after a finished sentence begins one; short chunks
                  become headings inside an article, titles where none is running.
5. ``assemble``   join column-broken chunks into paragraphs, merge cut headings.
6. ``attach``     give each title block to the article it shares the most text with.

An editor's corrections (``overrides``: the ``<stem>.huozi.toml`` sidecar) are asked
at the decision points of passes 4–6 and win over the rules; the front matter they
set is applied last.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field, replace

from ..model import Article, Block, Document, Span
from . import blocks as body
from .chunks import Chunk, split_chunks
from .frontmatter import TitleBlock, attach_titles, find_title_blocks, lone_byline, lone_title, split_title_lines
from .join import join_lines
from .lines import split_lines
from .marks import ends_sentence
from .overrides import Overrides, Session
from .trace import Trace
from .widths import ColumnWidths


@dataclass
class Draft:
    """An article being collected: its body chunks (with a role each) and affiliation."""

    items: list[Chunk] = field(default_factory=list)
    affiliation: Chunk | None = None

    @property
    def has_body(self) -> bool:
        return any(c.role == "body" for c in self.items)

    @property
    def start(self) -> int:
        return self.items[0].start if self.items else (self.affiliation.start if self.affiliation else 0)


def run(text: str, trace: Trace | None = None, overrides: Overrides | Session | None = None) -> Document:
    """Parse a dump; ``trace`` collects every decision, ``overrides`` an editor's corrections
    (pass a ``Session`` to learn afterwards which of them matched)."""
    trace = trace or Trace(enabled=False)
    fixes = overrides.session() if isinstance(overrides, Overrides) else overrides
    lines = split_lines(text)
    chunks = split_title_lines(split_chunks(lines))
    if not chunks:
        return Document()
    widths = ColumnWidths(chunks)
    titles = find_title_blocks(chunks)
    for block in titles:
        trace.add(block.start, block.end, "title-block", block.rule, 0.95, block.title or block.kicker or "")
    drafts, lone = _segment(chunks, widths, trace, fixes)
    titles = sorted(titles + lone, key=lambda b: b.start)
    drafts = [d for d in drafts if d.items or d.affiliation]
    articles = [_assemble(d, widths, trace, fixes) for d in drafts]
    result = _attach(articles, drafts, titles, trace, fixes)
    if fixes is not None:
        for index, name, value in fixes.fix_articles(result):
            span = result[index].span or Span(0, 0)
            shown = "、".join(value) if isinstance(value, tuple) else (value or "(removed)")
            trace.add(span.start, span.end, "override", f"override: {name} of article {index + 1}", 1.0, shown, index)
    return Document(articles=tuple(result))


# --- 4. segment ------------------------------------------------------------------


def _segment(chunks: list[Chunk], widths: ColumnWidths, trace: Trace, fixes: Session | None = None) -> tuple[list[Draft], list[TitleBlock]]:
    drafts: list[Draft] = [Draft()]
    lone: list[TitleBlock] = []
    last_body: Chunk | None = None
    crossed_title = False  # a title block stands between the last body chunk and this one
    order = [c for c in chunks if c.role is None]
    tail = _tail_start(order)
    habit = body.LocalHabit(order, widths)
    for index, chunk in enumerate(order):
        current = drafts[-1]
        if chunk.kind == "affiliation":
            current.affiliation = chunk
            trace.add(chunk.start, chunk.end, "affiliation", "（作者单位：…） ends an article", 0.99, chunk.value or "")
            drafts.append(Draft())
            last_body = None
            continue
        if chunk.kind == "byline":  # a byline with no title next to it: authors only
            lone.append(lone_byline(chunk))
            crossed_title = True
            continue
        following = _next_text(order, index)
        finished = last_body is None or ends_sentence(last_body.lines[-1].text)
        continues = last_body is not None and not finished and current.items and current.items[-1] is last_body
        forced = fixes.heading(chunk.start, chunk.end, chunk.text) if fixes is not None else None
        if forced is not None:
            if forced[0]:
                chunk.role = "heading"
                chunk.notes.append("override")  # exactly this heading: never merged with a neighbour
                body.record(trace, chunk, "heading", forced[1], 1.0, chunk.text)
                current.items.append(chunk)
                continue
            body.record(trace, chunk, "override", forced[1], 1.0, chunk.text)
        elif continues:
            pass  # after an unfinished sentence a blank line is a column break, whatever the shape
        elif body.is_short_candidate(chunk):
            verdict = body.judge_short(chunk, following, widths, habit.at(chunk), order[index - 1] if index else None)
            if index >= tail and finished:
                # Only short lines follow the last body text: titles collected at the page's end.
                verdict = body.ShortVerdict(True, 0.8, "short line after the last body text")
            elif chunk.starts_block and following is not None and following.starts_block and finished:
                # A text block of its own, followed by another: it does not run on.
                verdict = body.ShortVerdict(True, 0.8, "a short text block of its own before an article")
            if verdict.standalone:
                if _in_title_zone(current, chunk, following, index >= tail):
                    block = lone_title(chunk, "short line where no article is running: " + verdict.rule)
                    lone.append(block)
                    trace.add(chunk.start, chunk.end, "title-block", block.rule, verdict.confidence * 0.9, chunk.text)
                    crossed_title = True
                    continue
                chunk.role = "heading"
                body.record(trace, chunk, "heading", verdict.rule, verdict.confidence, chunk.text)
                current.items.append(chunk)
                continue
            body.record(trace, chunk, "column-break", "cut paragraph start: " + verdict.rule, verdict.confidence)
        chunk.role = "body"
        new_article = current.has_body and finished and (chunk.starts_block or crossed_title)
        if new_article:
            drafts.append(Draft())
            current = drafts[-1]
            why = "a text block starts after a finished sentence" if chunk.starts_block else "a title block stands between two finished articles"
            trace.add(chunk.start, chunk.end, "article-start", why, 0.85)
        current.items.append(chunk)
        last_body = chunk
        crossed_title = False
    return drafts, lone


def _next_text(order: list[Chunk], index: int) -> Chunk | None:
    """The chunk right after this one if it is running text (an affiliation or byline stops)."""
    following = order[index + 1] if index + 1 < len(order) else None
    return following if following is not None and following.kind == "text" else None


def _tail_start(order: list[Chunk]) -> int:
    """Where the page's trailing run of short chunks (nothing but titles after the body) starts."""
    start = len(order)
    for index in range(len(order) - 1, -1, -1):
        chunk = order[index]
        if chunk.kind == "text" and not body.is_short_candidate(chunk):
            break
        start = index
    return start


def _in_title_zone(current: Draft, chunk: Chunk, following: Chunk | None, in_tail: bool) -> bool:
    """Where no article is running, a standalone short chunk is a title, not a heading:
    before any body text of the article (page top, after an affiliation), right before a
    new text block, or after the last body text of the page."""
    if not current.has_body:
        return True
    if chunk.starts_block:
        return True
    if following is not None and following.starts_block:
        return True
    return in_tail


# --- 5. assemble -------------------------------------------------------------------


def _assemble(draft: Draft, widths: ColumnWidths, trace: Trace, fixes: Session | None = None) -> Article:
    bodies = [c for c in draft.items if c.role == "body"]
    habit = body.indent_habit(bodies, widths)
    blocks: list[Block] = []
    groups: list[tuple[str, list[Chunk]]] = []
    for chunk in draft.items:
        previous = groups[-1] if groups else None
        if chunk.role == "heading":
            pinned = "override" in chunk.notes or "override" in (previous[1][-1].notes if previous else ())
            if previous and previous[0] == "heading" and not pinned and body.should_merge_headings(previous[1][-1], chunk):
                previous[1].append(chunk)
                trace.add(previous[1][0].start, chunk.end, "join", "a heading cut by a column break", 0.7)
                continue
            groups.append(("heading", [chunk]))
            continue
        forced = fixes.paragraph_break(chunk.start, bool(previous and previous[0] == "paragraph")) if fixes is not None else None
        if previous and previous[0] == "paragraph":
            if forced is not None:
                joined, confidence, rule = forced[0], 1.0, forced[1]
            else:
                joined, confidence, rule = body.column_break(previous[1][-1], chunk, widths, habit)
            trace.add(previous[1][-1].end, chunk.start, "column-break" if joined else "paragraph-break", rule, confidence)
            if joined:
                previous[1].append(chunk)
                continue
        groups.append(("paragraph", [chunk]))
    for kind, members in groups:
        lines = [line for chunk in members for line in chunk.lines]
        for piece in _split_at(lines, fixes, trace) if kind == "paragraph" else [lines]:
            text = join_lines([line.text for line in piece])
            blocks.append(Block(kind, text, Span(piece[0].number, piece[-1].number)))  # type: ignore[arg-type]
    first = draft.items[0].start if draft.items else draft.start
    last = draft.affiliation.end if draft.affiliation else (draft.items[-1].end if draft.items else first)
    return Article(
        blocks=tuple(blocks),
        affiliation=draft.affiliation.value if draft.affiliation else None,
        span=Span(first, last),
    )


def _split_at(lines: list, fixes: Session | None, trace: Trace) -> list[list]:
    """An editor's paragraph splits inside one run of lines (no blank line there to decide on)."""
    points = fixes.split_points([line.number for line in lines]) if fixes is not None else []
    pieces: list[list] = [[]]
    for line in lines:
        if line.number in points:
            trace.add(pieces[-1][-1].number, line.number, "paragraph-break", f"override: split (line {line.number})", 1.0)
            pieces.append([])
        pieces[-1].append(line)
    return pieces


# --- 6. attach ---------------------------------------------------------------------


def _attach(articles: list[Article], drafts: list[Draft], titles: list[TitleBlock], trace: Trace, fixes: Session | None = None) -> list[Article]:
    texts = ["".join(b.text for b in a.blocks) for a in articles]
    starts = [d.start for d in drafts]
    # An editor's attachments first; the rest compete for the articles left.
    forced = fixes.attachments([(b.start, b.end) for b in titles], [a.span for a in articles]) if fixes is not None else {}
    taken = {target for target, _ in forced.values()}
    free_blocks = [i for i in range(len(titles)) if i not in forced]
    free_articles = [i for i in range(len(articles)) if i not in taken]
    plan: dict[int, tuple[int | None, str, float, float]] = {bi: (ai, rule, 1.0, 1.0) for bi, (ai, rule) in forced.items()}
    found = attach_titles([titles[i] for i in free_blocks], [texts[i] for i in free_articles], [starts[i] for i in free_articles])
    for bi, attachment in zip(free_blocks, found):
        if attachment.article is None:
            plan[bi] = (None, "no article left for this title block: it stands alone", 0.4, 0.0)
        else:
            plan[bi] = (free_articles[attachment.article], "", min(0.99, 0.5 + attachment.margin), attachment.score)
    result: list[tuple[Article, object]] = [(a, i) for i, a in enumerate(articles)]
    standalone: list[tuple[int, Article, object]] = []
    for bi, block in enumerate(titles):
        target = plan[bi][0]
        fields = dict(kicker=block.kicker, title=block.title, subtitle=block.subtitle, authors=tuple(block.authors))
        if target is None:
            standalone.append((block.start, Article(span=Span(block.start, block.end), **fields), ("block", bi)))
        else:
            result[target] = (replace(result[target][0], **fields), target)
    # Title-only articles take their place in source order: one merge, linear in the page.
    bodies = [(a.span.start if a.span else 0, 1, a, key) for a, key in result]
    alone = [(start, 0, article, key) for start, article, key in standalone]
    result = [(a, key) for _, _, a, key in heapq.merge(bodies, sorted(alone, key=lambda t: t[0]), key=lambda t: (t[0], t[1]))]
    final = {key: index for index, (_, key) in enumerate(result)}
    for bi, block in enumerate(titles):
        target, rule, confidence, score = plan[bi]
        index = final[target if target is not None else ("block", bi)]
        if not rule:
            rule = f"shares {score:.0%} of its rare character pairs with article {index + 1}"
        label = block.title or block.kicker or "、".join(block.authors)
        trace.add(block.start, block.end, "attach", rule, confidence, label, index)
    return [a for a, _ in result]
