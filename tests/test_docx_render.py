"""DOCX read by a real word processor: LibreOffice converts our files to PDF (once per session)
and the PDF text must hold every gold character in order, in the fonts the styles name."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from convert.export.docx import write
from convert.export.docx_styles import font_families
from convert.export.options import ExportOptions
from conftest import ROOT, require_tool
from test_docx import bundled_fonts_only, odd_document  # noqa: F401 (fixture)

FONT_DIR = ROOT / "fonts"  # the bundled fonts only, as for every test


@pytest.fixture(scope="module")
def rendered(gold_document, tmp_path_factory, bundled_fonts_only):
    """gold / vertical / odd DOCX → PDF with one soffice run and a fresh profile."""
    soffice = require_tool("soffice")
    require_tool("pdftotext")
    work = tmp_path_factory.mktemp("docx-render")
    write(gold_document, work / "gold.docx", ExportOptions(date="2019-05-06"))
    write(gold_document, work / "vertical.docx", ExportOptions(vertical=True, page="a5"))
    write(odd_document(), work / "odd.docx", ExportOptions())
    conf = work / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{FONT_DIR}</dir>'
        f"<cachedir>{work}/fc-cache</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(work))
    names = ["gold.docx", "vertical.docx", "odd.docx"]
    subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(work), *names],
        cwd=work, env=env, check=True, capture_output=True, timeout=180,
    )
    return {name: work / name.replace(".docx", ".pdf") for name in names}


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def test_every_gold_character_appears_in_order(rendered, gold_document):
    text = re.sub(r"\s+", "", pdf_text(rendered["gold.docx"]))
    gold = re.sub(r"\s+", "", gold_document.characters())
    position = 0
    for index, char in enumerate(gold):
        found = text.find(char, position)
        assert found >= 0, f"gold character {index} {char!r} missing after …{gold[max(0, index - 12):index]}"
        position = found + 1


def test_libreoffice_uses_the_fonts_the_styles_name(rendered, gold_document):
    fonts = font_families(gold_document.lang, ExportOptions())
    out = subprocess.run(["pdffonts", str(rendered["gold.docx"])], capture_output=True, check=True, text=True)
    used = out.stdout.lower().replace(" ", "")
    for family in (fonts.body, fonts.heading):
        assert family.lower().replace(" ", "") in used, (family, out.stdout)


def test_pages_and_page_size(rendered):
    with pdfplumber.open(rendered["gold.docx"]) as pdf:
        # TOC page + three articles, each starting on a new page.
        assert len(pdf.pages) >= 4
        width, height = ExportOptions().page_mm
        page = pdf.pages[0]
        assert round(page.width / 72 * 25.4) == round(width) and round(page.height / 72 * 25.4) == round(height)
        footers = [p.extract_text().split()[-1] for p in pdf.pages]
        assert footers == [str(n) for n in range(1, len(pdf.pages) + 1)]  # the PAGE field


def test_vertical_docx_renders_in_columns_right_to_left(rendered, gold_document):
    opening = gold_document.articles[0].blocks[0].text[:120]  # 2+ columns of an A5 page
    with pdfplumber.open(rendered["vertical.docx"]) as pdf:
        chars = [c for page in pdf.pages[:3] for c in page.chars if c["text"].strip()]
    text = "".join(c["text"] for c in chars)
    start = text.index(opening[:10])
    run = chars[start : start + len(opening)]
    columns = []
    for char in run:  # group by column (same x), keeping order
        if not columns or abs(columns[-1][-1]["x0"] - char["x0"]) > 2:
            columns.append([char])
        else:
            columns[-1].append(char)
    assert len(columns) >= 2
    for column in columns:  # characters descend within a column
        tops = [c["top"] for c in column]
        assert tops == sorted(tops) and len(column) >= 2
    xs = [column[0]["x0"] for column in columns]
    assert xs == sorted(xs, reverse=True)  # columns advance right to left


def test_odd_characters_docx_opens_in_libreoffice(rendered):
    text = pdf_text(rendered["odd.docx"])
    for fragment in ("控制字符", "完整", "<&>\"'", "（作者单位：单位）"):
        assert fragment in text
