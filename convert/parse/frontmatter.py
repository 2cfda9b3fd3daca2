"""Front matter: title blocks (kicker, title, subtitle, byline) and their articles.

The extraction scatters title blocks: at the top of the page, after an
affiliation, or collected at the end. A title block is recognised by its anchors:
a byline (``□ names``), a kicker ending in ``——``, a subtitle starting with
``——``; the title is the short, unpunctuated line(s) next to them. A title with
no anchor at all is recognised by where it stands (see ``passes``). Each block
is then attached to the article whose text it shares the most rare character
pairs with (by content, not by position; position only breaks ties).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .bylines import parse_authors
from .chunks import Chunk
from .join import join_lines
from .lines import Line
from .marks import DASH, ends_hard, ends_sentence, has_inner_stop

MAX_TITLE_LINES = 3
MAX_TITLE_WIDTH = 40  # ems: a title or kicker line is never longer than a wide column


@dataclass
class TitleBlock:
    chunks: list[Chunk] = field(default_factory=list)
    kicker: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    rule: str = ""

    @property
    def start(self) -> int:
        return min(c.start for c in self.chunks)

    @property
    def end(self) -> int:
        return max(c.end for c in self.chunks)

    @property
    def text(self) -> str:
        return "".join(x for x in (self.kicker, self.title, self.subtitle) if x)


# --- line and chunk shapes -------------------------------------------------------


def is_titleish_line(line: Line) -> bool:
    text = line.text
    return (
        bool(text)
        and line.width <= MAX_TITLE_WIDTH
        and not ends_hard(text)
        and not has_inner_stop(text)
        and not text.endswith(DASH)
        and not text.startswith(DASH)
    )


def is_title_chunk(chunk: Chunk) -> bool:
    return (
        chunk.kind == "text"
        and chunk.role is None
        and len(chunk.lines) <= MAX_TITLE_LINES
        and all(is_titleish_line(l) for l in chunk.lines)
        and not any(ends_sentence(l.text) for l in chunk.lines[:-1])
    )


def _dash_chunk(chunk: Chunk) -> str | None:
    """The text of a short, unclaimed, sentence-free chunk (what kickers and subtitles are)."""
    text = chunk.text
    if (
        chunk.role is None
        and len(chunk.lines) <= 2
        and len(text) > len(DASH)
        and "。" not in text
        and all(l.width <= MAX_TITLE_WIDTH for l in chunk.lines)
    ):
        return text
    return None


def is_kicker_chunk(chunk: Chunk) -> bool:
    # The cheap test first: most chunks are body text.
    return chunk.kind == "text" and chunk.lines[-1].text.endswith(DASH) and _dash_chunk(chunk) is not None


def is_subtitle_chunk(chunk: Chunk) -> bool:
    if chunk.kind != "text" or not chunk.lines[0].text.startswith(DASH):
        return False
    text = _dash_chunk(chunk)
    return text is not None and not text.endswith(DASH)


def _text(chunk: Chunk) -> str:
    return join_lines([l.text for l in chunk.lines])


# --- pre-pass: cut title lines out of the chunks they are glued to ------------------


def split_title_lines(chunks: list[Chunk]) -> list[Chunk]:
    """Separate kicker/title/subtitle lines that the dump glued together or onto body text.

    A short chunk without a full stop is cut after a line ending in ``——`` (kicker)
    and before a line starting with ``——`` (subtitle). Right above a byline with no
    blank line between, the trailing title-like lines of a body chunk are cut off.
    """
    out: list[Chunk] = []
    for index, chunk in enumerate(chunks):
        pieces = [chunk]
        following = chunks[index + 1] if index + 1 < len(chunks) else None
        if chunk.kind == "text" and following is not None and following.kind == "byline" and following.blank_before == 0:
            pieces = _cut_trailing_title(chunk)
        final: list[Chunk] = []
        for piece in pieces:
            final.extend(_cut_dashes(piece))
        out.extend(final)
    return out


def _cut_trailing_title(chunk: Chunk) -> list[Chunk]:
    lines = chunk.lines
    if len(lines) <= MAX_TITLE_LINES and all(is_titleish_line(l) for l in lines):
        return [chunk]
    # At most two title lines, and the body line above them must end a sentence.
    cut = len(lines)
    while cut > 0 and len(lines) - cut < 2 and is_titleish_line(lines[cut - 1]):
        cut -= 1
        if cut > 0 and ends_sentence(lines[cut - 1].text):
            break
    if cut in (0, len(lines)) or not ends_sentence(lines[cut - 1].text):
        return [chunk]
    return [Chunk(lines[:cut], chunk.blank_before), Chunk(lines[cut:], 0)]


def _cut_dashes(chunk: Chunk) -> list[Chunk]:
    lines = chunk.lines
    if chunk.kind != "text" or len(lines) < 2 or len(lines) > 4 or any("。" in l.text for l in lines):
        return [chunk]
    pieces: list[Chunk] = []
    current: list[Line] = []
    blank = chunk.blank_before
    for line in lines:
        if current and line.text.startswith(DASH):
            pieces.append(Chunk(current, blank))
            current, blank = [], 0
        current.append(line)
        if line.text.endswith(DASH):
            pieces.append(Chunk(current, blank))
            current, blank = [], 0
    if current:
        pieces.append(Chunk(current, blank))
    return pieces


# --- title blocks from anchors -------------------------------------------------------


def find_title_blocks(chunks: list[Chunk]) -> list[TitleBlock]:
    """Title blocks anchored by a byline, a kicker or a subtitle; marks their chunks' role."""
    blocks: list[TitleBlock] = []
    for index, chunk in enumerate(chunks):
        if chunk.kind == "byline" and chunk.role is None:
            blocks.append(_around_byline(chunks, index))
    for index, chunk in enumerate(chunks):
        if is_kicker_chunk(chunk):
            block = _after_kicker(chunks, index)
            if block:
                blocks.append(block)
    for index, chunk in enumerate(chunks):
        if is_subtitle_chunk(chunk) and index > 0 and is_title_chunk(chunks[index - 1]) and chunk.blank_before <= 1:
            block = TitleBlock(rule="title above a subtitle")
            _claim(block, chunks[index], "subtitle")
            _claim(block, chunks[index - 1], "title")
            _maybe_kicker(block, chunks, index - 1)
            blocks.append(block)
    blocks.sort(key=lambda b: b.start)
    return blocks


