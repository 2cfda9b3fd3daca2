"""The DOCX style sheet, font table and settings: every look is a named style.

python-docx has no API for East Asian fonts (``w:rFonts/@w:eastAsia``), the
East Asian language (``w:lang/@w:eastAsia``) or character-based indents
(``w:ind/@w:firstLineChars``), so the style sheet is written here as XML and
swapped into python-docx's default template (whose latent-style list Word's
style gallery uses is kept). Element order follows the WordprocessingML schema
(ECMA-376 Part 1, §17.7 styles, §17.3.1 pPr, §17.3.2 rPr): Word reports a
damaged file when it is not respected.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import quoteattr

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from ..errors import HuoziError
from . import typography
from .options import ExportOptions, FontChoice

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = f'xmlns:w="{W_NS}"'

# Family names of the bundled/Debian Noto CJK fonts per script and role (used when no font
# resolves), and the Windows font Word substitutes when the reader lacks them (font table
# altName; charset 0x86 = GB2312, 0x88 = Big5 steers Word to a Chinese, not Japanese, face).
_FALLBACK = {
    "Hans": {"body": "Noto Serif CJK SC", "heading": "Noto Sans CJK SC"},
    "Hant-TW": {"body": "Noto Serif CJK TC", "heading": "Noto Sans CJK TC"},
    "Hant-HK": {"body": "Noto Serif CJK HK", "heading": "Noto Sans CJK HK"},
}
_WINDOWS_ALT = {
    "Hans": {"body": ("宋体", "86"), "heading": ("黑体", "86")},
    "Hant-TW": {"body": ("新細明體", "88"), "heading": ("微軟正黑體", "88")},
    "Hant-HK": {"body": ("MingLiU_HKSCS", "88"), "heading": ("微軟正黑體", "88")},
}


@dataclass(frozen=True)
class Fonts:
    script: str
    body: str
    heading: str


def font_families(lang: str, options: ExportOptions) -> Fonts:
    """The one place DOCX asks which font families to name (it embeds none)."""
    # Cached per process (batch builds); the system-font switch is part of the key.
    return _font_families(typography.font_script(lang), options.fonts, os.environ.get("HUOZI_NO_SYSTEM_FONTS"))


@lru_cache(maxsize=32)
def _font_families(script: str, choice: FontChoice, _no_system: str | None) -> Fonts:
    # Imported here: fontTools costs more than the whole DOCX, and only the names are needed.
    from ..fonts import resolve_chain

    names = {}
    for role in ("body", "heading"):
        try:
            names[role] = resolve_chain(role, script, choice)[0].family
        except (HuoziError, OSError, IndexError):
            # A DOCX names fonts, it embeds none: this machine may lack them all.
            typed = getattr(choice, role)
            plain = typed and not any(c in typed for c in "/#.")  # a family name, not a file
            names[role] = typed if plain else _FALLBACK[script][role]
    return Fonts(script, names["body"], names["heading"])


def _half_points(pt: float) -> int:
    return max(2, round(pt * 2))


def _twips(pt: float) -> int:
    return round(pt * 20)


def _rpr(family: str, size: float, lang: str, *, bold: bool = False, color: str | None = None) -> str:
    f = quoteattr(family)
    return (
        f"<w:rPr><w:rFonts w:ascii={f} w:hAnsi={f} w:eastAsia={f} w:cs={f} w:hint=\"eastAsia\"/>"
        + ("<w:b/><w:bCs/>" if bold else "")
        + (f'<w:color w:val="{color}"/>' if color else "")
        + f'<w:sz w:val="{_half_points(size)}"/><w:szCs w:val="{_half_points(size)}"/>'
        + f'<w:lang w:val="en-US" w:eastAsia={quoteattr(lang)} w:bidi="ar-SA"/></w:rPr>'
    )


def _style(
    style_id: str,
    name: str,
    ppr: str,
    rpr: str,
    *,
    based_on: str | None = "Normal",
    next_id: str | None = "Normal",
    custom: bool = False,
    priority: int | None = None,
    kind: str = "paragraph",
    default: bool = False,
) -> str:
    attrs = f'w:type="{kind}" w:styleId="{style_id}"'
    if default:
        attrs += ' w:default="1"'
    if custom:
        attrs += ' w:customStyle="1"'
    return (
        f"<w:style {attrs}><w:name w:val={quoteattr(name)}/>"
        + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
        + (f'<w:next w:val="{next_id}"/>' if next_id else "")
        + (f'<w:uiPriority w:val="{priority}"/>' if priority is not None else "")
        + "<w:qFormat/>"
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + rpr
        + "</w:style>"
    )


def _spacing(before: float, after: float, line: str) -> str:
    return f'<w:spacing w:before="{_twips(before)}" w:after="{_twips(after)}" {line}/>'


def styles_xml(fonts: Fonts, lang: str, options: ExportOptions) -> list[str]:
    """docDefaults and each w:style, as XML strings in schema order."""
    size = options.font_size
    line = size * options.leading
    body_line = f'w:line="{_twips(line)}" w:lineRule="exact"'  # a steady grid, like a set page
    single = 'w:line="240" w:lineRule="auto"'  # display lines: the font's own height
    no_indent = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'  # Chars wins over twips: reset both
    indent = f'<w:ind w:firstLineChars="{typography.FIRST_LINE_INDENT_EM * 100}" w:firstLine="{_twips(size * typography.FIRST_LINE_INDENT_EM)}"/>'
    keep = "<w:keepNext/><w:keepLines/>"
    body, head = fonts.body, fonts.heading
    defaults = (
        "<w:docDefaults><w:rPrDefault>"
        + _rpr(body, size, lang).replace("<w:sz ", '<w:kern w:val="2"/><w:sz ')
        + "</w:rPrDefault><w:pPrDefault><w:pPr>"
        # kinsoku on: Word applies its East Asian line-start/-end rules (plus settings' lists).
        + '<w:kinsoku w:val="1"/><w:overflowPunct w:val="1"/>'
        + f"{_spacing(0, 0, single)}</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    # Normal is the body text: justified, two-character first-line indent, fixed leading.
    # "distribute" would also spread the last line of each paragraph: wrong for prose.
    styles = [
        _style("Normal", "Normal", f'<w:widowControl/>{_spacing(0, 0, body_line)}{indent}<w:jc w:val="both"/>',
               _rpr(body, size, lang), based_on=None, next_id=None, priority=0, default=True),
        _style("DefaultParagraphFont", "Default Paragraph Font", "", "", kind="character",
               based_on=None, next_id=None, priority=1, default=True).replace("<w:qFormat/>", ""),
        _style("Title", "Title", f"{keep}{_spacing(size * 6, size * 2, single)}{no_indent}<w:jc w:val=\"center\"/>",
               _rpr(head, size * 2.1, lang, bold=True), priority=10),
        _style("Subtitle", "Subtitle", f"{keep}{_spacing(0, size, single)}{no_indent}<w:jc w:val=\"center\"/>",
               _rpr(head, size * 1.3, lang), priority=11),
        _style("Kicker", "Kicker", f"{keep}{_spacing(size, size * 0.4, single)}{no_indent}<w:jc w:val=\"center\"/>",
               _rpr(body, size * 1.15, lang), custom=True),
        _style("Heading1", "heading 1",
               f"{keep}{_spacing(size, size * 0.8, single)}{no_indent}<w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/>",
               _rpr(head, size * 1.7, lang, bold=True), priority=9),
        _style("Heading2", "heading 2",
               f"{keep}{_spacing(size * 1.2, size * 0.5, single)}{no_indent}<w:jc w:val=\"left\"/><w:outlineLvl w:val=\"1\"/>",
               _rpr(head, size * 1.15, lang, bold=True), priority=9),
        _style("Byline", "Byline", f"{keep}{_spacing(0, size * 1.2, single)}{no_indent}<w:jc w:val=\"center\"/>",
               _rpr(body, size, lang), custom=True),
        _style("Affiliation", "Affiliation", f"{_spacing(size * 0.5, 0, body_line)}{no_indent}<w:jc w:val=\"right\"/>",
               _rpr(body, size, lang), custom=True),
        _style("TOCHeading", "TOC Heading",
               f"{keep}{_spacing(size * 2, size * 1.5, single)}{no_indent}<w:jc w:val=\"center\"/><w:outlineLvl w:val=\"9\"/>",
               _rpr(head, size * 1.7, lang, bold=True), based_on="Heading1", priority=39),
        _style("TOC1", "toc 1",
               f'<w:tabs><w:tab w:val="right" w:leader="middleDot" w:pos="{_twips(_text_width_pt(options))}"/></w:tabs>'
               f"{_spacing(size * 0.3, size * 0.3, single)}{no_indent}",
               _rpr(body, size * 1.1, lang), priority=39),
        # A book of several page files: the page's name above its articles, in the TOC and the body.
        _style("TOCPage", "TOC Page", f"{keep}{_spacing(size * 0.8, size * 0.2, single)}{no_indent}",
               _rpr(head, size * 1.1, lang, bold=True), custom=True),
        _style("PageLabel", "Page Label", f"{keep}{_spacing(0, size * 1.5, single)}{no_indent}<w:jc w:val=\"left\"/>",
               _rpr(head, size * 0.9, lang), custom=True),
        _style("Header", "header", f"{no_indent}<w:jc w:val=\"center\"/>", _rpr(body, size * 0.85, lang), priority=99),
        _style("Footer", "footer", f"{_spacing(0, 0, single)}{no_indent}<w:jc w:val=\"center\"/>",
               _rpr(body, size * 0.85, lang), priority=99),
        _style("Hyperlink", "Hyperlink", "", "<w:rPr><w:color w:val=\"000000\"/></w:rPr>", kind="character",
               based_on="DefaultParagraphFont", next_id=None, priority=99).replace("<w:qFormat/>", ""),
    ]
    return [defaults, *styles]


def _text_width_pt(options: ExportOptions) -> float:
    width, height = options.page_mm
    inner, outer, top, bottom = options.margins_mm
    span = (height - top - bottom) if options.vertical else (width - inner - outer)
    return span / 25.4 * 72


def install_styles(doc, fonts: Fonts, lang: str, options: ExportOptions) -> None:
    """Replace the template's styles (blue Cambria headings, theme fonts) with ours."""
    root = doc.styles.element
    latent = root.find(f"{{{W_NS}}}latentStyles")
    del root[:]
    parts = styles_xml(fonts, lang, options)
    root.append(parse_xml(f"<w:x {_NS}>{parts[0]}</w:x>")[0])
    if latent is not None:
        root.append(latent)
    for element in parse_xml(f"<w:x {_NS}>{''.join(parts[1:])}</w:x>"):
        root.append(element)
    # Word 2010's duplicate of styles.xml would still carry the template's styles.
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects":
            doc.part.drop_rel(rid)


