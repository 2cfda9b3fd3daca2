"""Vertical layout (直排): columns top to bottom, ordered right to left, book opening on the right.

The horizontal layout turned a quarter: a grid line becomes a column, the measure becomes
the column height (a whole number of ems), and the same line breaker (``linebreak``) sets
the columns with vertical advances from vfont's derived faces, so the line-breaking rules,
justification, squeezing and the 2-em first-line indent are the horizontal ones.

What only vertical books do, and where it is done:
- punctuation takes its vertical glyph, Latin words and long numbers turn 90° clockwise:
  the derived faces (``vfont``);
- one- and two-digit numbers stand upright side by side in one cell (縱中橫): they enter the
  breaker as one placeholder of one em and are drawn from vfont's condensed digit face;
- odd pages lie left of the spine (the inner margin is on their right); headings stand a few
  cells down their column, an article's byline and affiliation end at the column's foot;
  running heads run down the outer margin and folios sit at the foot's outer corner.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from types import SimpleNamespace

from ...model import Article, Document
from .. import typography
from ..linebreak import Line, break_paragraph, clusters
from ..options import ExportOptions
from . import fonts as pdf_fonts
from . import vfont
from .draw import Painter, _draw_text
from .fonts import RoleFonts
from .layout import MM, TOC_TOP, Link, Mark, Page, PageBuilder, Rule, Text, document_title, plan_front

TCY = "\U000F0000"  # private-use placeholder for a 縱中橫 group while breaking
HEADING_DROP = 3  # cells a heading stands down its column


@dataclass(slots=True)
class Column:
    """One set column: ``text`` runs down from (x = axis, y = top); ``offsets`` per character.

    ``tcy`` per character: 0 turns/stands with the column, 1 a lone upright digit centred in
    its cell, 2 and 3 the left and right digit of a pair sharing one cell (the right one's
    offset is half an em lower: its face draws it back up, see ``vfont.tcy_face``).
    """

    role: str
    size: float
    x: float
    y: float
    text: str
    offsets: array
    tcy: bytes


@dataclass
class Setting:
    """A text broken into columns: the breaker's lines over ``vtext`` (groups replaced)."""

    text: str
    vtext: str
    back: list[int]  # vtext index → text index (one past the end included)
    lines: list[Line]
    em: float  # the size it was set at (a 縱中橫 pair's right digit sits half of it lower)

    def part(self, line: Line) -> tuple[str, array, bytes]:
        line_em = self.em
        chars, offs, codes = [], array("d"), bytearray()
        for i in range(line.start, line.end):
            a, b = self.back[i], self.back[i + 1]
            o = line.offsets[i - line.start]
            if self.vtext[i] == TCY:
                group = self.text[a:b]
                kinds = (1,) if len(group) == 1 else (2, 3)
                for ch, kind in zip(group, kinds):
                    chars.append(ch)
                    offs.append(o + (line_em / 2 if kind == 3 else 0.0))
                    codes.append(kind)
            else:
                chars.append(self.text[a])
                offs.append(o)
                codes.append(0)
        return "".join(chars), offs, bytes(codes)

    def column(self, line: Line, role: str, size: float, x: float, y: float) -> Column:
        text, offs, codes = self.part(line)
        return Column(role, size, x, y, text, offs, codes)


def tcy_groups(text: str) -> list[tuple[int, int]]:
    """Spans of one or two ASCII digits standing alone (not part of 5G, 3.5, 2025, 12%)."""
    out = []
    for c in clusters(text):
        s = text[c.start : c.end]
        if c.kind != "space" and len(s) <= 2 and s.isascii() and s.isdigit():
            out.append((c.start, c.end))
    return out


