"""Font resolution, coverage reports, CFF conversion and its cache (convert.fonts).

CFF fonts are built here with fontTools' FontBuilder, so the tests need no
system font: a tiny face with Latin 'A', 中 and the Extension B ideograph U+20000.
"""

from __future__ import annotations

import io
import os
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTCollection, TTFont

from conftest import require_tool
from convert import fonts
from convert.errors import FontError
from convert.export.options import FontChoice
from convert.fonts import outlines

EXT_B = "\U00020000"
TINY_CHARS = {".notdef": None, "space": 0x20, "A": 0x41, "uni4E2D": 0x4E2D, "u20000": 0x20000}


def build_cff_font(path: Path, family: str) -> Path:
    """A CFF-outline OpenType font: boxes for A, 中 and U+20000 (shapes differ so glyphs differ)."""
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(list(TINY_CHARS))
    fb.setupCharacterMap({cp: name for name, cp in TINY_CHARS.items() if cp})
    charstrings = {}
    for n, name in enumerate(TINY_CHARS):
        pen = T2CharStringPen(1000, None)
        if name != "space":
            # A cubic curve per glyph, so the conversion has real work to do.
            pen.moveTo((100, -100))
            pen.lineTo((900 - 50 * n, -100))
            pen.curveTo((900, 200), (900, 500), (900 - 50 * n, 800))
            pen.lineTo((100, 800))
            pen.closePath()
        charstrings[name] = pen.getCharString()
    ps = family.replace(" ", "") + "-Regular"
    fb.setupCFF(ps, {"FullName": f"{family} Regular"}, charstrings, {})
    fb.setupHorizontalMetrics({name: (1000, 100) for name in TINY_CHARS})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": ps})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120, fsType=0)
    fb.setupPost()
    fb.save(str(path))
    return path


@pytest.fixture(scope="session")
def cff_otf(tmp_path_factory) -> Path:
    return build_cff_font(tmp_path_factory.mktemp("cff") / "TinyCFF.otf", "Tiny CFF")


@pytest.fixture(scope="session")
def cff_ttc(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ttc")
    collection = TTCollection()
    collection.fonts = [TTFont(str(build_cff_font(folder / f"{n}.otf", f"Tiny {n}"))) for n in ("First", "Second")]
    path = folder / "Tiny.ttc"
    collection.save(str(path))
    collection.close()
    return path


@pytest.fixture(autouse=True)
def _private_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("HUOZI_CACHE", str(tmp_path / "cache"))
    fonts.reset_reported()


# --- resolution order ----------------------------------------------------------------


@pytest.mark.parametrize(("script", "regions"), [("Hans", ["SC", "TC"]), ("Hant-TW", ["TC", "SC"]), ("Hant-HK", ["TC", "SC"])])
def test_bundled_chain_prefers_the_script_glyph_forms_then_the_others(script, regions):
    chain = fonts.resolve_chain("body", script)
    assert [f.path.name for f in chain] == [f"NotoSerifCJK-{r}-Regular.ttf" for r in regions]
    assert all(f.source == "bundled" and f.outlines == "truetype" and f.index == 0 for f in chain)


def test_roles_get_serif_regular_serif_bold_and_sans_headings():
    names = {role: fonts.resolve_chain(role, "Hans")[0] for role in fonts.ROLES}
    assert (names["body"].family, names["body"].style) == ("Noto Serif CJK SC", "Regular")
    assert (names["bold"].family, names["bold"].style) == ("Noto Serif CJK SC", "Bold")
    assert names["heading"].family == "Noto Sans CJK SC"
    assert len({face.name for face in names.values()}) == 3  # distinct registration names


def test_bundled_truetype_is_used_in_place():
    face = fonts.resolve_chain("body", "Hans")[0]
    assert face.truetype("中文") == face.path


def test_user_file_comes_before_the_bundled_fonts(cff_otf):
    chain = fonts.resolve_chain("body", "Hans", FontChoice(body=str(cff_otf)))
    assert chain[0].path == cff_otf.resolve() and chain[0].source == "user" and chain[0].outlines == "cff"
    assert [f.source for f in chain[1:]] == ["bundled", "bundled"]
    # The choice for another role leaves this one alone.
    assert fonts.resolve_chain("heading", "Hans", FontChoice(body=str(cff_otf)))[0].source == "bundled"


def test_user_font_name_does_not_clash_with_the_bundled_subset():
    bundled = fonts.resolve_chain("body", "Hans")[0]
    user = fonts.open_face(bundled.path, source="user")
    assert user.name != bundled.name and user.name.startswith(bundled.name)


def test_collection_face_by_index_and_by_name(cff_ttc):
    assert fonts.resolve_chain("body", "Hans", f"{cff_ttc}#1")[0].family == "Tiny Second"
    assert fonts.resolve_chain("body", "Hans", f"{cff_ttc}#Tiny Second Regular")[0].index == 1
    assert fonts.resolve_chain("body", "Hans", str(cff_ttc))[0].family == "Tiny First"


def test_bundled_family_by_name():
    face = fonts.resolve_chain("body", "Hans", "Noto Serif CJK TC")[0]
    assert face.path.name == "NotoSerifCJK-TC-Regular.ttf"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("/nonexistent/font.ttf", "no such font file"),
        ("{ttc}#7", "face index 7 out of range"),
        ("{ttc}#Nope", "no face named 'Nope'"),
        ("{text}", "cannot read font"),
        ("No Such Family", "not bundled"),
    ],
)
def test_bad_font_choice_is_one_line_font_error(spec, message, cff_ttc, tmp_path):
    text = tmp_path / "fake.ttf"
    text.write_text("not a font", encoding="utf-8")
    with pytest.raises(FontError, match=message) as info:
        fonts.resolve_chain("body", "Hans", spec.format(ttc=cff_ttc, text=text))
    assert "\n" not in str(info.value)


