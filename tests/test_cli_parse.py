"""``huozi parse``: JSON or outline out, one-line errors and exit codes for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, SEED


def huozi(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "convert", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd)


def _assert_one_line_error(result: subprocess.CompletedProcess, code: int = 1) -> None:
    assert result.returncode == code
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_output_file_is_written_as_utf8_json(tmp_path):
    target = tmp_path / "page.json"
    result = huozi("parse", str(SEED), "-o", str(target))
    assert result.returncode == 0 and result.stdout == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data["articles"]) == 3 and data["lang"] == "zh-Hans"


def test_outline_lists_titles_headings_and_paragraphs():
    result = huozi("parse", str(SEED), "--outline")
    assert result.returncode == 0
    out = result.stdout
    assert "[1] 以耦合促融合 共建国际一流湾区" in out
    assert "[2] (untitled)" in out
    assert "§ 发展瓶颈亟待突破" in out
    assert out.count("¶") == 46 and out.count("§") == 5  # the gold has 46 paragraphs, 5 headings


def test_missing_file_is_a_one_line_error():
    _assert_one_line_error(huozi("parse", "no/such/file.txt"))


def test_binary_file_is_a_one_line_error(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _assert_one_line_error(huozi("parse", str(path)))


def test_directory_is_a_one_line_error(tmp_path):
    _assert_one_line_error(huozi("parse", str(tmp_path)))


def test_empty_input_gives_zero_articles_and_a_warning(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text(" \n\u3000\n", encoding="utf-8")
    result = huozi("parse", str(path))
    assert result.returncode == 0
    assert json.loads(result.stdout)["articles"] == []
    assert "warning" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_gb18030_and_big5_files_parse(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    gb = tmp_path / "gb.txt"
    gb.write_bytes(text.encode("gb18030"))
    assert json.loads(huozi("parse", str(gb)).stdout)["articles"] == json.loads(huozi("parse", str(SEED)).stdout)["articles"]
    big5 = tmp_path / "big5.txt"
    big5.write_bytes(" 近年來，作為我國區域經濟發展的高地。\n".encode("big5"))
    data = json.loads(huozi("parse", str(big5)).stdout)
    assert data["articles"][0]["blocks"][0]["text"] == "近年來，作為我國區域經濟發展的高地。"


def test_encoding_flag_overrides_detection(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes(" 發展瓶頸亟待突破。\n".encode("big5"))
    result = huozi("parse", str(path), "--encoding", "big5")
    assert json.loads(result.stdout)["articles"][0]["blocks"][0]["text"] == "發展瓶頸亟待突破。"
    _assert_one_line_error(huozi("parse", str(path), "--encoding", "utf-8"))


def test_console_script_is_installed():
    script = ROOT / ".venv" / "bin" / "huozi"
    result = subprocess.run([str(script), "parse", str(SEED), "--outline"], capture_output=True, text=True)
    assert result.returncode == 0 and "[3]" in result.stdout


def test_traditional_input_is_tagged_as_such(tmp_path):
    from convert.transform.variants import converter

    path = tmp_path / "hk.txt"
    path.write_text(converter("s2hk")(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    assert json.loads(huozi("parse", str(path)).stdout)["lang"] == "zh-Hant-HK"
