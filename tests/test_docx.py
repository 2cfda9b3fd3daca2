"""DOCX exporter, read back with python-docx: styles, East Asian fonts and language, indents,
headings, core properties, page setup, fields, and odd input characters."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import datetime, timezone

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert.export import typography
from convert.export.docx import clean, write
from convert.export.docx_styles import font_families
from convert.export.options import ExportOptions
from convert.model import Article, Block, Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OPTIONS = ExportOptions(date="2019-05-06", subject="理论版", page="a4")


@pytest.fixture(scope="module")
def bundled_fonts_only():
    """Module fixtures run before conftest's per-test font isolation: apply it here too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HUOZI_NO_SYSTEM_FONTS", "1")
        yield


@pytest.fixture(scope="module")
def gold_docx(gold_document, tmp_path_factory, bundled_fonts_only):
    path = tmp_path_factory.mktemp("docx") / "gold.docx.part"  # the pipeline's temp-name shape
    write(gold_document, path, OPTIONS)
    return path


@pytest.fixture(scope="module")
def read(gold_docx):
    return docx.Document(str(gold_docx))


def build(tmp_path, document, name="doc.docx", **options):
    path = tmp_path / name
    write(document, path, ExportOptions(**options))
    return docx.Document(str(path))


def styled(d, style):
    return [p for p in d.paragraphs if p.style.name == style]


def attr(element, name):
    return element.get(f"{W}{name}")


# --- styles -------------------------------------------------------------------------


def test_front_matter_and_body_use_named_styles(read):
    names = {s.name for s in read.styles}
    assert {"Normal", "Title", "Subtitle", "Kicker", "Byline", "Affiliation", "Heading 1", "Heading 2"} <= names
    for custom in ("Kicker", "Byline", "Affiliation"):
        assert read.styles[custom].element.get(f"{W}customStyle") == "1"
    # No direct formatting: no run or paragraph in the body carries its own font, size, indent or alignment.
    body = read.element.body
    assert not body.xpath(".//w:r/w:rPr/*[not(self::w:rStyle)]")
    assert not body.xpath(".//w:pPr/w:ind | .//w:pPr/w:jc | .//w:pPr/w:spacing | .//w:pPr/w:rPr")


def test_east_asian_fonts_and_language_on_styles(read, gold_document):
    fonts = font_families(gold_document.lang, OPTIONS)
    assert fonts.body.startswith("Noto Serif CJK") and fonts.heading.startswith("Noto Sans CJK")
    styles = read.styles.element
    (default,) = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr")
    (rfonts,) = default.xpath("w:rFonts")
    for name in ("eastAsia", "ascii", "hAnsi"):
        assert attr(rfonts, name) == fonts.body
    assert attr(rfonts, "hint") == "eastAsia"
    assert attr(default.xpath("w:lang")[0], "eastAsia") == "zh-CN"
    # Theme font attributes would override the explicit names in Word: none may remain.
    assert not styles.xpath(".//w:rFonts[@w:eastAsiaTheme or @w:asciiTheme or @w:hAnsiTheme]")
    for name, family in (("Normal", fonts.body), ("Heading 1", fonts.heading), ("Heading 2", fonts.heading),
                         ("Title", fonts.heading), ("Kicker", fonts.body), ("Byline", fonts.body)):
        element = read.styles[name].element
        assert attr(element.xpath("w:rPr/w:rFonts")[0], "eastAsia") == family, name
        assert attr(element.xpath("w:rPr/w:lang")[0], "eastAsia") == "zh-CN", name
    settings = read.settings.element
    assert attr(settings.xpath("w:themeFontLang")[0], "eastAsia") == "zh-CN"


def test_every_body_paragraph_is_justified_with_a_two_character_indent(read, gold_document):
    normal = read.styles["Normal"].element
    (ind,) = normal.xpath("w:pPr/w:ind")
    assert attr(ind, "firstLineChars") == "200"
    assert attr(ind, "firstLine") == str(round(OPTIONS.font_size * 2 * 20))
    assert attr(normal.xpath("w:pPr/w:jc")[0], "val") == "both"
    (spacing,) = normal.xpath("w:pPr/w:spacing")
    assert attr(spacing, "lineRule") == "exact"
    assert int(attr(spacing, "line")) == round(OPTIONS.font_size * OPTIONS.leading * 20)
    body = styled(read, "Normal")
    gold = [b.text for a in gold_document.articles for b in a.blocks if b.type == "paragraph"]
    assert [p.text for p in body] == gold
    for paragraph in body:  # the indent comes from the style, never overridden
        assert paragraph.paragraph_format.first_line_indent is None
    # Styles that are not body text reset both indents (firstLineChars beats firstLine in Word).
    for name in ("Heading 1", "Heading 2", "Title", "Kicker", "Byline", "Affiliation", "toc 1"):
        (ind,) = read.styles[name].element.xpath("w:pPr/w:ind")
        assert (attr(ind, "firstLineChars"), attr(ind, "firstLine")) == ("0", "0"), name