def install_font_table(doc, fonts: Fonts) -> None:
    """A font table naming our families, with the Windows face Word should substitute."""
    entries = []
    for role, family, kind in (("body", fonts.body, "roman"), ("heading", fonts.heading, "swiss")):
        alt, charset = _WINDOWS_ALT[fonts.script][role]
        entries.append(
            f"<w:font w:name={quoteattr(family)}><w:altName w:val={quoteattr(alt)}/>"
            f'<w:charset w:val="{charset}"/><w:family w:val="{kind}"/><w:pitch w:val="variable"/></w:font>'
        )
    if fonts.body == fonts.heading:
        entries.pop()
    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {_NS}>{"".join(entries)}</w:fonts>'
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == RT.FONT_TABLE:
            old = rel.target_part
            doc.part.drop_rel(rid)
            part = Part(PackURI("/word/fontTable.xml"), old.content_type, blob.encode("utf-8"), old.package)
            doc.part.relate_to(part, RT.FONT_TABLE)


def tune_settings(doc, lang: str, options: ExportOptions) -> None:
    """East Asian settings: theme language, punctuation compression, kinsoku lists, mirrored margins."""
    settings = doc.settings.element

    def find(tag):
        return settings.find(f"{{{W_NS}}}{tag}")

    theme_lang = find("themeFontLang")
    if theme_lang is not None:  # the template says ja-JP: Word would pick Japanese theme fonts
        theme_lang.set(f"{{{W_NS}}}eastAsia", lang)
    spacing = find("characterSpacingControl")
    if spacing is not None:  # what Word's Chinese templates write: full-width marks may compress
        spacing.set(f"{{{W_NS}}}val", "compressPunctuation")
        # Our line-start/-end sets (typography) as Word's custom kinsoku lists for this language.
        after = "".join(sorted(typography.LINE_END_FORBIDDEN))
        before = "".join(sorted(typography.LINE_START_FORBIDDEN))
        lists = parse_xml(
            f"<w:x {_NS}><w:noLineBreaksAfter w:lang={quoteattr(lang)} w:val={quoteattr(after)}/>"
            f"<w:noLineBreaksBefore w:lang={quoteattr(lang)} w:val={quoteattr(before)}/></w:x>"
        )
        anchor = spacing
        for element in list(lists):
            anchor.addnext(element)
            anchor = element
    for setting in settings.iter(f"{{{W_NS}}}compatSetting"):
        if setting.get(f"{{{W_NS}}}name") == "compatibilityMode":  # Word 2013+, not "Compatibility Mode"
            setting.set(f"{{{W_NS}}}val", "15")
    if options.margins_mm[0] != options.margins_mm[1]:
        zoom = find("zoom")  # mirrorMargins sits right after w:zoom … w:view in schema order
        mirror = parse_xml(f"<w:mirrorMargins {_NS}/>")
        if zoom is not None:
            zoom.addnext(mirror)
        else:
            settings.insert(0, mirror)
