"""Page layout: the document becomes pages of placed lines on a baseline grid.

Our own paginator rather than ReportLab's platypus: the body is one column of lines we
break ourselves, the rules we need (heading kept with two lines of its paragraph, no
single line of a paragraph alone at a page's top or bottom, every body line on the grid)
are simplest on whole lines, and knowing the TOC's length in advance gives its page
numbers in one pass where platypus needs a second build.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from array import array

from ...model import Article, Document
from .. import typography
from ..linebreak import break_paragraph
from ..options import ExportOptions
from .fonts import RoleFonts

MM = 72.0 / 25.4


@dataclass(slots=True)
class Text:
    role: str
    size: float
    x: float
    y: float
    text: str
    offsets: array | None = None  # per-character x offsets; None: natural advances


@dataclass(slots=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.4
    dash: tuple[float, ...] | None = None


@dataclass(slots=True)
class Mark:
    """An outline entry (and TOC target) at this point of the page."""

    key: str
    title: str
    level: int
    y: float


@dataclass(slots=True)
class Link:
    """A clickable area that jumps to an outline mark."""

    key: str
    rect: tuple[float, float, float, float]


TOC_TOP = 3  # grid lines taken by the TOC's title


@dataclass
class Page:
    number: int
    items: list = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    head: str | None = None  # running head; None on opening pages
    folio: bool = True


@dataclass(frozen=True)
class Geometry:
    width: float  # trim, pt
    height: float
    inner: float
    outer: float
    top: float
    bottom: float
    size: float
    pitch: float
    measure: float  # a whole number of ems
    slots: int  # body lines per page

    @classmethod
    def from_options(cls, options: ExportOptions) -> "Geometry":
        w, h = (v * MM for v in options.page_mm)
        inner, outer, top, bottom = (v * MM for v in options.margins_mm)
        size = options.font_size
        pitch = size * options.leading
        free = w - inner - outer
        # The measure is a whole number of ideographic widths so pure Han lines need no spacing
        # at all (the grid of a Chinese book); the leftover goes equally to both margins.
        ems = max(4, math.floor(free / size + 1e-6))
        extra = (free - ems * size) / 2
        slots = max(3, math.floor((h - top - bottom) / pitch + 1e-6))
        return cls(w, h, inner + extra, outer + extra, top, bottom, size, pitch, ems * size, slots)

    def left(self, number: int) -> float:
        """Left edge of the text block: inner margin on the left of rectos (odd pages)."""
        return self.inner if number % 2 else self.outer

    def top_of(self, slot: float) -> float:
        return self.height - self.top - slot * self.pitch

    def baseline(self, slot: int, size: float | None = None) -> float:
        """Baseline of a line of ``size`` centred in grid slot ``slot``."""
        s = size or self.size
        return self.top_of(slot) - (self.pitch - s) / 2 - 0.88 * s


class PageBuilder:
    """What horizontal and vertical layouts share: pages built front to back, ``slot`` the
    next free grid line (or column) on the last page, and the marks the TOC and outline
    are made from. Subclasses set ``geo`` and place ``mark``s where their geometry says."""

    def __init__(self, doc: Document, options: ExportOptions, fonts: dict[str, RoleFonts], first: int = 1):
        self.doc, self.options, self.fonts = doc, options, fonts
        self.first = first
        self.pages: list[Page] = []
        self.slot = 0
        self.head: str | None = None
        self.toc: list[tuple[str, str, int, int]] = []  # (key, label, level, page number)
        self.depth = 0  # outline levels below a page group in a book
        self.group_starts = {ix[0]: label for label, ix in typography.page_groups(doc) if label}
        self.borrowed: str | None = None  # the heading an untitled article is labelled by

    def new_page(self, head: str | None = None, folio: bool = True) -> Page:
        page = Page(self.first + len(self.pages), head=head, folio=folio)
        self.pages.append(page)
        self.slot = 0
        return page

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def room(self) -> int:
        return self.geo.slots - self.slot if self.pages else 0

    def record(self, title: str, level: int, y: float) -> None:
        """A TOC entry and a bookmark at height ``y`` of the current page."""
        key = f"m{len(self.toc)}"
        level += self.depth
        self.page.marks.append(Mark(key, title, level, y))
        self.toc.append((key, title, level, self.page.number))

    def mark_heading(self, text: str, *where) -> None:
        """A heading's TOC entry and bookmark, unless it already names its untitled article."""
        if text == self.borrowed:
            self.borrowed = None
            return
        self.mark(text, 1, *where)

    def page_group(self, index: int) -> None:
        """In a book of several page files, the page's name heads its articles in TOC and outline."""
        label = self.group_starts.get(index)
        if label:
            self.depth = 0
            self.mark(label, 0)
            self.depth = 1