def test_kinsoku_is_on_and_word_wrap_is_never_off(read):
    styles = read.styles.element
    assert attr(styles.xpath("w:docDefaults/w:pPrDefault/w:pPr/w:kinsoku")[0], "val") in (None, "1")
    assert not styles.xpath(".//w:kinsoku[@w:val='0' or @w:val='false']")
    assert not read.element.xpath("//w:wordWrap") and not styles.xpath(".//w:wordWrap")
    settings = read.settings.element
    (before,) = settings.xpath("w:noLineBreaksBefore")
    (after,) = settings.xpath("w:noLineBreaksAfter")
    assert attr(before, "lang") == attr(after, "lang") == "zh-CN"
    assert set(attr(before, "val")) == set(typography.LINE_START_FORBIDDEN)
    assert set(attr(after, "val")) == set(typography.LINE_END_FORBIDDEN)


def test_article_titles_are_heading_1_and_sections_heading_2(read, gold_document):
    labels = [typography.article_label(a, i) for i, a in enumerate(gold_document.articles)]
    assert [p.text for p in styled(read, "Heading 1")] == labels
    assert labels[1] and gold_document.articles[1].title is None  # the untitled one still has a label
    gold = [b.text for a in gold_document.articles for b in a.blocks if b.type == "heading"]
    assert [p.text for p in styled(read, "Heading 2")] == gold
    for name, level in (("Heading 1", "0"), ("Heading 2", "1")):
        assert attr(read.styles[name].element.xpath("w:pPr/w:outlineLvl")[0], "val") == level


def test_kicker_byline_and_affiliation(read, gold_document):
    first, _, third = gold_document.articles
    assert [p.text for p in styled(read, "Kicker")] == [first.kicker]
    assert [p.text for p in styled(read, "Byline")] == ["谭啸", "于佳宁\u3000毛晓君"]
    assert [p.text for p in styled(read, "Affiliation")] == [
        f"（作者单位：{a.affiliation}）" for a in gold_document.articles if a.affiliation
    ]
    # The affiliation closes its article: the next paragraph is the following article's first one.
    texts = [p.text for p in read.paragraphs]
    assert texts.index("（作者单位：辽宁大学经济学院）") == texts.index(gold_document.articles[1].blocks[0].text) - 2


# --- metadata, page, fields ---------------------------------------------------------


def test_core_properties(read):
    props = read.core_properties
    assert props.language == "zh-CN"
    assert props.subject == "理论版"
    assert props.author == "谭啸、于佳宁、毛晓君"
    assert props.created.replace(tzinfo=timezone.utc) == datetime(2019, 5, 6, tzinfo=timezone.utc)
    # Three articles, no book title, no source file: the first article names the document.
    assert props.title == "以耦合促融合 共建国际一流湾区"
    assert "python-docx" not in (props.comments + props.last_modified_by + props.author)


def test_same_document_and_date_give_the_same_bytes(tmp_path, gold_document, gold_docx):
    again = tmp_path / "again.docx"
    write(gold_document, again, OPTIONS)
    assert again.read_bytes() == gold_docx.read_bytes()
    with zipfile.ZipFile(again) as package:  # stamped with --date, not with the clock
        assert {info.date_time for info in package.infolist()} == {(2019, 5, 6, 0, 0, 0)}


def test_single_article_document_takes_its_title(tmp_path, gold_document):
    doc = replace(gold_document, articles=gold_document.articles[:1])
    read = build(tmp_path, doc, author="编辑部", date="2020年3月")
    assert read.core_properties.title == "以耦合促融合 共建国际一流湾区"
    assert read.core_properties.author == "编辑部"
    assert read.core_properties.created.year == 2020 and read.core_properties.created.month == 3
    assert not read.element.xpath("//w:instrText[contains(., 'TOC')]")  # one article: no TOC
    assert not styled(read, "Title")


def test_page_setup_footer_and_article_breaks(read, gold_document):
    section = read.sections[0]
    width, height = OPTIONS.page_mm
    inner, outer, top, bottom = OPTIONS.margins_mm
    assert round(section.page_width.mm) == round(width) and round(section.page_height.mm) == round(height)
    assert round(section.left_margin.mm, 1) == inner and round(section.right_margin.mm, 1) == outer
    assert round(section.top_margin.mm, 1) == top and round(section.bottom_margin.mm, 1) == bottom
    assert read.settings.element.xpath("w:mirrorMargins")  # inner ≠ outer: book margins
    footer = section.footer._element
    assert [t.text.strip() for t in footer.xpath(".//w:instrText")] == ["PAGE"]
    # Each article starts a new page (the first follows the TOC).
    starts = [p for p in read.paragraphs if p.paragraph_format.page_break_before]
    assert [p.text for p in starts] == [gold_document.articles[0].kicker] + [
        typography.article_label(a, i) for i, a in enumerate(gold_document.articles) if i > 0
    ]