def substitute(text: str) -> tuple[str, list[int]]:
    """``text`` with each 縱中橫 group as one placeholder, and the index map back."""
    parts, back, pos = [], [], 0
    for a, b in tcy_groups(text):
        for i in range(pos, a):
            parts.append(text[i])
            back.append(i)
        parts.append(TCY)
        back.append(a)
        pos = b
    for i in range(pos, len(text)):
        parts.append(text[i])
        back.append(i)
    back.append(len(text))
    return "".join(parts), back


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    inner: float
    outer: float
    top: float
    bottom: float
    size: float
    pitch: float  # column to column
    measure: float  # column height, a whole number of ems
    slots: int  # columns per page

    @classmethod
    def from_options(cls, options: ExportOptions) -> "Geometry":
        w, h = (v * MM for v in options.page_mm)
        inner, outer, top, bottom = (v * MM for v in options.margins_mm)
        size = options.font_size
        pitch = size * options.leading
        # Whole ems down the column (pure Han columns need no spacing), whole columns across;
        # the leftovers go equally to both margins of each pair.
        free = h - top - bottom
        ems = max(4, math.floor(free / size + 1e-6))
        extra = (free - ems * size) / 2
        across = w - inner - outer
        slots = max(3, math.floor((across - size) / pitch + 1e-6) + 1)
        spare = (across - (slots - 1) * pitch - size) / 2
        return cls(w, h, inner + spare, outer + spare, top + extra, bottom + extra, size, pitch, ems * size, slots)

    def right(self, number: int) -> float:
        """Right edge of the text block: odd pages lie left of the spine, inner margin on the right."""
        return self.width - (self.inner if number % 2 else self.outer)

    def left(self, number: int) -> float:
        return self.right(number) - (self.slots - 1) * self.pitch - self.size

    def axis(self, number: int, slot: float) -> float:
        return self.right(number) - self.size / 2 - slot * self.pitch

    @property
    def head(self) -> float:
        """Top of every column."""
        return self.height - self.top