def plan_front(doc: Document, options: ExportOptions, slots: int) -> tuple[bool, bool, int]:
    """(title page?, contents?, pages before the body): the contents take one slot an entry,
    so their length is known before the body is laid out and page numbers come in one pass."""
    several = len(doc.articles) > 1
    # A title page needs a title: a page dump's file name is no title for one.
    title_page = options.title_page if options.title_page is not None else several and typography.book_title(doc, options.title) is not None
    toc = options.toc if options.toc is not None else several
    front = 1 if title_page else 0
    if toc:
        entries = sum(1 + sum(1 for _ in a.headings()) for a in doc.articles)
        entries += sum(1 for label, _ in typography.page_groups(doc) if label)
        front += max(1, math.ceil((entries + TOC_TOP) / slots))
    return title_page, toc, front


class Layout(PageBuilder):
    """Horizontal pages: grid lines top to bottom."""

    def __init__(self, doc: Document, options: ExportOptions, fonts: dict[str, RoleFonts], first: int = 1):
        super().__init__(doc, options, fonts, first)
        self.geo = Geometry.from_options(options)
        self.script = typography.font_script(doc.lang)
        self.squeeze = typography.squeezable(self.script)

    def ensure(self, slots: int) -> None:
        if self.room() < slots:
            self.new_page(self.head)

    # --- text ----------------------------------------------------------------------

    def lines(self, text: str, role: str, size: float, measure: float, *, indent: float = 0.0, justify: bool = True):
        rf = self.fonts[role]
        return break_paragraph(
            text, lambda c: rf.advance(c) * size, measure, em=size, indent=indent,
            squeeze=self.squeeze, justify=justify,
        )

    def display_lines(self, text: str, role: str, size: float, measure: float) -> list[tuple[str, object]]:
        """Centred display lines (titles, headings): balanced, and split at spaces first.

        A headline's space separates its phrases, so a title too long for one line breaks
        there; each phrase is then balanced (the narrowest measure with the same line count),
        so no line ends with a stray character or two.
        """
        one = self.lines(text, role, size, measure, justify=False)
        if len(one) == 1:
            return [(text, one[0])]
        parts = text.split() if " " in text.strip() else [text]
        out = []
        for part in parts:
            lines = self.lines(part, role, size, measure, justify=False)
            lo, hi = size * 2, measure
            while hi - lo > size / 4:
                mid = (lo + hi) / 2
                if len(self.lines(part, role, size, mid, justify=False)) == len(lines):
                    hi = mid
                else:
                    lo = mid
            out += [(part, line) for line in self.lines(part, role, size, hi, justify=False)]
        return out

    def place(self, text: str, line, role: str, size: float, y: float, align: str = "left", measure: float | None = None) -> None:
        g = self.geo
        measure = g.measure if measure is None else measure
        x = g.left(self.page.number)
        if align == "center":
            x += (g.measure - line.width) / 2
        elif align == "right":
            x += g.measure - line.width
        self.page.items.append(Text(role, size, x, y, text[line.start : line.end], line.offsets))

    # --- blocks ----------------------------------------------------------------------

    def paragraph(self, text: str, *, indent: bool = True, align: str = "left") -> None:
        g = self.geo
        lines = self.lines(text, "body", g.size, g.measure, indent=typography.FIRST_LINE_INDENT_EM * g.size if indent else 0.0)
        i = 0
        while i < len(lines):
            left = len(lines) - i
            room = self.room()
            if left <= room:
                take = left
            else:
                # No single line alone at the page's bottom (orphan) or top (widow).
                take = min(room, left - 2)
                if take < 2 or (i == 0 and take < 2):
                    take = 0
            if take == 0:
                self.new_page(self.head)
                continue
            for line in lines[i : i + take]:
                self.place(text, line, "body", g.size, g.baseline(self.slot), align)
                self.slot += 1
            i += take

    def heading(self, text: str, next_lines: int) -> None:
        g = self.geo
        size = round(g.size * 1.15, 2)
        lines = self.display_lines(text, "heading", size, g.measure - 4 * g.size)
        need = len(lines) + (1 if self.slot else 0) + min(2, next_lines)
        if self.room() < need:
            self.new_page(self.head)
        if self.slot:
            self.slot += 1  # a blank grid line above, not at the page's top
        self.mark_heading(text, self.slot)
        for part, line in lines:
            self.place(part, line, "heading", size, g.baseline(self.slot, size), "center")
            self.slot += 1

    def mark(self, title: str, level: int, slot: float | None = None) -> None:
        self.record(title, level, self.geo.top_of(self.slot if slot is None else slot) + 2)

    def opening(self, article: Article, label: str) -> None:
        """Kicker, title, subtitle and byline, centred, in a whole number of grid lines."""
        g = self.geo
        parts: list[tuple[str, str, float, float]] = []  # text, role, size, line height
        if article.kicker:
            parts.append((article.kicker, "body", g.size * 1.15, g.size * 1.15 * 1.6))
        if article.title:
            ts = g.size * 2
            parts.append((article.title, "heading", ts, ts * 1.4))
        if article.subtitle:
            parts.append((article.subtitle, "body", g.size * 1.2, g.size * 1.2 * 1.6))
        if article.authors:
            parts.append(("　".join(article.authors), "body", g.size * 1.05, g.pitch))
        placed = []
        height = 0.0
        for text, role, size, lh in parts:
            lines = self.display_lines(text, role, size, g.measure - 4 * g.size)
            gap = g.pitch * 0.6 if role == "body" and text == "　".join(article.authors) and placed else 0.0
            placed.append((text, role, size, lh, lines, gap))
            height += gap + lh * len(lines)
        slots = math.ceil(height / g.pitch - 1e-6) + 2 if parts else 1  # a line of air above and below
        if self.slot and self.room() < slots + 3:
            self.new_page(label)
        opening_page = self.slot == 0
        self.mark(label, 0, self.slot)
        if opening_page:
            self.page.head = None  # no running head over an article's first page
        if not parts:
            # Untitled: a short centred rule opens the article (the label lives in TOC and outline).
            y = g.top_of(self.slot) - g.pitch / 2
            x = g.left(self.page.number) + g.measure / 2
            if not opening_page:
                self.page.items.append(Rule(x - 3 * g.size, y, x + 3 * g.size, y, 0.5))
            self.slot += 1
            return
        y = g.top_of(self.slot + 1)
        for text, role, size, lh, lines, gap in placed:
            y -= gap
            for part, line in lines:
                base = y - (lh - size) / 2 - 0.88 * size
                self.place(part, line, role, size, base, "center")
                y -= lh
        self.slot += slots

    def affiliation(self, text: str) -> None:
        t = typography.affiliation_note(text, self.doc.lang) if not text.strip().startswith("（") else text.strip()
        self.ensure(1)
        self.paragraph(t, indent=False, align="right")

    def article(self, index: int, article: Article) -> None:
        label = typography.article_label(article, index)
        self.head = label
        self.borrowed = None if article.title else label  # an untitled article is named by its first heading
        if self.options.article_break == "page" or not self.pages:
            self.new_page(label)
        elif self.slot:
            self.slot += 1  # a blank grid line between articles
        self.page_group(index)
        self.opening(article, label)
        blocks = article.blocks
        for k, block in enumerate(blocks):
            if block.type == "heading":
                nxt = blocks[k + 1] if k + 1 < len(blocks) else None
                n = 0
                if nxt is not None and nxt.type == "paragraph":
                    n = len(self.lines(nxt.text, "body", self.geo.size, self.geo.measure, indent=2 * self.geo.size))
                self.heading(block.text, n)
            else:
                self.paragraph(block.text)
        if article.affiliation:
            self.affiliation(article.affiliation)