def test_toc_field_lists_every_article(read, gold_document):
    (instr,) = read.element.xpath("//w:instrText[contains(., 'TOC')]")
    assert "\\o" in instr.text and "\\h" in instr.text
    entries = styled(read, "toc 1")
    links = [p._p.xpath("w:hyperlink")[0] for p in entries]
    labels = ["".join(link.xpath(".//w:t/text()")) for link in links]
    assert labels == [typography.article_label(a, i) for i, a in enumerate(gold_document.articles)]
    anchors = {attr(link, "anchor") for link in links}
    marks = {attr(b, "name") for b in read.element.xpath("//w:bookmarkStart")}
    assert anchors == marks and len(anchors) == 3
    kinds = [attr(f, "fldCharType") for f in read.element.body.xpath(".//w:fldChar")]
    assert kinds == ["begin", "separate", "end"]


def test_options_change_page_breaks_toc_and_size(tmp_path, gold_document):
    read = build(tmp_path, gold_document, page="b5", margins=(20, 20, 15, 15), article_break="continue",
                 toc=False, title="理论周刊", title_page=True)
    section = read.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (176, 250)
    assert not read.settings.element.xpath("w:mirrorMargins")
    assert not read.element.xpath("//w:instrText[contains(., 'TOC')]")
    assert [p.text for p in styled(read, "Title")] == ["理论周刊"]
    starts = [p.text for p in read.paragraphs if p.paragraph_format.page_break_before]
    assert starts == [gold_document.articles[0].kicker]  # after the title page only


def test_vertical_sections_run_top_to_bottom_right_to_left(tmp_path, gold_document):
    read = build(tmp_path, gold_document, vertical=True)
    (direction,) = read.sections[0]._sectPr.xpath("w:textDirection")
    assert attr(direction, "val") == "tbRl"
    horizontal = build(tmp_path, gold_document, "h.docx")
    assert not horizontal.sections[0]._sectPr.xpath("w:textDirection")


def test_traditional_text_gets_its_region_tag_and_fonts(tmp_path, gold_document):
    doc = replace(gold_document, lang="zh-Hant-HK")
    read = build(tmp_path, doc)
    fonts = font_families("zh-Hant-HK", ExportOptions())
    rpr = read.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr")[0]
    assert attr(rpr.xpath("w:lang")[0], "eastAsia") == "zh-HK"
    assert attr(rpr.xpath("w:rFonts")[0], "eastAsia") == fonts.body
    assert not fonts.body.endswith("SC")
    assert read.core_properties.language == "zh-HK"
    assert styled(read, "Affiliation")[0].text.startswith("（作者單位：")
    assert styled(read, "TOC Heading")[0].text == "目錄"


ODD = "控制\x00字\x01符\x0b\x0c\x1f、代理\ud800对\udfff、完整😀与\ud83d\ude00、\ufffe\uffff末\tTab"


def test_xml_illegal_characters_are_dropped_and_the_rest_kept():
    assert clean(ODD) == "控制字符、代理\ufffd对\ufffd、完整😀与😀、末\tTab"
    assert clean("纯文本 ascii") == "纯文本 ascii"


def odd_document() -> Document:
    article = Article(
        blocks=(Block("heading", "小标题\x07"), Block("paragraph", ODD), Block("paragraph", "<&>\"' 标记")),
        title="标题\ud800", authors=("作者\x00",), affiliation="单位\x1b",
    )
    return Document(articles=(article,), title="书\x02名")


def test_odd_characters_give_a_readable_docx(tmp_path):
    read = build(tmp_path, odd_document(), "odd.docx")
    texts = [p.text for p in read.paragraphs]
    assert texts[0] == "标题\ufffd" and "控制字符、代理\ufffd对\ufffd、完整😀与😀、末\tTab" in texts
    assert "<&>\"' 标记" in texts and "（作者单位：单位）" in texts
    assert read.core_properties.title == "书名"


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()) | st.sampled_from("\ud800\udbff\udc00\ud83d\ude00\x00\r\t"), max_size=40))
def test_any_text_round_trips_through_docx(tmp_path_factory, text):
    """No input crashes the writer; what comes back is the text minus what XML cannot hold."""
    path = tmp_path_factory.mktemp("any") / "any.docx"
    write(Document(articles=(Article(blocks=(Block("paragraph", text),), title="题"),)), path, ExportOptions())
    (paragraph,) = styled(docx.Document(str(path)), "Normal")
    assert paragraph.text == re.sub(r"\r\n?", "\n", clean(text))