def _claim(block: TitleBlock, chunk: Chunk, role: str) -> None:
    chunk.role = role
    block.chunks.append(chunk)
    block.chunks.sort(key=lambda c: c.start)
    text = _text(chunk)
    if role == "kicker":
        block.kicker = text[: -len(DASH)].strip() if text.endswith(DASH) else text
    elif role == "subtitle":
        block.subtitle = text[len(DASH):].strip() if text.startswith(DASH) else text
    elif role == "title":
        block.title = text
    elif role == "byline":
        block.authors = parse_authors(chunk.text if len(chunk.lines) == 1 else " ".join(l.text for l in chunk.lines))


def _maybe_kicker(block: TitleBlock, chunks: list[Chunk], title_index: int) -> None:
    if title_index > 0 and chunks[title_index].blank_before <= 1 and is_kicker_chunk(chunks[title_index - 1]):
        _claim(block, chunks[title_index - 1], "kicker")


def _around_byline(chunks: list[Chunk], index: int) -> TitleBlock:
    block = TitleBlock(rule="byline")
    _claim(block, chunks[index], "byline")
    above = index - 1
    if above >= 0 and chunks[index].blank_before <= 1 and is_subtitle_chunk(chunks[above]):
        _claim(block, chunks[above], "subtitle")
        above -= 1
    if above >= 0 and chunks[above + 1].blank_before <= 1 and is_title_chunk(chunks[above]):
        _claim(block, chunks[above], "title")
        block.rule = "title above a byline"
        _maybe_kicker(block, chunks, above)
    elif above >= 0 and chunks[above + 1].blank_before <= 1 and is_kicker_chunk(chunks[above]):
        _claim(block, chunks[above], "kicker")
    return block


def _after_kicker(chunks: list[Chunk], index: int) -> TitleBlock | None:
    following = index + 1
    if following >= len(chunks) or chunks[following].blank_before > 1 or not is_title_chunk(chunks[following]):
        return None
    block = TitleBlock(rule="title below a kicker")
    _claim(block, chunks[index], "kicker")
    _claim(block, chunks[following], "title")
    after = following + 1
    if after < len(chunks) and chunks[after].blank_before <= 1 and is_subtitle_chunk(chunks[after]):
        _claim(block, chunks[after], "subtitle")
    return block


def lone_title(chunk: Chunk, rule: str) -> TitleBlock:
    block = TitleBlock(rule=rule)
    _claim(block, chunk, "title")
    return block


def lone_byline(chunk: Chunk) -> TitleBlock:
    """A byline with no title next to it: a block of authors only."""
    block = TitleBlock(rule="byline alone")
    _claim(block, chunk, "byline")
    return block


# --- attachment by content -------------------------------------------------------


_NOT_CJK = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")


def _bigrams(text: str) -> set[str]:
    """Pairs of adjacent CJK characters (punctuation and Latin dropped first)."""
    chars = _NOT_CJK.sub("", text)
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