def document_title(doc: Document, options: ExportOptions) -> str:
    return typography.document_title(doc, options.title)


def document_author(doc: Document, options: ExportOptions) -> str:
    return "、".join(typography.document_authors(doc, options.author))


def furniture_text(doc: Document, options: ExportOptions) -> str:
    """Every character the layout may draw besides the document's own text."""
    return typography.ui_label("toc", doc.lang) + typography.affiliation_note("", doc.lang) + "0123456789　…" + document_title(doc, options) + document_author(doc, options) + (options.date or doc.date or "")


def build(doc: Document, options: ExportOptions, fonts: dict[str, RoleFonts]) -> Layout:
    lay = Layout(doc, options, fonts)
    title_page, toc, front = plan_front(doc, options, lay.geo.slots)
    # The body is laid out first, numbered after the front matter (see plan_front).
    body = Layout(doc, options, fonts, first=front + 1)
    for index, article in enumerate(doc.articles):
        body.article(index, article)
    pages: list[Page] = []
    if title_page:
        pages.append(_title_page(lay, doc, options, 1))
    if toc:
        pages.extend(_toc_pages(lay, body.toc, len(pages) + 1))
    body.pages = pages + body.pages
    return body


def _title_page(lay: Layout, doc: Document, options: ExportOptions, number: int) -> Page:
    g = lay.geo
    page = Page(number, head=None, folio=False)
    lay.pages = [page]
    measure = g.measure - 4 * g.size
    y = g.height * 0.68
    title = document_title(doc, options)
    ts = g.size * 2.6
    for part, line in lay.display_lines(title, "heading", ts, measure):
        lay.place(part, line, "heading", ts, y, "center")
        y -= ts * 1.4
    author = document_author(doc, options)
    y -= g.pitch * 2
    if author:
        for line in lay.lines(author, "body", g.size * 1.3, measure, justify=False):
            lay.place(author, line, "body", g.size * 1.3, y, "center")
            y -= g.pitch * 1.2
    date = options.date or doc.date
    if date:
        y = g.bottom + g.pitch * 3
        for line in lay.lines(date, "body", g.size * 1.1, measure, justify=False):
            lay.place(date, line, "body", g.size * 1.1, y, "center")
    return page


