"""Format-neutral CJK line breaking and justification (W3C clreq, GB/T 15834).

Written by hand because no Python library applies the Chinese rules: ReportLab's CJK
wrapping follows Japanese kinsoku, checks no line-end rule and never justifies.

The breaker knows nothing of pages, PDF or direction. It takes a paragraph's text, an
``advance(char) -> float`` function and a measure in the same unit, and returns lines whose
characters carry offsets along the line's axis. Horizontal text passes horizontal advances
and a line width; vertical text (a later issue) passes vertical advances and a column height
and gets columns back, with the same rules.

Rules, from ``typography``:
- no line starts with a LINE_START_FORBIDDEN mark, none ends with a LINE_END_FORBIDDEN one;
- ``……`` / ``——`` and Latin words and numbers (``5G``, ``2025``, ``3.5%``) never split;
- every line but the last is justified: the slack goes evenly into the gaps between
  characters (never inside a Latin word or a doubled mark);
- adjacent full-width punctuation is squeezed to 1.5 em, and when the next character must
  stay on this line (line-start rule) the line's closing mark at the end may lose up to half
  its em ("push in") instead of pushing a character to the next line ("push out"); the choice
  takes whichever disturbs the spacing less. Hanging punctuation is an option.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from .typography import INSEPARABLE, LINE_END_FORBIDDEN, LINE_START_FORBIDDEN

Advance = Callable[[str], float]

# Latin words and numbers set as one unbreakable cluster: 5G, 2025, 3.5%, e-mail, U.S.
_WORD = re.compile(r"[0-9A-Za-z\u00C0-\u024F\uFF10-\uFF19]+(?:[.,:/'’\-+&_][0-9A-Za-z\u00C0-\u024F]+)*[%‰]?")
_DOUBLED = tuple(sorted(INSEPARABLE))
HANGABLE = frozenset("，。、,.")


@dataclass(frozen=True, slots=True)
class Cluster:
    """Characters set without inner spacing: one Han character, one word, one doubled mark."""

    start: int
    end: int
    kind: str  # "char" | "word" | "space"


def clusters(text: str) -> list[Cluster]:
    out: list[Cluster] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            out.append(Cluster(i, i + 1, "space"))
            i += 1
            continue
        pair = text[i : i + 2]
        if pair in INSEPARABLE:
            # A run like ——— pairs from the left; each pair is one cluster.
            out.append(Cluster(i, i + 2, "word"))
            i += 2
            continue
        m = _WORD.match(text, i)
        if m and m.end() - i > 1:
            out.append(Cluster(i, m.end(), "word"))
            i = m.end()
            continue
        out.append(Cluster(i, i + 1, "char"))
        i += 1
    return out


def may_break_between(left: Cluster, right: Cluster, text: str) -> bool:
    """Whether a line may end after ``left`` and the next begin with ``right``."""
    if right.kind == "space" or left.kind == "space":
        return True
    if text[right.start] in LINE_START_FORBIDDEN:
        return False
    if text[left.end - 1] in LINE_END_FORBIDDEN:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Line:
    """One line: text[start:end] with each character's offset along the line axis.

    ``offsets`` start at the line's origin (the indent is included); ``width`` is where the
    last character's advance ends after squeezing; ``justified`` says the slack was spread.
    Spaces at a break are dropped (start/end exclude them).
    """

    start: int
    end: int
    offsets: array
    width: float
    justified: bool
    last: bool


def break_paragraph(
    text: str,
    advance: Advance,
    measure: float,
    *,
    em: float,
    indent: float = 0.0,
    squeeze: tuple[Iterable[str], Iterable[str]] = ((), ()),
    hanging: bool = False,
    justify: bool = True,
    justify_last: bool = False,
) -> list[Line]:
    """Break ``text`` into justified lines of ``measure`` (same unit as ``advance``).

    ``squeeze`` is (closing, opening) marks whose blank half may be squeezed, from
    ``typography.squeezable``; ``em`` is the ideographic width (the font size).
    ``justify=False`` keeps natural spacing on every line (centred titles, TOC entries).
    """
    if not text:
        return []
    closing, opening = frozenset(squeeze[0]), frozenset(squeeze[1])
    adv = [advance(c) for c in text]
    half = em / 2
    # Fixed squeeze of adjacent punctuation (clreq §3.1.6: "，“" and "。”" take 1.5 em, not 2):
    # lead[i] is blank removed before glyph i (opening marks), tail[i] after it (closing marks).
    lead = [0.0] * len(text)
    tail = [0.0] * len(text)
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if (a in closing or a in opening) and (b in closing or b in opening):
            if a in closing and adv[i] >= em * 0.9:
                tail[i] = half
            elif b in opening and adv[i + 1] >= em * 0.9:
                lead[i + 1] = half
    width = [adv[i] - lead[i] - tail[i] for i in range(len(text))]
    cl, segments = _segments(text, width, measure - indent)

    def natural(seg: tuple[int, int]) -> float:
        return sum(width[cl[seg[0]].start : cl[seg[1] - 1].end])

    seg_width = [natural(s) for s in segments]
    lines: list[Line] = []
    spans: list[list] = []  # [first segment, end segment, first cluster, end cluster, push_in, hang, indent, last]
    seg, first = 0, True
    while seg < len(segments):
        while seg < len(segments) and cl[segments[seg][0]].kind == "space":
            seg += 1  # no space begins a line
        if seg >= len(segments):
            break
        line_indent = indent if first else 0.0
        avail = measure - line_indent
        # An opening mark squeezed against a previous mark gets its full em back at line start.
        used = lead[cl[segments[seg][0]].start]
        end = seg
        while end < len(segments) and used + seg_width[end] <= avail + 1e-6:
            used += seg_width[end]
            end += 1
        end = max(end, seg + 1)  # _segments guarantees one segment fits; guard anyway
        push_in = hang = 0.0
        if end < len(segments) and end > seg:
            over = used + seg_width[end] - avail
            last_char = cl[segments[end][1] - 1].end - 1
            room = half if (text[last_char] in closing and tail[last_char] == 0.0 and adv[last_char] >= em * 0.9) else 0.0
            if 0 < over <= room + 1e-6:
                push_in = over  # squeeze the line-end mark rather than push a character down
                used += seg_width[end] - over
                end += 1
            elif hanging and text[last_char] in HANGABLE and 0 < over <= adv[last_char] + 1e-6:
                hang = over
                used += seg_width[end]
                end += 1
        c0, c1 = segments[seg][0], segments[end - 1][1]
        while c1 > c0 + 1 and cl[c1 - 1].kind == "space":
            c1 -= 1  # nor ends one
        rest = end
        while rest < len(segments) and cl[segments[rest][0]].kind == "space" and segments[rest][1] - segments[rest][0] == 1:
            rest += 1
        is_last = rest >= len(segments)
        spans.append([seg, end, c0, c1, push_in, hang, line_indent, is_last])
        first = False
        seg = end
    _avoid_runt(spans, segments, cl, text)
    for seg, end, c0, c1, push_in, hang, line_indent, is_last in spans:
        lines.append(
            _place(cl, c0, c1, adv, lead, tail, measure - line_indent, line_indent,
                   justify=justify and (not is_last or justify_last), push_in=push_in, hang=hang, last=is_last)
        )
    return lines


def _avoid_runt(spans: list, segments, cl, text: str) -> None:
    """A last line of one character (and its marks) reads as a stray: give it a companion.

    The previous line hands its last segment down (it is justified a little looser), as a
    typesetter does; only when that line keeps at least two segments.
    """
    if len(spans) < 2:
        return
    last, prev = spans[-1], spans[-2]
    body = [ch for ch in text[cl[last[2]].start : cl[last[3] - 1].end] if ch not in LINE_START_FORBIDDEN and not ch.isspace()]
    if len(body) > 1 or prev[1] - prev[0] < 3 or prev[4] or prev[5]:
        return
    moved = prev[1] - 1
    if cl[segments[moved][0]].kind == "space":
        return
    prev[1] = moved
    prev[3] = segments[moved - 1][1]
    while prev[3] > prev[2] + 1 and cl[prev[3] - 1].kind == "space":
        prev[3] -= 1
    last[0] = moved
    last[2] = segments[moved][0]


def _segments(text: str, width: Sequence[float], shortest: float) -> tuple[list[Cluster], list[tuple[int, int]]]:
    """Clusters and the break segments over them: maximal runs with no break inside.

    A segment wider than the shortest line cannot be set whole: it is split into its
    clusters, and a cluster wider than a line into characters (the only way left).
    """
    cl: list[Cluster] = []
    for c in clusters(text):
        if c.end - c.start > 1 and sum(width[c.start : c.end]) > shortest + 1e-6:
            cl.extend(Cluster(i, i + 1, "char") for i in range(c.start, c.end))
        else:
            cl.append(c)
    segments: list[tuple[int, int]] = []
    s = 0
    for k in range(1, len(cl) + 1):
        if k == len(cl) or may_break_between(cl[k - 1], cl[k], text):
            if sum(width[cl[s].start : cl[k - 1].end]) > shortest + 1e-6:
                segments.extend((j, j + 1) for j in range(s, k))
            else:
                segments.append((s, k))
            s = k
    return cl, segments


def _place(cl, c0, c1, adv, lead, tail, avail, indent, *, justify, push_in, hang, last) -> Line:
    a, b = cl[c0].start, cl[c1 - 1].end
    first_lead = lead[a]
    natural = sum(adv[i] - lead[i] - tail[i] for i in range(a, b)) + first_lead - push_in
    # Slack goes into the gaps between clusters, never inside a word or a doubled mark.
    gaps = c1 - c0 - 1
    room = avail - natural + hang
    spread = room / gaps if justify and gaps > 0 and room > 0 else 0.0
    offsets = array("d", bytes(8 * (b - a)))
    x = indent
    k = c0
    for i in range(a, b):
        if i == cl[k].end:
            k += 1
            x += spread
        shift = 0.0 if i == a else lead[i]
        offsets[i - a] = x - shift
        x += adv[i] - shift - tail[i]
    return Line(a, b, offsets, x - push_in, justify and gaps > 0, last)


def check_rules(lines: Sequence[str]) -> list[str]:
    """Rule violations in a sequence of line strings (used by tests and the PDF self-check)."""
    problems = []
    for n, line in enumerate(lines):
        if not line:
            continue
        if n > 0 and line[0] in LINE_START_FORBIDDEN:
            problems.append(f"line {n} starts with {line[0]!r}")
        if n < len(lines) - 1 and line[-1] in LINE_END_FORBIDDEN:
            problems.append(f"line {n} ends with {line[-1]!r}")
        if n < len(lines) - 1 and lines[n + 1]:
            pair = line[-1] + lines[n + 1][0]
            if pair in INSEPARABLE:
                problems.append(f"line {n} splits {pair!r}")
            if _WORD.fullmatch(line[-1]) and _WORD.match(lines[n + 1][0]) and (
                _WORD.fullmatch(line[-1] + lines[n + 1][0]) and line[-1].isalnum() and lines[n + 1][0].isalnum()
            ):
                problems.append(f"line {n} splits a word at {pair!r}")
    return problems
