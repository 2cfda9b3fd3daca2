"""DOCX exporter: a styled Chinese document an editor can revise in Word or LibreOffice.

Every paragraph carries a named style (docx_styles) and no direct formatting, so
Word's navigation pane, a TOC and "modify style" all work. python-docx builds the
package; the few things it has no API for (fields, bookmarks, section text
direction) are added as WordprocessingML elements here.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from ..errors import ExportError
from ..model import Article, Document
from . import typography
from .docx_styles import font_families, install_font_table, install_styles, tune_settings
from .options import ExportOptions
from .stamp import moment

# XML 1.0 forbids C0 controls other than tab/LF/CR, and U+FFFE/U+FFFF; lxml (so python-docx)
# raises on them. Surrogates are handled by the UTF-16 round trip in clean().
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Huozi</Application><DocSecurity>0</DocSecurity></Properties>"
)


def clean(text: str) -> str:
    """Text safe for XML: paired surrogates joined, lone ones → U+FFFD, illegal controls dropped."""
    if not text:
        return ""
    if not text.isascii():
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _XML_ILLEGAL.sub("", text)


def write(document: Document, path: Path, options: ExportOptions | None = None) -> None:
    options = options or ExportOptions()
    lang = typography.region_tag(document.lang)
    fonts = font_families(document.lang, options)
    doc = docx.Document()
    install_styles(doc, fonts, lang, options)
    install_font_table(doc, fonts)
    tune_settings(doc, lang, options)
    _replace_package_extras(doc)
    section = doc.sections[0]
    _lay_out(section, options)
    _page_number_footer(section)
    _Body(doc, document, options).build()
    when = _core_properties(doc, document, options, lang)
    try:
        _save(doc, Path(path), when)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write DOCX ({exc.strerror or exc})") from None


def _save(doc, path: Path, when: datetime) -> None:
    """Save with every zip entry stamped ``when``: python-docx stamps the current time, so the
    same document and --date would otherwise never give the same bytes twice."""
    buffer = io.BytesIO()
    doc.save(buffer)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(entry, source.read(info.filename))


# --- page ---------------------------------------------------------------------------


def _lay_out(section, options: ExportOptions) -> None:
    width, height = options.page_mm
    inner, outer, top, bottom = options.margins_mm
    section.orientation = WD_ORIENT.LANDSCAPE if width > height else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    if options.vertical:  # right-to-left books bind on the right: odd pages' inside is right
        inner, outer = outer, inner
    section.left_margin, section.right_margin = Mm(inner), Mm(outer)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.header_distance, section.footer_distance = Mm(top / 2), Mm(bottom / 2)
    section.gutter = 0
    if options.vertical:  # 直排: top to bottom, columns right to left (ECMA-376 §17.6.20)
        direction = OxmlElement("w:textDirection", {qn("w:val"): "tbRl"})
        section._sectPr.find(qn("w:docGrid")).addprevious(direction)


def _field(p, instruction: str, placeholder: str = "", *, end: bool = True):
    """Append a complex field (begin, instruction, separate, cached result, end) to a w:p."""
    p.append(_run(_el("w:fldChar", {"w:fldCharType": "begin"})))
    p.append(_run(_el("w:instrText", {"xml:space": "preserve"}, f" {instruction} ")))
    p.append(_run(_el("w:fldChar", {"w:fldCharType": "separate"})))
    if placeholder:
        p.append(_run(_el("w:t", {"xml:space": "preserve"}, placeholder)))
    if end:
        p.append(_field_end())


def _field_end():
    return _run(_el("w:fldChar", {"w:fldCharType": "end"}))


def _page_number_footer(section) -> None:
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = "Footer"
    _field(paragraph._p, "PAGE", "1")


def _el(tag: str, attrs: dict[str, str] | None = None, text: str | None = None):
    element = OxmlElement(tag, {qn(k): v for k, v in (attrs or {}).items()})
    if text is not None:
        element.text = text
    return element


_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")


def _text_run(text: str):
    """One run; tabs and line breaks inside the text become w:tab and w:br, as Word writes them."""
    run = _el("w:r")
    for piece in _BREAKS.split(text):
        if piece == "\t":
            run.append(_el("w:tab"))
        elif piece in ("\n", "\r", "\r\n"):
            run.append(_el("w:br"))
        elif piece:
            run.append(_el("w:t", {"xml:space": "preserve"}, piece))
    return run


def _run(*children, style: str | None = None):
    run = _el("w:r")
    if style:
        rpr = _el("w:rPr")
        rpr.append(_el("w:rStyle", {"w:val": style}))
        run.append(rpr)
    for child in children:
        run.append(child)
    return run


# --- body ---------------------------------------------------------------------------


class _Body:
    """Appends styled paragraphs: optional title page and TOC, then each article."""

    def __init__(self, doc, document: Document, options: ExportOptions):
        self.doc, self.document, self.options = doc, document, options
        self.page_break = False  # the next paragraph starts a new page
        self.started = False
        self.bookmarks = 0
        self.sect_pr = doc.element.body.find(qn("w:sectPr"))  # paragraphs go before the last sectPr

    def add(self, text: str, style: str):
        """Append a w:p of this style id. Built as XML: python-docx's by-name style lookup
        scans the whole style sheet for every paragraph and was half the exporter's time."""
        p = _el("w:p")
        ppr = _el("w:pPr")
        if style != "Normal":  # Word's own convention: Normal paragraphs name no style
            ppr.append(_el("w:pStyle", {"w:val": style}))
        if self.page_break:
            ppr.append(_el("w:pageBreakBefore"))
            self.page_break = False
        if len(ppr):
            p.append(ppr)
        if text:
            p.append(_text_run(clean(text)))
        self.sect_pr.addprevious(p)
        self.started = True
        return p

    def new_page(self) -> None:
        self.page_break = self.started

    def build(self) -> None:
        document, options = self.document, self.options
        articles = document.articles
        several = len(articles) >= 2
        title = typography.book_title(document, options.title)
        if title and (options.title_page if options.title_page is not None else several):
            self.title_page(title)
        want_toc = options.toc if options.toc is not None else several
        anchors = [f"_Toc{index + 1:06d}" for index in range(len(articles))] if want_toc else []
        if anchors:
            self.new_page()
            self.toc(articles, anchors)
        front_matter = self.started  # the title page and the TOC each keep a page of their own
        group_starts = {indices[0]: label for label, indices in typography.page_groups(document) if label}
        for index, article in enumerate(articles):
            if options.article_break == "page" or (index == 0 and front_matter):
                self.new_page()
            if index in group_starts:
                self.add(group_starts[index], "PageLabel")
            self.article(article, index, anchors[index] if anchors else None)

    def title_page(self, title: str) -> None:
        self.add(title, "Title")
        authors = _document_authors(self.document, self.options, articles=False)
        if authors:
            self.add(authors, "Byline")
        date = self.options.date or self.document.date
        if date:
            self.add(date, "Byline")

    def toc(self, articles, anchors) -> None:
        """A TOC field whose cached result already lists the articles (linked), so LibreOffice
        and Word show it before anyone updates fields; Word's F9 adds the page numbers."""
        self.add(typography.ui_label("toc", self.document.lang), "TOCHeading")
        last = len(articles) - 1
        group_starts = {indices[0]: label for label, indices in typography.page_groups(self.document) if label}
        for index, article in enumerate(articles):
            if index in group_starts:  # a book: articles listed under their page file
                label_paragraph = self.add(clean(group_starts[index]), "TOCPage")
                if index == 0:
                    _field(label_paragraph, 'TOC \\o "1-1" \\h \\z \\u', end=False)
            paragraph = self.add("", "TOC1")
            if index == 0 and not group_starts:
                _field(paragraph, 'TOC \\o "1-1" \\h \\z \\u', end=False)
            link = _el("w:hyperlink", {"w:anchor": anchors[index], "w:history": "1"})
            label = clean(typography.article_label(article, index))
            link.append(_run(_el("w:t", {"xml:space": "preserve"}, label), style="Hyperlink"))
            paragraph.append(link)
            if index == last:
                paragraph.append(_field_end())

    def article(self, article: Article, index: int, anchor: str | None) -> None:
        if article.kicker:
            self.add(article.kicker, "Kicker")
        # An untitled article still gets a Heading 1 (its label) so navigation and the TOC list it.
        heading = self.add(typography.article_label(article, index), "Heading1")
        if anchor:
            self.bookmarks += 1
            ident = str(self.bookmarks)
            heading.insert(1, _el("w:bookmarkStart", {"w:id": ident, "w:name": anchor}))
            heading.append(_el("w:bookmarkEnd", {"w:id": ident}))
        if article.subtitle:
            self.add(article.subtitle, "Subtitle")
        if article.authors:
            self.add("\u3000".join(a.strip() for a in article.authors), "Byline")
        for block in article.blocks:
            self.add(block.text, "Heading2" if block.type == "heading" else "Normal")
        if article.affiliation:
            self.add(typography.affiliation_note(article.affiliation, self.document.lang), "Affiliation")


