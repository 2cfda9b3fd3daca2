"""ReportLab faces restored from the parse cache are the faces ReportLab itself reads."""

from __future__ import annotations

import shutil

from reportlab.pdfbase.ttfonts import TTFont

from convert.export.pdf import rlface
from convert.fonts import bundled_dir

FACE = "NotoSansCJK-SC-Bold.ttf"  # the smallest bundled face


def test_a_cached_face_has_the_tables_reportlab_reads(tmp_path, monkeypatch):
    monkeypatch.setenv("HUOZI_CACHE", str(tmp_path / "cache"))
    path = tmp_path / FACE
    shutil.copy(bundled_dir() / FACE, path)
    fresh = TTFont("Fresh", str(path)).face
    first = rlface.CachedTTFont("First", path)  # parses and stores
    assert list((tmp_path / "cache" / "reportlab").glob("*.pickle"))
    again = rlface.CachedTTFont("Again", path)  # restored
    assert isinstance(again.face, rlface._Face) and not isinstance(first.face, rlface._Face)
    for attr in ("name", "charToGlyph", "charWidths", "defaultWidth", "hmetrics", "glyphPos", "table",
                 "unitsPerEm", "ascent", "descent", "bbox", "numGlyphs", "_ttf_data"):
        assert getattr(again.face, attr) == getattr(fresh, attr), attr
    assert again.face.getCharWidth(ord("中")) == fresh.getCharWidth(ord("中"))
    for glyph, chars in fresh.glyphToChar.items():
        assert set(chars) <= set(again.face.glyphToChar[glyph])


def test_a_changed_font_file_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("HUOZI_CACHE", str(tmp_path / "cache"))
    path = tmp_path / FACE
    shutil.copy(bundled_dir() / FACE, path)
    rlface.CachedTTFont("One", path)
    path.write_bytes(path.read_bytes() + b"\0")  # another size: another key
    assert not isinstance(rlface.CachedTTFont("Two", path).face, rlface._Face)
