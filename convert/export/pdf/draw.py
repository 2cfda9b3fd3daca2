"""Drawing laid-out pages with ReportLab's canvas: text runs, rules, boxes, marks, outline.

Text is drawn run by run: a run is a stretch of one line in one face whose characters are
evenly spaced, drawn with one origin and PDF character spacing (Tc). A justified Han line
is one run; squeezed punctuation, Latin words and fallback faces start new runs. The
characters stay real text in reading order, so extractors give the paragraph back.
"""

from __future__ import annotations

from reportlab.lib.rl_accel import escapePDF, fp_str

from ...model import Document
from ..options import ExportOptions
from .fonts import RoleFonts
from .layout import MM, Layout, Link, Page, Rule, Text


def _draw_text(tx, rf: RoleFonts, item: Text, state: list, vertical: bool = False) -> None:
    """``vertical``: ``item`` is a column whose axis is at x, top at y, offsets running down;
    each run's text matrix turns 90° clockwise (the faces are vfont's pre-turned ones)."""
    text, size = item.text, item.size
    offs = item.offsets
    if offs is None:
        offs, x = [], 0.0
        for ch in text:
            offs.append(x)
            x += rf.advance(ch) * size
    n = len(text)
    i = 0
    while i < n:
        face = rf.index(text[i])
        j = i + 1
        space = None
        while j < n and rf.index(text[j]) == face:
            gap = offs[j] - offs[j - 1] - rf.advance(text[j - 1]) * size
            if space is None:
                space = gap
            elif abs(gap - space) > 1e-3:
                break
            j += 1
        font = (rf.names[face], size)
        if state[0] != font:
            tx.setFont(*font)
            state[0] = font
        space = round(space or 0.0, 4)
        if state[1] != space:
            tx.setCharSpace(space)
            state[1] = space
        # One string per ReportLab subset (256 glyphs each): readers such as pdfminer drop the
        # character spacing after a string's last glyph, so each string gets its own origin.
        pos = i
        ttf = rf.fonts[face]
        for subset, chunk in ttf.splitString(text[i:j], state[2]):
            if vertical:
                tx.setTextTransform(0, -1, 1, 0, item.x, item.y - offs[pos])
            else:
                tx.setTextOrigin(item.x + offs[pos], item.y)
            _show(tx, ttf, subset, chunk, size, state[2])
            pos += len(chunk)
        i = j


def _show(tx, ttf, subset: int, chunk: bytes, size: float, doc) -> None:
    """What ``tx.textOut`` writes for one subset's string, without its work we do not need:
    a second subset split and a width sum for a cursor we never use (it was a third of the
    drawing time: a seed has ~3,000 such strings). Only ReportLab's public font calls are used;
    the text object's code list and current subset are its own bookkeeping, kept as it does."""
    if subset != tx._curSubset:
        tx._code.append(f"{ttf.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf")
        tx._curSubset = subset
    tx._code.append(f"({escapePDF(chunk)}) Tj")