def _toc_pages(lay: Layout, entries, first: int) -> list[Page]:
    """The contents: title, then one grid line per article and heading, page numbers flush right."""
    g = lay.geo
    lay.pages = []
    page = Page(first, head=None, folio=True)
    lay.pages.append(page)
    title = typography.ui_label("toc", lay.doc.lang)
    ts = g.size * 1.6
    for line in lay.lines(title, "heading", ts, g.measure, justify=False):
        lay.place(title, line, "heading", ts, g.baseline(1, ts), "center")
    page.marks.append(Mark("toc", title, 0, g.top_of(0) + 2))
    slot = TOC_TOP
    for key, label, level, number in entries:
        if slot >= g.slots:
            page = Page(page.number + 1, head=None)
            lay.pages.append(page)
            slot = 0
        size = g.size if level == 0 else g.size * 0.95
        role = "heading" if level == 0 else "body"
        indent = level * 2 * g.size
        num = str(number)
        rf = lay.fonts["body"]
        num_w = sum(rf.advance(c) for c in num) * g.size
        measure = g.measure - indent - 3 * g.size
        lines = lay.lines(label, role, size, measure, justify=False)
        first_line = lines[0]
        shown = label[first_line.start : first_line.end]
        if len(lines) > 1:
            shown = shown[:-1] + "…"
        left = g.left(page.number)
        y = g.baseline(slot)
        page.items.append(Text(role, size, left + indent, y, shown, None))
        page.items.append(Text("body", g.size, left + g.measure - num_w, y, num, None))
        end = left + indent + sum(lay.fonts[role].advance(c) for c in shown) * size
        # Dotted leader drawn, not typed: the TOC text stays just label and number.
        page.items.append(Rule(end + g.size * 0.5, y + 1, left + g.measure - num_w - g.size * 0.5, y + 1, 0.6, (0.6, 2.4)))
        page.items.append(Link(key, (left + indent, y - 3, left + g.measure, y + g.size)))
        slot += 1
    return list(lay.pages)