class Layout(PageBuilder):
    """Vertical pages: ``slot`` is the next free column, counted from the right."""

    def __init__(self, doc: Document, options: ExportOptions, fonts: dict[str, RoleFonts], first: int = 1):
        super().__init__(doc, options, fonts, first)
        self.geo = Geometry.from_options(options)
        self.squeeze = typography.squeezable(typography.font_script(doc.lang), vertical=True)

    # --- text ------------------------------------------------------------------------

    def set(self, text: str, role: str, size: float, measure: float, *, indent: float = 0.0, justify: bool = True) -> Setting:
        rf = self.fonts[role]
        vtext, back = substitute(text)

        def advance(ch: str) -> float:
            return size if ch == TCY else rf.advance(ch) * size

        lines = break_paragraph(vtext, advance, measure, em=size, indent=indent, squeeze=self.squeeze, justify=justify)
        return Setting(text, vtext, back, lines, size)

    def display(self, text: str, role: str, size: float, measure: float) -> list[tuple[Setting, Line]]:
        """Display columns (titles, headings): split at spaces first, each phrase balanced."""
        one = self.set(text, role, size, measure, justify=False)
        if len(one.lines) == 1:
            return [(one, one.lines[0])]
        parts = text.split() if " " in text.strip() else [text]
        out = []
        for part in parts:
            n = len(self.set(part, role, size, measure, justify=False).lines)
            lo, hi = size * 2, measure
            while hi - lo > size / 4:
                mid = (lo + hi) / 2
                if len(self.set(part, role, size, mid, justify=False).lines) == n:
                    hi = mid
                else:
                    lo = mid
            s = self.set(part, role, size, hi, justify=False)
            out += [(s, line) for line in s.lines]
        return out

    def put(self, setting: Setting, line: Line, role: str, size: float, x: float, *, drop: float = 0.0, align: str = "top") -> Column:
        """Place a column with axis x, ``drop`` points down; aligned at the top, centre or foot."""
        g = self.geo
        y = g.head - drop
        if align == "center":
            y -= (g.measure - drop - line.width) / 2
        elif align == "bottom":
            y -= g.measure - drop - line.width
        column = setting.column(line, role, size, x, y)
        self.page.items.append(column)
        return column

    # --- blocks ------------------------------------------------------------------------

    def paragraph(self, text: str, *, indent: bool = True, align: str = "top") -> None:
        g = self.geo
        s = self.set(text, "body", g.size, g.measure, indent=typography.FIRST_LINE_INDENT_EM * g.size if indent else 0.0)
        lines = s.lines
        i = 0
        while i < len(lines):
            left = len(lines) - i
            room = self.room()
            if left <= room:
                take = left
            else:
                take = min(room, left - 2)  # no single column alone at a page's start or end
                if take < 2:
                    take = 0
            if take == 0:
                self.new_page(self.head)
                continue
            for line in lines[i : i + take]:
                self.put(s, line, "body", g.size, g.axis(self.page.number, self.slot), align=align)
                self.slot += 1
            i += take

    def heading(self, text: str, next_columns: int) -> None:
        g = self.geo
        size = round(g.size * 1.15, 2)
        drop = HEADING_DROP * g.size
        lines = self.display(text, "heading", size, g.measure - drop - g.size)
        need = len(lines) + (1 if self.slot else 0) + min(2, next_columns)
        if self.room() < need:
            self.new_page(self.head)
        if self.slot:
            self.slot += 1  # a blank column before, not at the page's start
        self.mark_heading(text)
        for setting, line in lines:
            self.put(setting, line, "heading", size, g.axis(self.page.number, self.slot), drop=drop)
            self.slot += 1

    def mark(self, title: str, level: int) -> None:
        self.record(title, level, self.geo.height)

    def opening(self, article: Article, label: str) -> None:
        """Kicker, title, subtitle, byline: columns from the right, the byline ending at the foot."""
        g = self.geo
        parts = []  # text, role, size, column width, drop, align
        if article.kicker:
            parts.append((article.kicker, "body", g.size * 1.15, g.size * 1.15 * 1.6, 3 * g.size, "top"))
        if article.title:
            ts = g.size * 2
            parts.append((article.title, "heading", ts, ts * 1.4, 2 * g.size, "top"))
        if article.subtitle:
            parts.append((article.subtitle, "body", g.size * 1.2, g.size * 1.2 * 1.6, 4 * g.size, "top"))
        if article.authors:
            parts.append(("　".join(article.authors), "body", g.size * 1.05, g.pitch, 0.0, "bottom"))
        placed, width = [], 0.0
        for text, role, size, lh, drop, align in parts:
            room = g.measure - drop - (2 * g.size if align == "bottom" else g.size)
            lines = self.display(text, role, size, room)
            placed.append((role, size, lh, drop, align, lines))
            width += lh * len(lines)
        slots = math.ceil(width / g.pitch - 1e-6) + 2 if parts else 1  # a column of air each side
        if self.slot and self.room() < slots + 3:
            self.new_page(label)
        opening_page = self.slot == 0
        self.mark(label, 0)
        if opening_page:
            self.page.head = None
        number = self.page.number
        if not parts:
            # Untitled: a short rule down the middle of one column opens the article.
            if not opening_page:
                x = g.axis(number, self.slot)
                mid = g.head - g.measure / 2
                self.page.items.append(Rule(x, mid - 3 * g.size, x, mid + 3 * g.size, 0.5))
            self.slot += 1
            return
        x = g.axis(number, self.slot) + g.pitch / 2 - g.pitch  # right edge, after a column of air
        for role, size, lh, drop, align, lines in placed:
            for setting, line in lines:
                self.put(setting, line, role, size, x - lh / 2, drop=drop, align=align)
                x -= lh
        self.slot += slots

    def affiliation(self, text: str) -> None:
        t = text.strip() if text.strip().startswith("（") else typography.affiliation_note(text, self.doc.lang)
        if self.room() < 1:
            self.new_page(self.head)
        self.paragraph(t, indent=False, align="bottom")

    def article(self, index: int, article: Article) -> None:
        label = typography.article_label(article, index)
        self.head = label
        self.borrowed = None if article.title else label  # an untitled article is named by its first heading
        if self.options.article_break == "page" or not self.pages:
            self.new_page(label)
        elif self.slot:
            self.slot += 1
        self.page_group(index)
        self.opening(article, label)
        blocks = article.blocks
        g = self.geo
        for k, block in enumerate(blocks):
            if block.type == "heading":
                nxt = blocks[k + 1] if k + 1 < len(blocks) else None
                n = 0
                if nxt is not None and nxt.type == "paragraph":
                    n = len(self.set(nxt.text, "body", g.size, g.measure, indent=2 * g.size).lines)
                self.heading(block.text, n)
            else:
                self.paragraph(block.text)
        if article.affiliation:
            self.affiliation(article.affiliation)

    # --- furniture -------------------------------------------------------------------------

    def furnish(self, book_title: str, shift: float) -> None:
        """Running heads down the outer margin (book title on even pages, article on odd), and
        folios at the foot's outer corner, upright (``shift``: the face's turned-glyph offset)."""
        g = self.geo
        size = round(g.size * 0.8, 2)
        for page in self.pages:
            odd = page.number % 2
            if page.head:
                text = page.head if odd or not book_title else book_title
                s = self.set(text, "body", size, g.measure * 0.6, justify=False)
                gap = g.size * 1.6
                x = g.left(page.number) - gap if odd else g.right(page.number) + gap
                line = s.lines[0]
                page.items.append(s.column(line, "body", size, x, g.head))
                rule_x = x + (size / 2 + g.size * 0.35) * (1 if odd else -1)
                page.items.append(Rule(rule_x, g.head, rule_x, g.head - g.measure * 0.6, 0.35))
            if page.folio:
                num = str(page.number)
                rf = self.fonts["body"]
                w = sum(rf.advance(c) for c in num) * size
                x = g.left(page.number) if odd else g.right(page.number) - w
                y = g.bottom - g.size * 2.4 + shift * size
                page.items.append(Text("body", size, x, y, num, None))


