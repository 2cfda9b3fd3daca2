"""`--book`: many pages merged, in natural order, into one document whose articles keep their page."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from convert.book import book_stem, merge
from convert.cli import main
from convert.model import Article, Block, Document

from batch_helpers import FAST, READY, squeeze, text_of


def _page(source: str, *titles: str) -> Document:
    return Document(articles=tuple(Article(blocks=(Block("paragraph", f"{t}的正文。"),), title=t) for t in titles), source=source)


def test_merge_keeps_order_and_labels_each_article_with_its_page():
    book = merge([_page("p1", "甲", "乙"), _page("p2"), _page("p10", "丙")], title="合订本", author="编者", date="2024-01-01")
    assert [(a.title, a.page) for a in book.articles] == [("甲", "p1"), ("乙", "p1"), ("丙", "p10")]
    assert (book.title, book.authors, book.date, book.source) == ("合订本", ("编者",), "2024-01-01", "合订本")


def test_merge_keeps_a_page_already_named_and_the_first_pages_language():
    inner = replace(_page("x", "甲"), lang="zh-Hant-HK")
    inner = inner.with_articles((replace(inner.articles[0], page="第3版"),))
    book = merge([inner, _page("p2", "乙")])
    assert [a.page for a in book.articles] == ["第3版", "p2"]
    assert book.lang == "zh-Hant-HK" and book.title is None and book.source == "book"


def test_merge_of_the_gold_document_conserves_every_character(gold_document):
    pages = [replace(gold_document, source=f"p{n}") for n in (1, 2)]
    book = merge(pages, title="书")
    assert book.characters() == "书" + gold_document.characters() * 2


@pytest.mark.parametrize("title, stem", [("报纸/合订本", "报纸_合订本"), ("  ", "book"), ("a:b*c", "a_b_c"), (None, "book")])
def test_book_stem_is_a_safe_file_name(title, stem):
    assert book_stem(title) == stem


# --- huozi build --book ----------------------------------------------------------------


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """Three pages named so that natural order (p1, p2, p10) differs from text order (p1, p10, p2)."""
    root = tmp_path_factory.mktemp("book")
    pages = root / "pages"
    pages.mkdir()
    texts = {
        "p1": "第一版要闻\n\n本版刊登春耕消息。各地农民抓紧时节播种。\n",
        "p2": "第二版经济\n\n港口货物吞吐量稳步增长，外贸企业订单充足。\n",
        "p10": "第十版副刊\n\n秋夜读书，灯下写字，记一段旧事。\n",
    }
    for stem, text in texts.items():
        (pages / f"{stem}.txt").write_text(text, encoding="utf-8")
    (pages / "blank.txt").write_text("\n \n", encoding="utf-8")
    out, report = root / "out", root / "report.json"
    args = ["build", str(pages), "--book", "春秋合订本", "--author", "编辑部", "--date", "2024-03-01",
            "--to", ",".join(READY), "--out", str(out), "--workers", "1", "--report", str(report)]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    return {"root": root, "out": out, "code": code, "err": err.getvalue(), "args": args,
            "report": json.loads(report.read_text("utf-8"))}


def test_book_writes_one_output_per_format(book):
    assert book["code"] == 0, book["err"]
    names = sorted(p.name for p in book["out"].iterdir() if not p.name.startswith("."))
    assert names == sorted(f"春秋合订本.{fmt}" for fmt in READY)
    assert book["report"]["book"]["status"] == "built" and book["report"]["book"]["pages"] == 3


def test_book_pages_come_in_natural_order(book):
    for fmt in READY:
        text = squeeze(text_of(book["out"] / f"春秋合订本.{fmt}"))
        positions = [text.rfind(marker) for marker in ("春耕", "吞吐量", "秋夜读书")]
        assert -1 not in positions and positions == sorted(positions), (fmt, positions)


def test_book_reports_the_blank_page_as_empty(book):
    statuses = {Path(r["input"]).name: r["status"] for r in book["report"]["inputs"]}
    assert statuses == {"p1.txt": "parsed", "p2.txt": "parsed", "p10.txt": "parsed", "blank.txt": "empty"}


def test_book_docx_carries_the_book_metadata(book):
    if "docx" not in READY:
        pytest.skip("the DOCX exporter has not landed")
    import docx

    props = docx.Document(str(book["out"] / "春秋合订本.docx")).core_properties
    assert (props.title, props.author) == ("春秋合订本", "编辑部")


def test_book_rerun_is_skipped_and_a_changed_page_rebuilds_it(book):
    report = book["root"] / "again.json"
    args = [a if a != str(book["root"] / "report.json") else str(report) for a in book["args"]]
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        assert main(args) == 0
        assert json.loads(report.read_text("utf-8"))["book"]["status"] == "skipped"
        page = book["root"] / "pages" / "p2.txt"
        page.write_text(page.read_text("utf-8") + "\n新增一段。\n", encoding="utf-8")
        assert main(args) == 0
    assert json.loads(report.read_text("utf-8"))["book"]["status"] == "built"
    assert "新增一段" in squeeze(text_of(book["out"] / f"春秋合订本.{FAST}"))