@dataclass
class Attachment:
    block: TitleBlock
    article: int | None  # index into the article list; None: the block stands alone
    score: float  # share of the block's rare character pairs found in the article (0..1)
    margin: float  # best score minus the runner-up: how sure the choice is


def attach_titles(blocks: list[TitleBlock], article_texts: list[str], article_starts: list[int], window: int = 12) -> list[Attachment]:
    """Assign each title block to at most one article, maximising shared rare bigrams.

    Scores are IDF-weighted bigram overlaps (a pair every competing article has says
    nothing), the rarity counted among the articles that compete for the block.
    Only articles within ``window`` positions of the block compete, which keeps the
    cost linear on long inputs; a page holds far fewer articles than that.
    Assignment is greedy on the best remaining score, then improved by moves and swaps
    that raise the total (see ``_improve``), with a small preference for the article whose
    body follows the block, for blocks without text (bylines only).
    """
    if not blocks:
        return []
    block_grams = [_bigrams(b.text) for b in blocks]
    grams = [_bigrams(t) for t in article_texts]
    n = len(article_texts)

    candidates: list[tuple[float, int, int]] = []
    per_block: list[list[float]] = []
    table: dict[tuple[int, int], float] = {}  # (block, article) → score, for the improvement pass
    for bi, (block, bg) in enumerate(zip(blocks, block_grams)):
        position = _position(article_starts, block.start)
        lo, hi = max(0, position - window), min(n, position + window)
        # Rarity among the articles that compete for this block (a page's neighbourhood):
        # counted per block, so the cost stays linear however long the input.
        rivals = grams[lo:hi]
        weights = {g: math.log((len(rivals) + 1) / (sum(1 for r in rivals if g in r) + 0.5)) for g in bg}
        total = sum(weights.values()) or 1.0
        scores = []
        for ai in range(lo, hi):
            content = sum(weights[g] for g in bg & grams[ai]) / total
            # Tie-break only: the article right after the block (title on top), then the one before.
            near = 0.02 if ai == position else 0.01 if ai == position - 1 else 0.0
            score = content + near
            scores.append(score)
            candidates.append((score, bi, ai))
            table[bi, ai] = score
        per_block.append(sorted(scores, reverse=True))
    candidates.sort(key=lambda item: (-item[0], item[1], item[2]))
    taken_blocks: dict[int, tuple[int, float]] = {}
    taken_articles: set[int] = set()
    for score, bi, ai in candidates:
        if bi in taken_blocks or ai in taken_articles:
            continue
        taken_blocks[bi] = (ai, score)
        taken_articles.add(ai)
    _improve(taken_blocks, taken_articles, table)
    out = []
    for bi, block in enumerate(blocks):
        ranked = per_block[bi]
        runner = ranked[1] if len(ranked) > 1 else 0.0
        if bi in taken_blocks:
            ai, score = taken_blocks[bi]
            out.append(Attachment(block, ai, min(1.0, score), score - runner))
        else:
            out.append(Attachment(block, None, 0.0, 0.0))
    return out


def _improve(taken: dict[int, tuple[int, float]], used: set[int], table: dict[tuple[int, int], float]) -> None:
    """Greedy choice can strand a block: its best article went to a block that fits another
    article almost as well. Move a block to a free article it fits better, or swap two
    blocks' articles, while that raises the total score. Each step strictly raises the
    total, so it ends; only blocks that compete for the same articles are compared."""
    reach: dict[int, list[int]] = {}
    for bi, ai in table:
        reach.setdefault(bi, []).append(ai)
    owner = {ai: bi for bi, (ai, _) in taken.items()}
    improved = True
    while improved:
        improved = False
        for b1 in list(taken):
            a1, s1 = taken[b1]
            for a2 in reach.get(b1, ()):
                if a2 == a1:
                    continue
                gain_here = table[b1, a2] - s1
                if a2 not in owner:
                    if gain_here > 1e-9:  # a free article this block fits better
                        del owner[a1]
                        used.discard(a1)
                        owner[a2] = b1
                        used.add(a2)
                        taken[b1] = (a2, table[b1, a2])
                        improved = True
                        break
                    continue
                b2 = owner[a2]
                back = table.get((b2, a1))
                if back is not None and gain_here + back - taken[b2][1] > 1e-9:
                    taken[b1], taken[b2] = (a2, table[b1, a2]), (a1, back)
                    owner[a1], owner[a2] = b2, b1
                    improved = True
                    break


def _position(starts: list[int], line: int) -> int:
    """Index of the first article whose body starts after ``line`` (starts are ascending)."""
    return bisect_right(starts, line)
