"""`huozi fonts`: the resolved chain per role, and with --check what each font lacks."""

from __future__ import annotations

from convert.cli import main


def test_fonts_lists_every_role_for_the_script(capsys):
    assert main(["fonts", "--script", "Hant-HK"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("script Hant-HK")
    for role, file in (("body", "NotoSerifCJK-TC-Regular.ttf"), ("bold", "NotoSerifCJK-TC-Bold.ttf"),
                       ("heading", "NotoSansCJK-TC-Bold.ttf")):
        section = out.split(f"{role}:\n", 1)[1]
        assert section.splitlines()[0].endswith(f"{file})"), section


def test_fonts_check_reports_what_no_font_has(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text("活字印刷\n\n第二段有个罕见字𠀀在此。\n", encoding="utf-8")
    assert main(["fonts", "--check", str(page)]) == 1
    out = capsys.readouterr().out
    assert "script Hans" in out and "U+20000 𠀀" in out
    assert "no face has U+20000" in out and "1 characters have no font" in out


def test_fonts_check_passes_on_the_seed(seed_path, capsys):
    assert main(["fonts", "--check", str(seed_path)]) == 0
    out = capsys.readouterr().out
    assert "every character has a font" in out and "lacks 0" in out


def test_fonts_with_a_missing_user_font_is_a_one_line_error(capsys):
    assert main(["fonts", "--font-body", "/nonexistent/x.otf"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such font file" in err
