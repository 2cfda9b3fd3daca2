"""Body text: is a short chunk a heading, and is a blank line a paragraph or a column break?

Rules, in the order they are tried:

*Short chunk* (≤ 2 lines, no full stop inside, not ending in 。：； — a heading
may end in ？ or ！, but ``问：…？`` lines are paragraphs). It stands alone
(heading, or a title where no article is running) when it is clearly shorter
than the column (every line ≤ width − 2.5 ems: more than a lost two-em indent)
or when the text after it opens a new paragraph (its first line is indented).
Otherwise it is the start of a paragraph cut by a column break.

*Blank line between two body chunks*. After an unfinished sentence it is a
column break (join). After a finished one it is a paragraph break, unless strong
evidence says otherwise: the next chunk starts with a mark no line can start
with (，。、…), or the article indents its paragraphs and neither the line before
the blank nor the one after it is short.

*Two standalone short chunks in a row* are one heading cut by a column break when
the first filled its line at least as far as the second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chunks import Chunk
from .marks import CONTINUATION_START, QA_PREFIX, ends_hard, ends_sentence, has_inner_stop
from .trace import Trace
from .widths import ColumnWidths, median

_LATIN_TAIL = re.compile(r"[A-Za-z0-9,]$")
# A heading's own numbering (一、 （二） 3.) is not running-text punctuation.
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])")
MID_SENTENCE = frozenset("，、,（“‘《")  # a chunk ending in these stops mid-sentence
MAX_SHORT_LINES = 2  # a heading wraps over two lines at most
SHORT_MARGIN = 2.5  # ems below the column: more than a lost indent
VERY_SHORT_MARGIN = 4.0  # ems below the column: more than a lost indent and two compressed marks
INDENT_MARGIN = 1.5  # ems below the column: a first line that kept its indent
NEAREST = 5  # lines of the following text that measure the column
WIDER_MARGIN = 2.0  # ems beyond the column: more than compressed punctuation can add
FULL_MARGIN = 1.0  # ems below the column: a line that runs the full measure


def is_short_candidate(chunk: Chunk) -> bool:
    if chunk.kind != "text" or chunk.role is not None or len(chunk.lines) > MAX_SHORT_LINES:
        return False
    text = chunk.text
    if has_inner_stop(text) or ends_hard(text) or QA_PREFIX.match(text) or text[-1] in MID_SENTENCE:
        return False
    if _unclosed(text):
        return False  # a bracket or quote left open: the sentence runs on past the blank line
    if len(chunk.lines) == 2 and chunk.lines[1].width > chunk.lines[0].width + 0.5:
        return False  # a wrapped heading fills its first line; a wider second line is an indented paragraph
    return not any(ends_sentence(line.text) for line in chunk.lines[:-1])


_PAIRS = (("（", "）"), ("(", ")"), ("“", "”"), ("‘", "’"), ("《", "》"), ("【", "】"), ("「", "」"), ("『", "』"))


def _unclosed(text: str) -> bool:
    return any(text.count(open_) > text.count(close) for open_, close in _PAIRS)


@dataclass(frozen=True)
class ShortVerdict:
    standalone: bool
    confidence: float
    rule: str


def judge_short(
    chunk: Chunk, following: Chunk | None, widths: ColumnWidths, habit: bool, preceding: Chunk | None = None
) -> ShortVerdict:
    after = _measure_after(chunk, following, widths)
    before = _measure_before(preceding)
    # A heading is short beside the text on both sides; a cut first line is full for its own
    # column, which may be the narrower one when the measure changes at the chunk.
    width = min(after, before) if before else after
    longest = max(line.width for line in chunk.lines)
    opens = _opens_paragraph(following, widths)
    size = f"{longest:g} of {width:g} ems"
    if following is not None and _LATIN_TAIL.search(chunk.text) and following.text[:1].islower() and following.text[:1].isascii():
        return ShortVerdict(False, 0.9, "an English phrase runs on into the next chunk")
    measured_here = following is not None and following.kind == "text" and len(following.lines) >= 2
    if longest > after + WIDER_MARGIN and measured_here and not any(mark in chunk.text for mark in "，、,"):
        # No line of this column is that long: it was set apart (a title or heading line).
        return ShortVerdict(True, 0.7, f"wider than the column ({size})")
    if longest <= width - VERY_SHORT_MARGIN:
        # No column-cut first line is this short: it stands alone whatever follows.
        return ShortVerdict(True, 0.75 if opens is False else 0.95, f"very short ({size})")
    if longest <= width - SHORT_MARGIN:
        if opens is False and habit:
            return ShortVerdict(False, 0.7, f"short ({size}) but the next line runs full where paragraphs are indented")
        first = widths.first_lines(chunk.start)
        if opens is not True and len(chunk.lines) == 1 and first and abs(longest - first) <= 1.0:
            return ShortVerdict(False, 0.6, f"as wide as this article's paragraph first lines ({size})")
        if opens is not True and any(mark in _NUMBERING.sub("", chunk.text) for mark in "，、,"):
            return ShortVerdict(False, 0.6, f"nearly full ({size}) and punctuated like running text")
        return ShortVerdict(True, 0.9 if opens else 0.7, f"short ({size})")
    # A near-full unfinished line before a blank is a column break (the house rule), even
    # when the next line looks indented: headings this long are rarer than changes of measure.
    confidence = 0.85 if opens is False else 0.55 if opens else 0.6
    return ShortVerdict(False, confidence, f"near full width ({size}): a paragraph cut by a column break")


def _measure_before(chunk: Chunk | None) -> float | None:
    """The column of the running text just before a chunk: its last middle lines."""
    if chunk is None or chunk.kind != "text" or chunk.role not in (None, "body") or len(chunk.lines) < 3:
        return None
    return median(line.width for line in chunk.lines[1:-1][-NEAREST:])


def _measure_after(chunk: Chunk, following: Chunk | None, widths: ColumnWidths) -> float:
    """The column a short chunk is measured against: the text right after it.

    If that text continues the chunk it runs the same column, and if it is a new
    paragraph it runs the article's column; either way its lines (bar the last,
    which may end the paragraph) show the measure, more locally than the page.
    """
    if following is not None and following.kind == "text" and len(following.lines) >= 3:
        # Its nearest lines: the measure can change further down the same paragraph.
        return median(line.width for line in following.lines[:-1][:NEAREST])
    if following is not None and following.kind == "text" and len(following.lines) == 2:
        return following.lines[0].width
    width = widths.after(chunk.end)
    if following is not None and following.kind == "text":
        width = max(width, following.lines[0].width)
    return width


def _opens_paragraph(chunk: Chunk | None, widths: ColumnWidths) -> bool | None:
    """True: first line indented; False: first line full; None: cannot tell."""
    if chunk is None or chunk.kind != "text" or chunk.role is not None:
        return None
    if chunk.indented:
        return True  # the dump kept the indent itself
    if len(chunk.lines) < 2:
        return None
    if len(chunk.lines) >= 3:
        # The chunk's own middle lines are the nearest measure of its column.
        width = median(line.width for line in chunk.lines[1:-1][:3])
    else:
        width = widths.around(chunk.start, chunk.end)
    first = chunk.lines[0].width
    if first <= width - INDENT_MARGIN:
        return True
    if first >= width - FULL_MARGIN:
        return False
    return None


def indent_habit(chunks: list[Chunk], widths: ColumnWidths) -> bool:
    """Do these paragraphs keep their indent (first lines ~2 ems short)?

    Only chunks after a finished sentence vote: they are paragraph starts.
    """
    return _habit(_opens_paragraph(c, widths) for prev, c in zip(chunks, chunks[1:]) if ends_sentence(prev.lines[-1].text))


def _habit(votes) -> bool:
    """At least two paragraph starts could tell, and three in four of them kept the indent."""
    known = [v for v in votes if v is not None]
    return len(known) >= 2 and sum(known) >= 0.75 * len(known)


class LocalHabit:
    """Indent habit of the text around a chunk: articles differ, so ask the neighbours.

    Each paragraph start (a chunk after a finished sentence) votes once; a chunk's
    habit is the vote of the paragraph starts within ``reach`` chunks of it.
    """

    def __init__(self, chunks: list[Chunk], widths: ColumnWidths, reach: int = 8):
        texts = [c for c in chunks if c.kind == "text"]
        self._index = {id(c): i for i, c in enumerate(texts)}
        self._votes: list[bool | None] = [None]
        for prev, chunk in zip(texts, texts[1:]):
            self._votes.append(_opens_paragraph(chunk, widths) if ends_sentence(prev.lines[-1].text) else None)
        self._reach = reach

    def at(self, chunk: Chunk) -> bool:
        i = self._index.get(id(chunk), 0)
        # The window starts one later than the chunk list would: a chunk's vote is about
        # the boundary before it, so the first chunk in the window cannot vote.
        return _habit(self._votes[max(0, i - self._reach) + 1 : i + self._reach])


def column_break(before: Chunk, after: Chunk, widths: ColumnWidths, habit: bool) -> tuple[bool, float, str]:
    """Is the blank line between two body chunks a column break (join) or a paragraph break?"""
    last = before.lines[-1].text
    if not ends_sentence(last):
        opens = _opens_paragraph(after, widths)
        confidence = 0.7 if opens else 0.95
        return True, confidence, "the sentence before the blank line is unfinished"
    if after.lines[0].text[:1] in CONTINUATION_START:
        return True, 0.9, "the next chunk starts with a mark no line starts with"
    if habit and len(after.lines) >= 2:
        width = widths.around(after.start, after.end)
        if after.lines[0].width >= width - 0.5 and before.lines[-1].width >= width - FULL_MARGIN:
            return True, 0.6, "a full line ends the sentence and the next line is not indented"
    return False, 0.9 if _opens_paragraph(after, widths) is not False else 0.75, "the sentence before the blank line is finished"


def should_merge_headings(first: Chunk, second: Chunk) -> bool:
    """A heading cut by a column break: the first part filled its line at least as far as the second."""
    if first.text[-1:] in "？！?!" or second.blank_before > 1:
        return False
    return first.lines[-1].width >= second.lines[0].width - 0.5


def record(trace: Trace, chunk: Chunk, kind: str, rule: str, confidence: float, detail: str = "") -> None:
    trace.add(chunk.start, chunk.end, kind, rule, confidence, detail)
