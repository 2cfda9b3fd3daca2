"""huozi.toml: defaults for every build option, flags win, `huozi config --show` prints the result."""

from __future__ import annotations

import contextlib
import io
import tomllib

import pytest

from convert import config
from convert.cli import build_parser, main


def _run(*argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _build_args(argv):
    parser = build_parser()
    config.apply(parser, argv)
    return parser.parse_args(argv)


TOML = """
[build]
to = ["pdf", "epub"]
variant = ["cn", "hk"]
workers = 3
resume = false

[layout]
page = "a5"
font-size = 9
margins = [20, 15, 18, 22]
crop-marks = true
horizontal = true

[metadata]
author = "编辑部"
"""


def test_file_values_become_defaults(tmp_path, monkeypatch):
    (tmp_path / "huozi.toml").write_text(TOML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = _build_args(["build", "p.txt"])
    assert (args.to, args.variant, args.workers, args.resume) == ("pdf,epub", "cn,hk", 3, False)
    assert (args.page, args.font_size, args.margins, args.crop_marks, args.vertical) == ("a5", 9.0, (20.0, 15.0, 18.0, 22.0), True, False)
    assert args.author == "编辑部"


def test_flags_override_the_file_even_when_they_repeat_the_builtin_default(tmp_path, monkeypatch):
    (tmp_path / "huozi.toml").write_text(TOML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = _build_args(["build", "p.txt", "--page", "a4", "--to", "docx", "--resume", "--font-size", "10.5"])
    assert (args.page, args.to, args.resume, args.font_size) == ("a4", "docx", True, 10.5)


def test_config_option_names_another_file(tmp_path):
    other = tmp_path / "other.toml"
    other.write_text('page = "b5"\n', encoding="utf-8")
    assert _build_args(["build", "p.txt", "--config", str(other)]).page == "b5"
    assert _build_args(["build", "p.txt", f"--config={other}"]).page == "b5"


def test_without_a_file_the_builtin_defaults_hold(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = _build_args(["build", "p.txt"])
    assert (args.page, args.to, args.resume, args.workers) == ("a4", "pdf", True, None)


@pytest.mark.parametrize(
    "text, message",
    [
        ('paper = "a4"\n', "unknown setting 'paper'"),
        ("font-size = \"big\"\n", "font-size"),
        ("crop-marks = 1\n", "true or false"),
        ('article-break = "never"\n', "not one of"),
        ("page = \n", "not valid TOML"),
        ("margins = [1, 2, 3]\n", "margins"),
    ],
)
def test_bad_settings_are_one_line_usage_errors(tmp_path, monkeypatch, text, message):
    (tmp_path / "huozi.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = _run("build", "p.txt")
    assert code == 2
    assert message in err and "huozi.toml" in err and len(err.strip().splitlines()) == 1


def test_a_missing_config_file_is_a_usage_error(tmp_path):
    code, _, err = _run("build", "p.txt", "--config", str(tmp_path / "none.toml"))
    assert code == 2 and "no such file" in err


def test_show_prints_effective_settings_as_toml_that_reads_back(tmp_path, monkeypatch):
    (tmp_path / "huozi.toml").write_text(TOML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run("config", "--show")
    assert code == 0
    shown = tomllib.loads(out)
    assert shown["build"]["to"] == "pdf,epub" and shown["batch"]["workers"] == 3
    assert shown["layout"]["page"] == "a5" and shown["layout"]["margins"] == [20.0, 15.0, 18.0, 22.0]
    assert shown["metadata"]["author"] == "编辑部"
    assert "# title =" in out  # unset settings are listed as comments
    # What --show prints is itself a valid config giving the same settings.
    (tmp_path / "again.toml").write_text(out, encoding="utf-8")
    again = _build_args(["build", "p.txt", "--config", str(tmp_path / "again.toml")])
    assert (again.page, again.margins, again.to, again.resume) == ("a5", (20.0, 15.0, 18.0, 22.0), "pdf,epub", False)


def test_show_without_a_file_prints_the_builtin_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run("config", "--show")
    shown = tomllib.loads(out)
    assert code == 0 and shown["layout"]["page"] == "a4" and shown["batch"]["resume"] is True
