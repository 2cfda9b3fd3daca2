"""Sidecar overrides (<stem>.huozi.toml): validation, each correction, stale ones, and the built EPUB."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from convert import pipeline
from convert.cli import main
from convert.errors import InputError
from convert.model import document_to_json
from convert.parse.overrides import OverrideWarning, load, parse
from convert.parse.passes import run
from convert.parse.trace import Trace

XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture()
def page(tmp_path, seed_path) -> Path:
    path = tmp_path / "page.txt"
    path.write_bytes(seed_path.read_bytes())
    return path


def sidecar(page: Path, text: str) -> Path:
    path = page.with_name(page.stem + ".huozi.toml")
    path.write_text(text, encoding="utf-8")
    return path


def blocks_at(doc, line: int):
    return [(a, b) for a, art in enumerate(doc.articles) for b, block in enumerate(art.blocks) if block.span.start <= line <= block.span.end]


# --- validation: one line, naming the file and the entry ------------------------------


@pytest.mark.parametrize("text, message", [
    ("[lines]\nheadng = [3]\n", "unknown key 'headng'"),
    ("[lines]\nsplit = [0]\n", "expected a line number"),
    ("[lines]\nsplit = ['x']\n", "expected a line number"),
    ("[lines]\nheading = [5]\nnot-heading = [5]\n", "line 5 is in both heading and not-heading"),
    ("[lines]\nsplit = [7]\njoin = 7\n", "line 7 is in both split and join"),
    ("[[article]]\ntitle = 'x'\n", "name the article by number = N or by line = L"),
    ("[[article]]\nnumber = 1\nline = 3\ntitle = 'x'\n", "one of them"),
    ("[[article]]\nnumber = 1\n", "nothing to set"),
    ("[[article]]\nnumber = 1\ntitle = 3\n", "title: expected text"),
    ("[[article]]\nnumber = 1\nauthors = [1]\n", "authors: expected a list of names"),
    ("[[attach]]\narticle = 1\n", "missing title-block"),
    ("[[attach]]\ntitle-block = 4\narticle = 1\n[[attach]]\ntitle-block = 4\narticle = 2\n", "already attached"),
    ("title = 'x'\n", "unknown key 'title'"),
    ("[lines\n", "not valid TOML"),
])
def test_bad_files_fail_in_one_line(tmp_path, text, message):
    path = tmp_path / "x.huozi.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(path)
    said = str(info.value)
    assert message in said and said.startswith(str(path)) and "\n" not in said


def test_cli_reports_a_bad_sidecar_in_one_line(page, capsys):
    sidecar(page, "[lines]\nsplit = -3\n")
    assert main(["parse", str(page)]) == 1
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and err.startswith("huozi: error:") and "split" in err


# --- each correction -------------------------------------------------------------------


def test_no_overrides_is_the_plain_parse(seed_path, gold_json):
    text = seed_path.read_text(encoding="utf-8")
    empty = parse({}, "empty")
    assert not empty
    with_empty = run(text, overrides=empty)
    assert with_empty == run(text)
    strip = [{k: a[k] for k in gold_json["articles"][0] if k != "blocks"} for a in document_to_json(with_empty)["articles"]]
    assert strip == [{k: v for k, v in a.items() if k != "blocks"} for a in gold_json["articles"]]


def test_front_matter_by_number_and_by_line(page):
    sidecar(page, '[[article]]\nnumber = 2\ntitle = "北京国际交往中心"\nkicker = "专论——"\nauthors = ["甲 乙", "丙"]\n'
                  '[[article]]\nline = 400\nsubtitle = "副题"\ntitle = ""\n')
    doc = pipeline.read(page)
    second, third = doc.articles[1], doc.articles[2]
    assert (second.title, second.kicker, second.authors) == ("北京国际交往中心", "专论——", ("甲 乙", "丙"))
    assert (third.title, third.subtitle, third.authors) == (None, "副题", ("于佳宁", "毛晓君"))


def test_heading_forced_and_unforced(page, seed_path):
    plain = pipeline.read(seed_path)
    (a19, b19), = blocks_at(plain, 19)
    assert plain.articles[a19].blocks[b19].type == "heading"
    sidecar(page, "[lines]\nnot-heading = [19]\nheading = [350]\n")
    doc = pipeline.read(page)
    (a, b), = blocks_at(doc, 19)
    block = doc.articles[a].blocks[b]
    # No longer a heading; the blank line after its unfinished text reads as a column break.
    assert block.type == "paragraph" and block.text.startswith("发展瓶颈亟待突破与国际一流湾区相比")
    (a, b), = blocks_at(doc, 350)
    assert doc.articles[a].blocks[b].type == "heading" and doc.articles[a].blocks[b].span.start == 350
    headings = lambda d: sum(bl.type == "heading" for art in d.articles for bl in art.blocks)  # noqa: E731
    assert headings(doc) == headings(plain)


def test_split_inside_a_chunk_and_at_a_column_break(page, seed_path):
    sidecar(page, "[lines]\nsplit = [29, 59]\n")
    doc = pipeline.read(page)
    plain = pipeline.read(seed_path)
    assert len(doc.articles[0].blocks) == len(plain.articles[0].blocks) + 2
    for line, start in ((29, "大程度上制约了"), (59, "化程度不高。")):
        (a, b), = blocks_at(doc, line)
        block = doc.articles[a].blocks[b]
        assert block.span.start == line and block.text.startswith(start)
        before = doc.articles[a].blocks[b - 1]
        assert before.span.end in (line - 1, line - 2)
    # The text is only cut, never lost.
    assert "".join(b.text for b in doc.articles[0].blocks) == "".join(b.text for b in plain.articles[0].blocks)


def test_join_two_paragraphs(page, seed_path):
    sidecar(page, "[lines]\njoin = [25]\n")
    doc = pipeline.read(page)
    (a, b), = blocks_at(doc, 25)
    block = doc.articles[a].blocks[b]
    assert block.span.start == 21 and "的瓶颈：一是区际协调。" in block.text
    assert len(doc.articles[a].blocks) == len(pipeline.read(seed_path).articles[a].blocks) - 1


def test_attach_a_title_block_elsewhere(page):
    sidecar(page, "[[attach]]\ntitle-block = 457\narticle = 2\n")  # a line of the block, not only its first
    trace = Trace()
    session = load(page.with_name("page.huozi.toml")).session()
    doc = run(page.read_text(encoding="utf-8"), trace, session)
    assert doc.articles[1].title == "区块链赋能数字经济与实体经济深度融合"
    assert doc.articles[1].authors == ("于佳宁", "毛晓君")
    assert doc.articles[2].title is None  # the article it left has no title now
    assert doc.articles[0].title == "以耦合促融合 共建国际一流湾区"  # the other block still attaches by content
    attach = [d for d in trace.decisions if d.kind == "attach" and d.start == 456]
    assert attach[0].confidence == 1.0 and attach[0].article == 1 and attach[0].rule.startswith("override")
    assert session.stale() == [] and len(session.applied) == 1


def test_overrides_apply_deterministically(page):
    sidecar(page, "[lines]\nsplit = [29]\nnot-heading = [65]\n[[article]]\nnumber = 3\ntitle = \"三\"\n")
    assert pipeline.read(page) == pipeline.read(page)


# --- stale corrections: one warning each ----------------------------------------------------


def test_stale_overrides_warn_one_line_each(page):
    sidecar(page, "[lines]\nsplit = [58, 9999]\njoin = [1, 30]\nheading = [456]\n"
                  "[[article]]\nnumber = 9\ntitle = 'x'\n[[attach]]\ntitle-block = 100\narticle = 1\n")
    with pytest.warns(OverrideWarning) as caught:
        doc = pipeline.read(page)
    messages = [str(w.message) for w in caught]
    assert len(messages) == 7 and all("\n" not in m and "no longer matches the input" in m for m in messages)
    said = "\n".join(messages)
    for expected in ("split 58 no longer", "split 9999 no longer", "join 1 no longer", "join 30 no longer", "heading 456 no longer",
                     "[[article]] 1 no longer matches the input: no article 9", "[[attach]] 1 no longer matches the input: no title block on line 100"):
        assert expected in said, expected
    assert doc.articles[0].title == "以耦合促融合 共建国际一流湾区"  # nothing else changed


def test_cli_parse_prints_stale_warnings_and_takes_overrides(page, tmp_path, capsys):
    other = tmp_path / "fix.toml"
    other.write_text("[[article]]\nnumber = 1\ntitle = '改过的标题'\n[lines]\nsplit = [9999]\n", encoding="utf-8")
    assert main(["parse", str(page), "--overrides", str(other), "--outline"]) == 0
    out, err = capsys.readouterr()
    assert "[1] 改过的标题" in out
    assert err.strip().splitlines() == [f"huozi: warning: {other}: [lines] split 9999 no longer matches the input: "
                                        "line 9999 is not inside a paragraph (blank, a heading, a title block, or past the end)"]


def test_build_refuses_one_overrides_file_for_several_inputs(page, tmp_path, capsys):
    second = tmp_path / "page2.txt"
    second.write_bytes(page.read_bytes())
    fix = tmp_path / "fix.toml"
    fix.write_text("[lines]\nsplit = [29]\n", encoding="utf-8")
    assert main(["build", str(page), str(second), "--overrides", str(fix), "--to", "epub", "--out", str(tmp_path / "o"), "-q"]) == 2
    assert "--overrides" in capsys.readouterr().err


# --- the built EPUB reflects the corrections -------------------------------------------------------


def _epub_body(path: Path) -> list[tuple[str, str]]:
    """(tag, text) of every heading and paragraph in the book's chapters, in order."""
    out = []
    with zipfile.ZipFile(path) as book:
        for name in sorted(n for n in book.namelist() if n.endswith(".xhtml") and "nav" not in n):
            root = etree.fromstring(book.read(name))
            for element in root.iter(*(f"{XHTML}{t}" for t in ("h1", "h2", "h3", "p"))):
                out.append((etree.QName(element).localname, "".join(element.itertext()).strip()))
    return out