class Painter:
    def __init__(self, canvas, layout: Layout, options: ExportOptions, fonts: dict[str, RoleFonts]):
        self.c, self.lay, self.options, self.fonts = canvas, layout, options, fonts
        g = layout.geo
        self.bleed = options.bleed * MM
        # Crop marks sit outside the bleed: 3 mm clear of the trim at least, 6 mm long.
        self.mark_gap = max(self.bleed, 3 * MM) if options.crop_marks else 0.0
        self.mark_len = 6 * MM if options.crop_marks else 0.0
        self.slug = self.mark_gap + self.mark_len + 1 * MM if options.crop_marks else self.bleed
        self.media = (g.width + 2 * self.slug, g.height + 2 * self.slug)

    def page(self, page: Page, running: tuple[str, str]) -> None:
        c, g, s = self.c, self.lay.geo, self.slug
        c.setPageSize(self.media)
        b = self.bleed
        c.setTrimBox((s, s, s + g.width, s + g.height))
        c.setBleedBox((s - b, s - b, s + g.width + b, s + g.height + b))
        if self.options.crop_marks:
            self._crop_marks()
        c.saveState()
        c.translate(s, s)
        for mark in page.marks:
            c.bookmarkPage(mark.key, fit="XYZ", left=0, top=mark.y + s, zoom=None)
            if mark.level >= 0:
                c.addOutlineEntry(mark.title, mark.key, level=mark.level, closed=None)
        tx = c.beginText()
        state = [None, None, c._doc]
        for item in page.items:
            self._text(tx, item, state)
        self._furniture(page, running, tx, state)
        c.drawText(tx)
        for item in page.items:
            if isinstance(item, Rule):
                c.setLineWidth(item.width)
                c.setDash(list(item.dash) if item.dash else [])
                c.line(item.x0, item.y0, item.x1, item.y1)
            elif isinstance(item, Link):
                x0, y0, x1, y1 = item.rect
                c.linkAbsolute("", item.key, (x0 + s, y0 + s, x1 + s, y1 + s), thickness=0)
        c.restoreState()
        c.showPage()

    def _text(self, tx, item, state) -> None:
        if isinstance(item, Text):
            _draw_text(tx, self.fonts[item.role], item, state)

    def _furniture(self, page: Page, running: tuple[str, str], tx, state) -> None:
        """Running head (book title on versos, article on rectos) with a hairline, folio below."""
        g = self.lay.geo
        left = g.left(page.number)
        size = round(g.size * 0.8, 2)
        rf = self.fonts["body"]
        if page.head:
            text = page.head if page.number % 2 or not running[0] else running[0]
            width = sum(rf.advance(ch) for ch in text) * size
            y = g.height - g.top + g.size * 1.4
            _draw_text(tx, rf, Text("body", size, left + (g.measure - width) / 2, y, text), state)
            page.items.append(Rule(left, y - size * 0.45, left + g.measure, y - size * 0.45, 0.35))
        if page.folio:
            text = str(page.number)
            width = sum(rf.advance(ch) for ch in text) * size
            y = g.bottom - g.size * 2.4
            _draw_text(tx, rf, Text("body", size, left + (g.measure - width) / 2, y, text), state)

    def _crop_marks(self) -> None:
        c, g, s = self.c, self.lay.geo, self.slug
        gap, length = self.mark_gap, self.mark_len
        c.saveState()
        c.setLineWidth(0.25)
        c.setStrokeColorCMYK(1, 1, 1, 1)  # registration black: shows on every plate
        for x in (s, s + g.width):
            for y, d in ((s, -1), (s + g.height, 1)):
                c.line(x, y + d * gap, x, y + d * (gap + length))
        for y in (s, s + g.height):
            for x, d in ((s, -1), (s + g.width, 1)):
                c.line(x + d * gap, y, x + d * (gap + length), y)
        c.restoreState()


def _stamp(canvas, created, fingerprint: bytes) -> None:
    """/CreationDate and /ModDate from ``created`` (UTC); the /ID from the content's fingerprint
    (ReportLab derives it from its signature, which invariant mode seeds with a fixed time)."""
    text = created.strftime("D:%Y%m%d%H%M%S+00'00'")
    canvas.setDateFormatter(lambda *_ymdhms: text)
    canvas._doc.updateSignature(fingerprint)


def render(path, doc: Document, options: ExportOptions, layout: Layout, fonts: dict[str, RoleFonts], meta: dict,
           painter: type = Painter) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from .. import typography

    canvas = Canvas(
        str(path),
        pagesize=(layout.geo.width, layout.geo.height),
        pageCompression=1,
        initialFontName=fonts["body"].names[0],  # keeps the unused Helvetica out of the file
        lang=typography.region_tag(doc.lang),
        invariant=True,  # no clock read: the date and the ID are set below
    )
    _stamp(canvas, meta["created"], meta["fingerprint"])
    canvas.setTitle(meta["title"])
    canvas.setAuthor(meta["author"])
    canvas.setSubject(meta["subject"])
    canvas.setCreator(meta["creator"])
    canvas.setProducer(meta["producer"])
    canvas.showOutline()
    if options.vertical:
        canvas.setViewerPreference("Direction", "R2L")  # the book opens on the right
    painter = painter(canvas, layout, options, fonts)
    running = (typography.book_title(doc, options.title) or "", "")  # versos: the book, if it has a title
    for page in layout.pages:
        painter.page(page, running)
    canvas.save()
