"""EPUB 3 (with an EPUB 2 NCX) from a Document, through EbookLib.

Our own code writes the content documents (``xhtml``), the stylesheet and the
cover; EbookLib writes the package document, the navigation document with
landmarks, and the NCX. EbookLib stamps the clock into the zip entries, so the
archive is repacked with fixed timestamps: the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import uuid
import zipfile
from importlib import resources
from pathlib import Path

from ..errors import ExportError
from ..model import Document, dumps
from . import stamp, typography, xhtml
from .options import ExportOptions

CSS_NAME = "book.css"
FONT_FILE = "fonts/body.woff"
FONT_FAMILY = "HuoziBody"
# EPUB reading systems look these up by name; traditional text needs TC/HK glyph forms.
SERIF_FAMILIES = {
    "Hans": ["Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "STSong", "SimSun"],
    "Hant-TW": ["Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", "PMingLiU", "MingLiU"],
    "Hant-HK": ["Noto Serif CJK HK", "Source Han Serif HC", "Songti TC", "MingLiU_HKSCS", "PMingLiU"],
}
SANS_FAMILIES = {
    "Hans": ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Heiti SC"],
    "Hant-TW": ["Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei", "Heiti TC"],
    "Hant-HK": ["Noto Sans CJK HK", "Source Han Sans HC", "PingFang HK", "Microsoft JhengHei", "Heiti TC"],
}
VERTICAL_CSS = """
/* Vertical setting (直排): columns top to bottom, right to left. */
html { -epub-writing-mode: vertical-rl; -webkit-writing-mode: vertical-rl; writing-mode: vertical-rl; }
.tcy { -epub-text-combine: horizontal; -webkit-text-combine: horizontal; text-combine-upright: all; }
body { margin: 0.5em 0; }
section.cover img { max-height: 100%; max-width: 100vw; }
"""
# The zip epoch: what every entry's timestamp is set to (reproducible builds).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DATE = re.compile(r"^\s*(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?\s*$")


def write(document: Document, path: Path, options: ExportOptions) -> None:
    data = build(document, options)
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write EPUB ({exc.strerror})") from None


def build(document: Document, options: ExportOptions) -> bytes:
    """The EPUB file as bytes."""
    from ebooklib import epub

    from . import cover as covers

    lang = typography.script_tag(document.lang)
    label = {key: typography.ui_label(key, lang) for key in ("toc", "cover", "body", "guide")}
    title = typography.document_title(document, options.title)
    date = options.date or document.date
    vertical = options.vertical

    book = epub.EpubBook()
    book.set_identifier(identifier(document, title))
    book.set_title(xhtml.clean(title))
    book.set_language(lang)
    for number, author in enumerate(typography.document_authors(document, options.author), 1):
        book.add_author(xhtml.clean(author), uid=f"creator{number}")
    if w3c_date(date):
        book.add_metadata("DC", "date", w3c_date(date))
    if vertical:
        book.set_direction("rtl")  # spine page-progression-direction

    font = embedded_font(document, title, options, label) if options.embed_fonts else None
    book.add_item(epub.EpubItem("css", CSS_NAME, "text/css", stylesheet(lang, font is not None, vertical)))
    if font is not None:
        book.add_item(epub.EpubItem("font-body", font[0], font[1], font[2]))

    single = len(document.articles) == 1
    kicker = document.articles[0].kicker if single else None
    # A page without a title of its own leads its cover with its first headline, not a file name.
    own = typography.book_title(document, options.title)
    cover_title = own or typography.article_label(document.articles[0], 0) if document.articles else title
    labels = [xhtml.clean(typography.article_label(a, i)) for i, a in enumerate(document.articles)]
    headlines = () if single else tuple(labels if own else labels[1:])
    art = covers.render(
        xhtml.clean(cover_title),
        kicker=kicker and xhtml.clean(kicker),
        date=date,
        headlines=headlines,
        lang=lang,
        fonts=options.fonts,
    )
    image = epub.EpubCover(file_name=f"cover.{art.extension}")
    image.media_type, image.content = art.media_type, art.data
    book.add_item(image)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-img"})  # EPUB 2 readers
    cover_page = epub.EpubItem(
        "cover", "cover.xhtml", "application/xhtml+xml", xhtml.cover_page(image.file_name, title=title, lang=lang, css=CSS_NAME)
    )
    book.add_item(cover_page)

    nav = epub.EpubNav(title=label["toc"])
    nav.add_link(href=CSS_NAME, rel="stylesheet", type="text/css")
    book.add_item(nav)
    book.add_item(epub.EpubNcx())

    pages = [
        xhtml.article_page(article, index, lang=lang, css=CSS_NAME, vertical=vertical)
        for index, article in enumerate(document.articles)
    ]
    if not pages:
        raise ExportError("nothing to write: the document has no articles")
    entries = []
    for number, page in enumerate(pages, 1):
        book.add_item(epub.EpubItem(f"a{number:03d}", page.name, "application/xhtml+xml", page.content))
        link = epub.Link(page.name, page.label, f"a{number:03d}")
        listed = typography.toc_headings(document.articles[number - 1], number - 1)
        headings = page.headings[len(page.headings) - len(listed) :]  # the kept ones are the last
        subs = [epub.Link(f"{page.name}#{anchor}", text, f"a{number:03d}-{anchor}") for anchor, text in headings]
        entries.append((link, subs) if subs else link)
    toc = []
    for group, (label_text, indices) in enumerate(typography.page_groups(document), 1):
        if label_text is None:
            toc.extend(entries[i] for i in indices)
        else:  # a book of several pages: the contents groups articles by page file
            first = pages[indices[0]].name
            toc.append((epub.Section(label_text, first), [entries[i] for i in indices]))
    book.toc = toc

    show_toc = options.toc if options.toc is not None else len(pages) > 1
    book.spine = [cover_page, nav if show_toc else (nav, "no"), *book.items[-len(pages) :]]
    book.guide = [
        {"href": "cover.xhtml", "title": label["cover"], "type": "cover"},
        {"href": "nav.xhtml", "title": label["toc"], "type": "toc"},
        {"href": pages[0].name, "title": label["body"], "type": "text"},  # landmark: bodymatter
    ]

    raw = io.BytesIO()
    settings = {
        "epub3_pages": False,
        "landmark_title": label["guide"],
        "mtime": modified(options, date),
        "raise_exceptions": True,
        "compresslevel": 1,  # repacked below; spend no time here
    }
    epub.write_epub(raw, book, settings)
    return repack(raw.getvalue())


def identifier(document: Document, title: str) -> str:
    """A URN derived from the content: the same text always gets the same identifier."""
    digest = hashlib.sha256(f"{title}\n{dumps(document, indent=None)}".encode("utf-8", "surrogatepass"))
    return f"urn:uuid:{uuid.UUID(bytes=digest.digest()[:16], version=5)}"


def w3c_date(value: str | None) -> str | None:
    """``2024-03-05``, ``2024/3/5`` or ``2024年3月5日`` → ``2024-03-05`` (W3CDTF); None if unreadable."""
    match = _DATE.match(value or "")
    if not match:
        return None
    year, month, day = match.groups()
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "-".join(parts)


def modified(options: ExportOptions, date: str | None) -> dt.datetime:
    """dcterms:modified by the rule every exporter follows (stamp.moment), never the clock:
    without a date, SOURCE_DATE_EPOCH or a batch timestamp it is the zip epoch."""
    return stamp.moment(options, date, fallback=dt.datetime(*ZIP_TIME, tzinfo=dt.timezone.utc))


def stylesheet(lang: str, embedded: bool, vertical: bool) -> bytes:
    script = typography.font_script(lang)
    own = [FONT_FAMILY] if embedded else []
    serif = ", ".join(f'"{name}"' for name in [*own, *SERIF_FAMILIES[script]]) + ", serif"
    # Headings fall back to the embedded body face before a generic font that may lack CJK.
    sans = ", ".join(f'"{name}"' for name in [*SANS_FAMILIES[script], *own]) + ", sans-serif"
    head = ""
    if embedded:
        head += f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{FONT_FILE}") format("woff"); }}\n'
    head += f"body {{ font-family: {serif}; }}\nh1, h2, .kicker, .subtitle, .byline, nav h2 {{ font-family: {sans}; }}\n"
    base = resources.files(__package__).joinpath("epub.css").read_text(encoding="utf-8")
    # Appended: @namespace must stay first, and the base sheet sets no font-family to conflict.
    css = base + head + (VERTICAL_CSS if vertical else "")
    return css.encode("utf-8")


def embedded_font(document: Document, title: str, options: ExportOptions, label: dict[str, str]) -> tuple[str, str, bytes]:
    """The body face subset to the book's characters, as WOFF: (file name, media type, bytes).

    WOFF 1 (zlib) rather than WOFF2: fontTools encodes WOFF2 in pure Python with
    Brotli at its highest quality, about 0.7 s more for a 20 % smaller file.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from ..fonts import check_coverage, report_missing, resolve_chain

    fixed = "".join(label.values()) + typography.affiliation_note("", document.lang) + "　…"
    chars = "".join(sorted(set(xhtml.clean(document.characters() + title + fixed)) - {"\n"}))
    face = resolve_chain("body", typography.font_script(document.lang), options.fonts)[0]
    # Only this face travels with the book: what it lacks falls back to the reader's fonts.
    report_missing(check_coverage(chars, [face]), strict=options.strict_glyphs, document=document, source=document.source)
    settings = subset.Options()
    settings.flavor = "woff"
    settings.layout_features = ["*"]  # keep vert/vrt2 for vertical text, locl, kerning
    settings.name_IDs = ["*"]
    settings.notdef_outline = True
    out = io.BytesIO()
    try:
        with TTFont(face.truetype(chars), recalcTimestamp=False, lazy=True) as font:
            subsetter = subset.Subsetter(settings)
            subsetter.populate(text=chars)
            subsetter.subset(font)
            font.flavor = "woff"
            font.save(out, reorderTables=False)
    except (OSError, ValueError, KeyError, AssertionError) as exc:  # what fontTools raises on a bad file
        raise ExportError(f"{face.path}: cannot subset the body font for embedding ({exc})") from None
    return FONT_FILE, "font/woff", out.getvalue()


def repack(data: bytes) -> bytes:
    """Copy the archive with fixed timestamps and attributes; mimetype stays first and stored."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.create_system = 3  # Unix, whatever the host
            info.external_attr = 0o644 << 16
            payload = source.read(entry)
            packed = entry.filename == "mimetype" or entry.filename.endswith((".woff", ".jpg", ".png"))
            info.compress_type = zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED
            target.writestr(info, payload)
    return out.getvalue()
