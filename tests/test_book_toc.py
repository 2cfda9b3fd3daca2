"""A book merged from several page files groups its contents by page."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace

from convert.export import typography
from convert.export.epub import write as write_epub
from convert.export.options import ExportOptions
from convert.model import Document


def _book(gold_document) -> Document:
    first = [replace(a, page="p1") for a in gold_document.articles]
    second = [replace(a, page="p2") for a in gold_document.articles[:2]]
    return Document(articles=tuple(first + second), title="合订本")


def test_page_groups_follow_the_page_files(gold_document):
    assert typography.page_groups(_book(gold_document)) == [("p1", [0, 1, 2]), ("p2", [3, 4])]
    assert typography.page_groups(gold_document) == [(None, [0, 1, 2])]


def test_epub_contents_nest_articles_under_their_page(gold_document, tmp_path):
    path = tmp_path / "book.epub"
    write_epub(_book(gold_document), path, ExportOptions(date="2025-11-25"))
    nav = zipfile.ZipFile(path).read("EPUB/nav.xhtml").decode("utf-8")
    toc = nav[nav.index('epub:type="toc"') : nav.index("</nav>")]
    # Top level: the two pages; the first page holds three articles.
    top = re.findall(r"^\s{8}<li>\s*<(?:a|span)[^>]*>([^<]+)<", toc, re.M)
    assert top == ["p1", "p2"], top
    first_page = toc[toc.index(">p1<") : toc.index(">p2<")]
    assert first_page.count("以耦合促融合 共建国际一流湾区") == 1
    assert "区块链赋能数字经济与实体经济深度融合" in first_page


def test_docx_contents_and_body_name_each_page(gold_document, tmp_path):
    import docx

    from convert.export.docx import write as write_docx

    path = tmp_path / "book.docx"
    write_docx(_book(gold_document), path, ExportOptions(date="2025-11-25"))
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]
    contents = [text for style, text in paragraphs if style in ("TOC Page", "toc 1")]
    assert contents[0] == "p1" and contents[4] == "p2"
    assert contents[1] == "以耦合促融合 共建国际一流湾区" and len(contents) == 7
    labels = [text for style, text in paragraphs if style == "Page Label"]
    assert labels == ["p1", "p2"]


def test_pdf_contents_and_outline_group_articles_by_page(gold_document, tmp_path):
    import pypdfium2 as pdfium

    from convert.export.pdf import write as write_pdf

    for vertical in (False, True):
        path = tmp_path / f"book-{vertical}.pdf"
        write_pdf(_book(gold_document), path, ExportOptions(vertical=vertical, page="a5"))
        pdf = pdfium.PdfDocument(str(path))
        outline = [(item.level, item.get_title()) for item in pdf.get_toc()]
        pdf.close()
        top = [title for level, title in outline if level == 0]
        assert top == ["目录", "p1", "p2"] or top == ["p1", "p2"], outline
        # Articles sit one level below their page, headings one below their article.
        levels = {title: level for level, title in outline}
        assert levels["以耦合促融合 共建国际一流湾区"] == 1 and levels["发展瓶颈亟待突破"] == 2


def test_an_untitled_article_is_not_listed_twice(gold_document):
    untitled = gold_document.articles[1]
    assert untitled.title is None
    label = typography.article_label(untitled, 1)
    listed = typography.toc_headings(untitled, 1)
    assert label == "准确把握新时代国际交往中心建设的新内涵" and label not in listed
    assert listed == [h.text for h in untitled.headings()][1:]
    titled = gold_document.articles[0]
    assert typography.toc_headings(titled, 0) == [h.text for h in titled.headings()]