def test_built_epub_reflects_title_unheading_and_split(page, tmp_path, capsys):
    sidecar(page, "# an editor's corrections\n[lines]\nnot-heading = [19]\nsplit = [29]\n\n"
                  "[[article]]\nnumber = 1\ntitle = \"粤港澳大湾区：以耦合促融合\"\n")
    out = tmp_path / "out"
    assert main(["build", str(page), "--to", "epub", "--out", str(out), "-q"]) == 0
    body = _epub_body(out / "page.epub")
    texts = [t for _, t in body]
    # 1. the new title, and the old one gone
    assert any(tag.startswith("h") and t == "粤港澳大湾区：以耦合促融合" for tag, t in body)
    assert not any("以耦合促融合 共建国际一流湾区" in t for t in texts)
    # 2. line 19 is no longer a heading: it begins a paragraph
    assert not any(tag.startswith("h") and "发展瓶颈亟待突破" in t for tag, t in body)
    assert any(tag == "p" and t.startswith("发展瓶颈亟待突破") for tag, t in body)
    # 3. a paragraph starts at line 29, and the one before ends at line 28
    assert any(tag == "p" and t.startswith("大程度上制约了粤港澳大湾区合作机") for tag, t in body)
    assert any(tag == "p" and t.endswith("在很") for tag, t in body)
    # Rebuilding after the sidecar changes rebuilds (resume keys cover it); unchanged, it is skipped.
    assert main(["build", str(page), "--to", "epub", "--out", str(out)]) == 0
    assert "up to date" in capsys.readouterr().out
    sidecar(page, "[[article]]\nnumber = 1\ntitle = \"又改了\"\n")
    assert main(["build", str(page), "--to", "epub", "--out", str(out), "-q"]) == 0
    assert any(t == "又改了" for _, t in _epub_body(out / "page.epub"))
