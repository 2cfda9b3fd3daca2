"""Document → XHTML 5 content documents (the EPUB exporter's pages).

The markup is small and fixed, so it is written as text rather than built with
lxml: that keeps every byte under our control (lang on the root, no
reformatting by a parser) and is several times faster. All model text passes
through ``text()``, which removes what XML 1.0 forbids before escaping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Article
from . import typography

# XML 1.0 forbids C0 controls (except tab, LF, CR), lone surrogates and U+FFFE/U+FFFF;
# HTML additionally treats C1 controls and the U+FDD0–U+FDEF noncharacters as parse errors.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# Vertical text: one or two digits standing alone are set upright in one cell (縱中橫);
# longer numbers and Latin words are left to rotate (clreq §3.4 / JLREQ tate-chu-yoko).
_SHORT_NUMBER = re.compile(r"(?<![0-9A-Za-z.,])[0-9]{1,2}(?![0-9A-Za-z.,])")

# The element each block type becomes; a new block type fails test_epub until it is added here.
BLOCK_TAGS = {"heading": "h2", "paragraph": "p"}

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"


def clean(value: str) -> str:
    """Text safe for XML: lone surrogates become U+FFFD, forbidden controls go, tabs become spaces."""
    # A str holding lone surrogates cannot be encoded to UTF-8; mark where they were.
    value = _SURROGATE.sub("\ufffd", value)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _FORBIDDEN.sub("", value)


def attr(value: str) -> str:
    """An attribute value (to be put between double quotes)."""
    return clean(value).replace("\n", " ").translate(_ESCAPES)


def text(value: str, *, vertical: bool = False) -> str:
    """Element content: escaped; a line feed inside a paragraph becomes <br/>."""
    escaped = clean(value).strip().translate(_ESCAPES)
    if vertical:
        escaped = _SHORT_NUMBER.sub(r'<span class="tcy">\g<0></span>', escaped)
    return escaped.replace("\n", "<br/>")


@dataclass(frozen=True)
class Page:
    """One content document: its file name, label and the (id, label) of its headings."""

    name: str
    label: str
    headings: tuple[tuple[str, str], ...]
    content: bytes


def document(body: str, *, title: str, lang: str, css: str, body_class: str = "") -> bytes:
    """Wrap body markup in a complete XHTML document with lang and xml:lang on the root."""
    lang = attr(lang)
    klass = f' class="{body_class}"' if body_class else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="{XHTML_NS}" xmlns:epub="{EPUB_NS}" lang="{lang}" xml:lang="{lang}">\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{attr(title.strip())}</title>\n'
        f'<link rel="stylesheet" type="text/css" href="{attr(css)}"/>\n</head>\n'
        f"<body{klass}>\n{body}</body>\n</html>\n"
    ).encode("utf-8")


def article_page(article: Article, index: int, *, lang: str, css: str, vertical: bool = False) -> Page:
    """One article as a content document: title block as the paper sets it, body, affiliation last."""
    label = typography.article_label(article, index)
    out: list[str] = [f'<section class="article" epub:type="chapter" id="a{index + 1}">\n']
    header: list[str] = []
    if article.kicker:
        header.append(f'<p class="kicker">{text(article.kicker, vertical=vertical)}</p>\n')
    if article.title:
        header.append(f'<h1 class="title">{text(article.title, vertical=vertical)}</h1>\n')
    if article.subtitle:
        header.append(f'<p class="subtitle">{text(article.subtitle, vertical=vertical)}</p>\n')
    if article.authors:
        names = "\u3000".join(text(name, vertical=vertical) for name in article.authors)
        header.append(f'<p class="byline">{names}</p>\n')
    if header:
        out += ["<header>\n", *header, "</header>\n"]
    headings: list[tuple[str, str]] = []
    for block in article.blocks:
        body = text(block.text, vertical=vertical)
        if not body:
            continue
        tag = BLOCK_TAGS[block.type]
        if block.type == "heading":
            anchor = f"s{len(headings) + 1}"
            headings.append((anchor, clean(block.text).strip()))
            out.append(f'<{tag} id="{anchor}">{body}</{tag}>\n')
        else:
            out.append(f"<{tag}>{body}</{tag}>\n")
    if article.affiliation:
        note = typography.affiliation_note(article.affiliation, lang)
        out.append(f'<p class="affiliation">{text(note, vertical=vertical)}</p>\n')
    out.append("</section>\n")
    name = f"a{index + 1:03d}.xhtml"
    content = document("".join(out), title=label, lang=lang, css=css)
    return Page(name, clean(label), tuple(headings), content)


def cover_page(image: str, *, title: str, lang: str, css: str) -> bytes:
    body = f'<section class="cover" epub:type="cover">\n<img src="{attr(image)}" alt="{attr(title)}"/>\n</section>\n'
    return document(body, title=title, lang=lang, css=css, body_class="cover")