def test_system_fonts_come_last_and_fill_gaps(monkeypatch, tmp_path, cff_otf):
    require_tool("fc-list")
    folder = tmp_path / "sysfonts"
    folder.mkdir()
    build_cff_font(folder / "SysExtB.otf", "Sys ExtB")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{folder}</dir><cachedir>{tmp_path}/fc</cachedir></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    monkeypatch.setenv("HUOZI_NO_SYSTEM_FONTS", "0")
    chain = fonts.resolve_chain("body", "Hans")
    assert [f.source for f in chain] == ["bundled", "bundled", "system"]
    assert chain[-1].family == "Sys ExtB"
    assert fonts.check_coverage("中" + EXT_B, chain) == {}
    assert fonts.face_for(EXT_B, chain) == chain[-1]
    monkeypatch.setenv("HUOZI_NO_SYSTEM_FONTS", "1")
    assert [f.source for f in fonts.resolve_chain("body", "Hans")] == ["bundled", "bundled"]


# --- coverage ------------------------------------------------------------------------


def test_extension_b_is_reported_once_with_code_point_and_place():
    chain = fonts.resolve_chain("body", "Hans")
    text = "第一行\n活字𠀀印刷𠀀"
    missing = fonts.check_coverage(text, chain)
    assert missing == {EXT_B: 2}
    first, second = io.StringIO(), io.StringIO()
    fonts.report_missing(missing, text=text, stream=first)
    fonts.report_missing(missing, text=text, stream=second)
    assert "U+20000" in first.getvalue() and "2×" in first.getvalue() and "line 2, column 3" in first.getvalue()
    assert second.getvalue() == ""  # once per run


def test_strict_glyphs_turns_the_report_into_a_font_error():
    missing = fonts.check_coverage("A" + EXT_B, fonts.resolve_chain("body", "Hant-TW"))
    with pytest.raises(FontError, match="U[+]20000"):
        fonts.report_missing(missing, strict=True)


def test_report_locates_the_character_in_the_document(gold_document):
    article = gold_document.articles[0]
    blocks = list(article.blocks)
    blocks[1] = replace(blocks[1], text=blocks[1].text + EXT_B)
    doc = gold_document.with_articles((replace(article, blocks=tuple(blocks)), *gold_document.articles[1:]))
    missing = fonts.check_coverage(doc.characters(), fonts.resolve_chain("body", "Hans"))
    out = io.StringIO()
    fonts.report_missing(missing, document=doc, stream=out)
    assert "article 1" in out.getvalue() and f"{blocks[1].type} 2" in out.getvalue()


def test_controls_need_no_glyph_but_everything_else_is_checked():
    chain = fonts.resolve_chain("body", "Hans")
    assert fonts.check_coverage("中\n\t\u200d文\ufe0f", chain) == {}
    assert fonts.check_coverage("\ue000", chain) == {"\ue000": 1}  # private use: reported, not dropped


def test_split_runs_falls_back_per_character():
    chain = fonts.resolve_chain("body", "Hans")
    runs = fonts.split_runs("中文體" + EXT_B, chain)
    assert [(face.path.name if face else None, text) for face, text in runs] == [
        ("NotoSerifCJK-SC-Regular.ttf", "中文"),
        ("NotoSerifCJK-TC-Regular.ttf", "體"),
        (None, EXT_B),
    ]


