"""Variants reach every output: the hk PDF, EPUB and DOCX of the gold document hold exactly the
OpenCC s2hk conversion of the gold text with corner-bracket quotes, the right language tags, and
traditional outputs use TC/HK fonts. Read back with real readers (pdftotext/pdfplumber/pdffonts,
the EPUB's XHTML, python-docx and the DOCX XML)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from convert import pipeline
from convert.cli import main
from convert.export import typography
from convert.export.options import ExportOptions
from convert.transform import variant
from convert.transform.punctuation import to_corner
from convert.transform.variants import converter

from conftest import require_tool

CURLY = frozenset("“”‘’")
# What each variant's tag becomes per format (BCP 47 script form for EPUB, region form for PDF/DOCX).
TAGS = {
    "hk": ("zh-Hant-HK", "zh-HK"),
    "mo": ("zh-Hant-MO", "zh-MO"),
    "tw": ("zh-Hant-TW", "zh-TW"),
    "t": ("zh-Hant", "zh-TW"),
    "cn": ("zh-Hans", "zh-CN"),
}


def _fields(document) -> list[str]:
    out = []
    for article in document.articles:
        out += [v for v in (article.kicker, article.title, article.subtitle) if v]
        out += list(article.authors)
        out += [block.text for block in article.blocks]
        out += [article.affiliation] if article.affiliation else []
    return out


def _squash(text: str) -> str:
    return "".join(text.split())


def expected_hk_fields(gold_document) -> list[str]:
    """The gold text through OpenCC s2hk, curly quotes turned into corner brackets."""
    s2hk = converter("s2hk")
    return [_squash(to_corner(s2hk(field))) for field in _fields(gold_document)]


def assert_holds_exactly(text: str, gold_document) -> None:
    """Every converted field, in order; nothing left that s2hk would still change; no curly quotes."""
    squashed = _squash(text)
    position = 0
    for field in expected_hk_fields(gold_document):
        found = squashed.find(field, position)
        assert found >= 0, f"missing or out of order: {field[:30]!r}"
        position = found + len(field)
    converted = converter("s2hk")(squashed)
    left = sorted({a for a, b in zip(squashed, converted) if a != b})
    assert not left and converted == squashed, f"simplified text left in the output: {''.join(left)}"
    assert not set(squashed) & CURLY


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, gold_document):
    """One build per (variant, format), shared by the tests of this module."""
    folder = tmp_path_factory.mktemp("variants")
    made: dict[tuple[str, str], Path] = {}

    def get(name: str, fmt: str) -> Path:
        if (name, fmt) not in made:
            target = folder / pipeline.output_name("gold", name, fmt)
            pipeline.export(variant(gold_document, name), fmt, target, ExportOptions())
            made[(name, fmt)] = target
        return made[(name, fmt)]

    return get


# --- DOCX -----------------------------------------------------------------------------------


def _docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _docx_xml(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode("utf-8")


def test_hk_docx_holds_the_s2hk_text_with_corner_quotes(outputs, gold_document):
    assert_holds_exactly(_docx_text(outputs("hk", "docx")), gold_document)


@pytest.mark.parametrize("name", ["hk", "mo", "tw", "cn"])
def test_docx_language_tags_follow_the_variant(outputs, name):
    path = outputs(name, "docx")
    styles = _docx_xml(path, "word/styles.xml")
    tags = set(re.findall(r'w:eastAsia="(zh-[A-Za-z-]+)"', styles))
    assert tags == {TAGS[name][1]}
    import docx

    assert docx.Document(str(path)).core_properties.language == TAGS[name][1]


@pytest.mark.parametrize("name", ["hk", "tw", "cn"])
def test_docx_east_asian_fonts_follow_the_script(outputs, name):
    fonts = set(re.findall(r'w:eastAsia="([^"]+)"', _docx_xml(outputs(name, "docx"), "word/styles.xml")))
    fonts = {f for f in fonts if not f.startswith("zh-")}
    assert fonts
    if name == "cn":
        assert all("SC" in f or "Hans" in f for f in fonts), fonts
    else:
        assert all(re.search(r"\b(TC|HK)\b|Hant", f) for f in fonts), fonts


# --- EPUB -----------------------------------------------------------------------------------


def _epub_pages(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xhtml", ".opf"))}


def _body_text(xhtml: str) -> str:
    body = re.search(r"<body[^>]*>(.*)</body>", xhtml, re.S).group(1)
    return re.sub(r"<[^>]+>", "", body).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_hk_epub_holds_the_s2hk_text_with_corner_quotes(outputs, gold_document):
    pages = _epub_pages(outputs("hk", "epub"))
    articles = sorted(n for n, text in pages.items() if 'epub:type="chapter"' in text)
    assert len(articles) == len(gold_document.articles)
    assert_holds_exactly("".join(_body_text(pages[n]) for n in articles), gold_document)
    # The navigation (TOC labels) is derived from converted titles too.
    nav = next(text for n, text in pages.items() if 'epub:type="toc"' in text)
    assert converter("s2hk")(_body_text(nav)) == _body_text(nav)


@pytest.mark.parametrize("name", ["hk", "mo", "tw", "cn"])
def test_epub_language_tags_follow_the_variant(outputs, name):
    pages = _epub_pages(outputs(name, "epub"))
    opf = next(text for n, text in pages.items() if n.endswith(".opf"))
    assert re.findall(r"<dc:language>([^<]+)</dc:language>", opf) == [TAGS[name][0]]
    for member, text in pages.items():
        if member.endswith(".xhtml"):
            root = re.search(r"<html[^>]*>", text).group(0)
            assert f'xml:lang="{TAGS[name][0]}"' in root, member
            assert f'lang="{TAGS[name][0]}"' in root, member


# --- PDF ------------------------------------------------------------------------------------


def _pdf_catalog_lang(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        value = pdf.doc.catalog.get("Lang")
    value = getattr(value, "resolve", lambda: value)()
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _pdf_text_without_furniture(path: Path, document) -> str:
    """The PDF's text (pdfplumber) without page furniture: a folio or running head (an article's
    label) set smaller than the body, first or last on its page. A paragraph crossing a page
    then reads as one."""
    import statistics

    import pdfplumber

    labels = {_squash(typography.article_label(a, i)) for i, a in enumerate(document.articles)}
    kept: list[str] = []
    with pdfplumber.open(path) as pdf:
        pages = [page.extract_text_lines() for page in pdf.pages]
        body_size = statistics.mode(round(c["size"], 1) for lines in pages for line in lines for c in line["chars"])

        def furniture(line) -> bool:
            text = _squash(line["text"])
            small = max(c["size"] for c in line["chars"]) < body_size
            return small and (text.isdigit() or text in labels)

        for lines in pages:
            while lines and furniture(lines[0]):
                lines = lines[1:]
            while lines and furniture(lines[-1]):
                lines = lines[:-1]
            kept.extend(line["text"] for line in lines)
    return "\n".join(kept)


def test_hk_pdf_holds_the_s2hk_text_with_corner_quotes(outputs, gold_document):
    hk = variant(gold_document, "hk")
    assert_holds_exactly(_pdf_text_without_furniture(outputs("hk", "pdf"), hk), gold_document)


@pytest.mark.parametrize("name", ["hk", "mo", "tw", "cn"])
def test_pdf_lang_follows_the_variant(outputs, name):
    assert _pdf_catalog_lang(outputs(name, "pdf")) == TAGS[name][1]


_FONT_SCRIPT = re.compile(r"CJK-?(sc|tc|hk|jp|kr)\b|-(SC|TC|HK)-", re.I)


@pytest.mark.parametrize(("name", "script"), [("hk", "Hant-HK"), ("tw", "Hant-TW"), ("cn", "Hans")])
def test_pdf_fonts_follow_the_script(outputs, name, script):
    """Every Han character is set in a face of the variant's script (pdffonts lists them; pdfplumber
    says which character uses which), except a character that script's faces lack (fallback)."""
    import pdfplumber

    from convert.fonts import resolve_chain

    require_tool("pdffonts")
    path = outputs(name, "pdf")
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert any(_FONT_SCRIPT.search(line) for line in listing.splitlines()[2:]), listing
    wanted = "sc" if script == "Hans" else ("tc", "hk")
    own_faces = [face for role in ("body", "bold", "heading") for face in resolve_chain(role, script)[:1]]
    wrong: dict[str, str] = {}
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                match = _FONT_SCRIPT.search(char["fontname"])
                if not match or not "\u3400" <= char["text"] <= "\u9fff":
                    continue
                if (match.group(1) or match.group(2)).lower() not in wanted:
                    if any(face.has(char["text"]) for face in own_faces):
                        wrong[char["text"]] = char["fontname"]
    assert not wrong, f"set in another script's face although the {script} faces have them: {wrong}"