# --- metadata -----------------------------------------------------------------------


def _document_authors(document: Document, options: ExportOptions, *, articles: bool = True) -> str:
    if options.author:
        return options.author
    names = list(document.authors)
    if not names and articles:
        names = [name for article in document.articles for name in article.authors]
    return "、".join(dict.fromkeys(n.strip() for n in names if n.strip()))


def _core_properties(doc, document: Document, options: ExportOptions, lang: str) -> datetime:
    props = doc.core_properties

    def text(value: str | None) -> str:  # python-docx refuses more than 255 characters
        return clean(value or "")[:255]

    first = typography.article_label(document.articles[0], 0) if document.articles else None
    props.title = text(typography.book_title(document, options.title) or document.source or first)
    props.author = text(_document_authors(document, options))
    props.subject = text(options.subject)
    props.language = lang
    props.comments = props.keywords = props.category = props.last_modified_by = ""
    props.revision = 1
    when = moment(options, document.date)
    props.created = props.modified = when
    return when


def _replace_package_extras(doc) -> None:
    """The template's thumbnail (an empty page) and app.xml ("Microsoft Macintosh Word") would lie."""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            old = rel.target_part
            del package.rels[rid]
            app = Part(PackURI("/docProps/app.xml"), old.content_type, _APP_XML.encode(), package)
            package.relate_to(app, RT.EXTENDED_PROPERTIES)