def _title_page(lay: Layout, doc: Document, options: ExportOptions) -> Page:
    g = lay.geo
    page = Page(1, head=None, folio=False)
    lay.pages = [page]
    ts = g.size * 2.6
    title = document_title(doc, options)
    columns = lay.display(title, "heading", ts, g.measure - 6 * g.size)
    x = g.width * 0.62 + (len(columns) - 1) * ts * 0.7
    for setting, line in columns:
        lay.put(setting, line, "heading", ts, x, align="center")
        x -= ts * 1.4
    from .layout import document_author

    author = document_author(doc, options)
    x -= g.pitch * 1.5
    if author:
        size = g.size * 1.3
        s = lay.set(author, "body", size, g.measure * 0.5, justify=False)
        for line in s.lines:
            lay.put(s, line, "body", size, x, drop=g.measure * 0.45)
            x -= g.pitch * 1.2
    date = options.date or doc.date
    if date:
        size = g.size * 1.1
        s = lay.set(date, "body", size, g.measure * 0.5, justify=False)
        x = g.left(1) + g.size
        for line in s.lines:
            lay.put(s, line, "body", size, x, align="bottom")
            x -= g.pitch
    return page


def _toc_pages(lay: Layout, entries, first: int) -> list[Page]:
    """The contents, in columns: labels from the top, page numbers at the foot, a dotted leader."""
    g = lay.geo
    page = Page(first, head=None, folio=True)
    lay.pages = [page]
    title = typography.ui_label("toc", lay.doc.lang)
    ts = g.size * 1.6
    s = lay.set(title, "heading", ts, g.measure, justify=False)
    lay.put(s, s.lines[0], "heading", ts, g.axis(page.number, 1), drop=2 * g.size)
    page.marks.append(Mark("toc", title, 0, g.height))
    slot = TOC_TOP
    for key, label, level, number in entries:
        if slot >= g.slots:
            page = Page(page.number + 1, head=None)
            lay.pages.append(page)
            slot = 0
        size = g.size if level == 0 else g.size * 0.95
        role = "heading" if level == 0 else "body"
        drop = level * 2 * g.size
        x = g.axis(page.number, slot)
        num = lay.set(str(number), "body", g.size, g.measure, justify=False)
        num_w = num.lines[0].width
        avail = g.measure - drop - num_w - 3 * g.size
        s = lay.set(label, role, size, avail, justify=False)
        line = s.lines[0]
        if len(s.lines) > 1:
            s = lay.set(label[: s.back[line.end] - 1] + "…", role, size, avail + g.size, justify=False)
            line = s.lines[0]
        col = lay.put(s, line, role, size, x, drop=drop)
        lay.put(num, num.lines[0], "body", g.size, x, align="bottom")
        end = g.head - drop - line.width
        foot = g.head - g.measure + num_w
        # Dotted leader drawn, not typed: the TOC text stays just label and number.
        page.items.append(Rule(x, end - g.size * 0.5, x, foot + g.size * 0.5, 0.6, (0.6, 2.4)))
        page.items.append(Link(key, (x - g.pitch / 2, g.head - g.measure, x + g.pitch / 2, col.y)))
        slot += 1
    return list(lay.pages)