# --- CFF conversion, cache, embedding ---------------------------------------------------


def test_cff_face_converts_to_truetype_with_the_characters_asked_for(cff_otf):
    face = fonts.open_face(cff_otf)
    assert face.outlines == "cff" and face.has("中") and face.has(EXT_B)
    with TTFont(str(face.truetype("中"))) as font:
        assert "glyf" in font and "CFF " not in font
        cmap = font.getBestCmap()
        assert 0x4E2D in cmap and 0x41 in cmap and 0x20000 not in cmap  # subset: 中 plus ASCII
        assert font["glyf"][cmap[0x4E2D]].numberOfContours == 1


def test_cache_hit_skips_conversion_and_a_new_charset_misses(cff_otf, monkeypatch):
    face = fonts.open_face(cff_otf)
    first = face.truetype("中")
    assert first.parent == Path(os.environ["HUOZI_CACHE"]) / "truetype"

    def fail(*args, **kwargs):
        raise AssertionError("converted again despite a cached copy")

    monkeypatch.setattr(outlines, "make_truetype", fail)
    assert face.truetype("中") == first
    with pytest.raises(FontError, match="converted again"):
        face.truetype(EXT_B)  # another character set is another key
    assert not list(first.parent.glob("*.part"))


def _convert_in_subprocess(args: tuple[str, str]) -> str:
    path, cache = args
    os.environ["HUOZI_CACHE"] = cache
    from convert.fonts import open_face

    return str(open_face(Path(path)).truetype("中A"))


def test_parallel_conversions_of_one_key_leave_one_whole_file(cff_otf, tmp_path):
    cache = str(tmp_path / "shared")
    with ProcessPoolExecutor(2) as pool:
        results = set(pool.map(_convert_in_subprocess, [(str(cff_otf), cache)] * 4))
    assert len(results) == 1
    with TTFont(results.pop()) as font:
        assert "glyf" in font
    assert [p.name for p in (tmp_path / "shared" / "truetype").iterdir() if p.suffix != ".ttf"] == []


def test_ttc_cff_face_is_converted_alone(cff_ttc):
    face = fonts.resolve_chain("body", "Hans", f"{cff_ttc}#1")[0]
    with TTFont(str(face.truetype("A中"))) as font:
        assert font["name"].getDebugName(1) == "Tiny Second" and "glyf" in font


@pytest.fixture(scope="module")
def pdf_with_cff_and_bundled(tmp_path_factory, cff_otf, gold_document):
    """One PDF: the converted CFF font for one line, then every bundled face for the gold text."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLFont
    from reportlab.pdfgen.canvas import Canvas

    os.environ.setdefault("HUOZI_CACHE", str(tmp_path_factory.mktemp("cache")))
    cff = fonts.open_face(cff_otf)
    faces = [cff] + [fonts.resolve_chain(role, script)[0] for role in fonts.ROLES for script in ("Hans", "Hant-TW")]
    text = gold_document.characters()[:60]
    path = tmp_path_factory.mktemp("pdf") / "fonts.pdf"
    for face in faces:
        if face.name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(RLFont(face.name, str(face.truetype(text + "中A"))))
    canvas = Canvas(str(path), initialFontName=faces[1].name)
    y = 800
    for face in faces:
        canvas.setFont(face.name, 12)
        canvas.drawString(40, y, "A中" if face is cff else text)
        y -= 24
    canvas.save()
    return path, faces, text


def test_pdf_embeds_every_font_as_a_subset(pdf_with_cff_and_bundled):
    pdffonts = require_tool("pdffonts")
    path, faces, _ = pdf_with_cff_and_bundled
    rows = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert len(rows) == len(faces)  # no stray unembedded Helvetica
    for row in rows:
        name, emb, sub = row.split()[0], row.split()[-5], row.split()[-4]
        assert (emb, sub) == ("yes", "yes"), row
        assert "+" in name
    assert any("TinyCFF" in row for row in rows)


def test_pdf_text_reads_back(pdf_with_cff_and_bundled):
    pdftotext = require_tool("pdftotext")
    path, _, text = pdf_with_cff_and_bundled
    out = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "A中" in out.replace(" ", "")
    assert text[:20] in out.replace(" ", "").replace("\n", "")


def test_pillow_loads_bundled_and_converted_fonts(cff_otf):
    from PIL import ImageFont

    for face in [fonts.open_face(cff_otf), *fonts.resolve_chain("heading", "Hant-HK")]:
        font = ImageFont.truetype(str(face.truetype("中A")), 24)
        left, top, right, bottom = font.getbbox("中")
        assert right - left > 10 and bottom - top > 10