# --- the command line: several variants from one parse ----------------------------------------


def test_build_writes_one_file_per_variant(tmp_path, seed_path, capsys):
    assert main(["build", str(seed_path), "--to", "docx", "--variant", "cn,hk,twp", "--out", str(tmp_path), "-q"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    stem = seed_path.stem
    assert names == sorted([f"{stem}.docx", f"{stem}.hk.docx", f"{stem}.twp.docx"])
    cn, hk, twp = (_docx_text(tmp_path / n) for n in (f"{stem}.docx", f"{stem}.hk.docx", f"{stem}.twp.docx"))
    assert "“" in cn and "「" not in cn
    assert "集羣" in hk and "「" in hk and "“" not in hk
    assert "叢集" in twp and "資訊" in twp


def test_build_applies_the_phrase_file(tmp_path, seed_path):
    phrases = tmp_path / "terms.txt"
    phrases.write_text("# keep the mainland term\n信息\n产业集群\t產業集群\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(seed_path), "--to", "docx", "--variant", "twp", "--phrases", str(phrases), "--out", str(out), "-q"]) == 0
    text = _docx_text(out / f"{seed_path.stem}.twp.docx")
    assert "信息" in text and "資訊" not in text
    assert "產業集群" in text and "產業叢集" not in text


def test_traditional_dump_builds_back_to_the_simplified_document(tmp_path, seed_path):
    """A Hong Kong dump (the seed through s2hk, corner quotes) with --variant cn gives the same
    DOCX text as the simplified seed: detection picks hk2s, and 「」 go back to “”."""
    hk_dump = tmp_path / "hk" / "page.txt"
    hk_dump.parent.mkdir()
    hk_dump.write_text(to_corner(converter("s2hk")(seed_path.read_text(encoding="utf-8"))), encoding="utf-8")
    cn_dump = tmp_path / "cn" / "page.txt"
    cn_dump.parent.mkdir()
    cn_dump.write_bytes(seed_path.read_bytes())
    for dump in (hk_dump, cn_dump):
        assert main(["build", str(dump), "--to", "docx", "--out", str(dump.parent / "out"), "-q"]) == 0
    from_hk = _docx_text(hk_dump.parent / "out" / "page.docx")
    from_cn = _docx_text(cn_dump.parent / "out" / "page.docx")
    assert "粤港澳大湾区" in from_hk and "「" not in from_hk
    assert from_hk == from_cn