def build(doc: Document, options: ExportOptions, fonts: dict[str, RoleFonts], shift: float) -> Layout:
    front_lay = Layout(doc, options, fonts)
    title_page, toc, front = plan_front(doc, options, front_lay.geo.slots)
    body = Layout(doc, options, fonts, first=front + 1)
    for index, article in enumerate(doc.articles):
        body.article(index, article)
    pages: list[Page] = []
    if title_page:
        pages.append(_title_page(front_lay, doc, options))
    if toc:
        pages.extend(_toc_pages(front_lay, body.toc, len(pages) + 1))
    body.pages = pages + body.pages
    body.furnish(typography.book_title(doc, options.title) or "", shift)
    return body


def load_fonts(document: Document, options: ExportOptions, text: str) -> tuple[dict[str, RoleFonts], float]:
    """Every role's derived vertical faces, plus the 縱中橫 digits; and the turned-glyph shift."""
    roles = pdf_fonts.load(document, options.fonts, text, strict=options.strict_glyphs,
                           derive=vfont.vertical_face, suffix="-Vert")
    body = roles["body"]
    path = pdf_fonts._REGISTERED[body.names[0]]
    for code, part in enumerate(vfont.TCY_PARTS, 1):
        tcy_path = vfont.tcy_face(path, part)
        shim = SimpleNamespace(name=f"{body.names[0]}-Tcy{part}", truetype=lambda chars, p=tcy_path: p)
        name, font = pdf_fonts._register(shim, "0123456789")
        roles[f"tcy{code}"] = RoleFonts([name], [font])
    return roles, vfont.axis_shift(path)


class VerticalPainter(Painter):
    def _text(self, tx, item, state) -> None:
        if isinstance(item, Column):
            draw_column(tx, self.fonts, item, state)
        else:
            super()._text(tx, item, state)

    def _furniture(self, page, running, tx, state) -> None:
        """Placed by ``Layout.furnish`` already."""


def draw_column(tx, fonts: dict[str, RoleFonts], item: Column, state: list) -> None:
    rf, size = fonts[item.role], item.size
    text, offs, codes = item.text, item.offsets, item.tcy
    n, i = len(text), 0
    while i < n:
        if codes[i]:
            # A 縱中橫 digit: its own origin and face (lone, left or right of a pair).
            font = (fonts[f"tcy{codes[i]}"].names[0], size)
            if state[0] != font:
                tx.setFont(*font)
                state[0] = font
            if state[1] != 0.0:
                tx.setCharSpace(0.0)
                state[1] = 0.0
            tx.setTextTransform(0, -1, 1, 0, item.x, item.y - offs[i])
            tx.textOut(text[i])
            i += 1
            continue
        j = i
        while j < n and not codes[j]:
            j += 1
        _draw_text(tx, rf, Text(item.role, size, item.x, item.y, text[i:j], offs[i:j]), state, vertical=True)
        i = j
