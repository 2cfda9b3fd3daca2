"""The parser's passes, in their explicit order.

1. ``lines``      measure every line (display width, leading space).
2. ``chunks``     cut at blank lines, text-block starts, bylines and affiliations.
3. ``frontmatter`` cut glued title lines; find title blocks by their anchors.
4. ``segment``    walk the body chunks: affiliations end an article, a text block
                  that starts after a finished sentence begins one; short chunks
                  become headings inside an article, titles where none is running.
5. ``assemble``   join column-broken chunks into paragraphs, merge cut headings.
6. ``attach``     give each title block to the article it shares the most text with.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from ..model import Article, Block, Document, Span
from . import blocks as body
from .chunks import Chunk, split_chunks
from .frontmatter import TitleBlock, attach_titles, find_title_blocks, lone_title, split_title_lines
from .join import join_lines
from .lines import split_lines
from .marks import ends_sentence
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


def run(text: str, trace: Trace | None = None) -> Document:
    trace = trace or Trace(enabled=False)
    lines = split_lines(text)
    chunks = split_title_lines(split_chunks(lines))
    if not chunks:
        return Document()
    widths = ColumnWidths(chunks)
    titles = find_title_blocks(chunks)
    for block in titles:
        trace.add(block.start, block.end, "title-block", block.rule, 0.95, block.title or block.kicker or "")
    drafts, lone = _segment(chunks, widths, trace)
    titles = sorted(titles + lone, key=lambda b: b.start)
    drafts = [d for d in drafts if d.items or d.affiliation]
    articles = [_assemble(d, widths, trace) for d in drafts]
    return Document(articles=tuple(_attach(articles, drafts, titles, trace)))


# --- 4. segment ------------------------------------------------------------------


def _segment(chunks: list[Chunk], widths: ColumnWidths, trace: Trace) -> tuple[list[Draft], list[TitleBlock]]:
    drafts: list[Draft] = [Draft()]
    lone: list[TitleBlock] = []
    last_body: Chunk | None = None
    crossed_title = False  # a title block stands between the last body chunk and this one
    order = [c for c in chunks if c.role is None]
    last_text = max((i for i, c in enumerate(order) if c.kind == "text"), default=-1)
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
            block = TitleBlock(rule="byline alone")
            block.chunks.append(chunk)
            from .bylines import parse_authors

            block.authors = parse_authors(chunk.text)
            chunk.role = "byline"
            lone.append(block)
            crossed_title = True
            continue
        following = _next_text(order, index)
        finished = last_body is None or ends_sentence(last_body.lines[-1].text)
        continues = last_body is not None and not finished and current.items and current.items[-1] is last_body
        if continues:
            pass  # after an unfinished sentence a blank line is a column break, whatever the shape
        elif body.is_short_candidate(chunk):
            verdict = body.judge_short(chunk, following, widths, habit.at(chunk))
            if following is None and index >= last_text:
                # Nothing left to continue it: a short line after the last body text is a title.
                verdict = body.ShortVerdict(True, 0.8, "short line after the last body text")
            elif chunk.starts_block and following is not None and following.starts_block and finished:
                # A text block of its own, followed by another: it does not run on.
                verdict = body.ShortVerdict(True, 0.8, "a short text block of its own before an article")
            if verdict.standalone:
                if _in_title_zone(current, chunk, following, index, last_text):
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


def _in_title_zone(current: Draft, chunk: Chunk, following: Chunk | None, index: int, last_text: int) -> bool:
    """Where no article is running, a standalone short chunk is a title, not a heading:
    before any body text of the article (page top, after an affiliation), right before a
    new text block, or after the last body text of the page."""
    if not current.has_body:
        return True
    if chunk.starts_block:
        return True
    if following is not None and following.starts_block:
        return True
    return index >= last_text


# --- 5. assemble -------------------------------------------------------------------


def _assemble(draft: Draft, widths: ColumnWidths, trace: Trace) -> Article:
    bodies = [c for c in draft.items if c.role == "body"]
    habit = body.indent_habit(bodies, widths)
    blocks: list[Block] = []
    groups: list[tuple[str, list[Chunk]]] = []
    for chunk in draft.items:
        previous = groups[-1] if groups else None
        if chunk.role == "heading":
            if previous and previous[0] == "heading" and body.should_merge_headings(previous[1][-1], chunk):
                previous[1].append(chunk)
                trace.add(previous[1][0].start, chunk.end, "join", "a heading cut by a column break", 0.7)
                continue
            groups.append(("heading", [chunk]))
            continue
        if previous and previous[0] == "paragraph":
            joined, confidence, rule = body.column_break(previous[1][-1], chunk, widths, habit)
            trace.add(previous[1][-1].end, chunk.start, "column-break" if joined else "paragraph-break", rule, confidence)
            if joined:
                previous[1].append(chunk)
                continue
        groups.append(("paragraph", [chunk]))
    for kind, members in groups:
        text = join_lines([line.text for chunk in members for line in chunk.lines])
        blocks.append(Block(kind, text, Span(members[0].start, members[-1].end)))  # type: ignore[arg-type]
    first = draft.items[0].start if draft.items else draft.start
    last = draft.affiliation.end if draft.affiliation else (draft.items[-1].end if draft.items else first)
    return Article(
        blocks=tuple(blocks),
        affiliation=draft.affiliation.value if draft.affiliation else None,
        span=Span(first, last),
    )


# --- 6. attach ---------------------------------------------------------------------


def _attach(articles: list[Article], drafts: list[Draft], titles: list[TitleBlock], trace: Trace) -> list[Article]:
    from dataclasses import replace

    texts = ["".join(b.text for b in a.blocks) for a in articles]
    starts = [d.start for d in drafts]
    result = list(articles)
    standalone: list[tuple[int, Article]] = []
    for attachment in attach_titles(titles, texts, starts):
        block = attachment.block
        fields = dict(kicker=block.kicker, title=block.title, subtitle=block.subtitle, authors=tuple(block.authors))
        if attachment.article is None:
            standalone.append((block.start, Article(span=Span(block.start, block.end), **fields)))
            trace.add(block.start, block.end, "attach", "no article left for this title block: it stands alone", 0.4)
            continue
        confidence = min(0.99, 0.5 + attachment.margin)
        label = block.title or block.kicker or "、".join(block.authors)
        trace.add(block.start, block.end, "attach", f"shares {attachment.score:.0%} of its rare character pairs with article {attachment.article + 1}", confidence, label)
        result[attachment.article] = replace(result[attachment.article], **fields)
    for start, article in standalone:  # in source order: each lands after the bodies before it
        position = bisect_left([a.span.start if a.span else 0 for a in result], start)
        result.insert(position, article)
    return result
