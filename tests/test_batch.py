"""`huozi build` as a batch: discovery, mixed good and bad inputs, outputs, report, resume, progress."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path, PurePosixPath

import pytest

from convert import batch
from convert.cli import main
from convert.errors import UsageError
from convert.progress import Progress

from batch_helpers import FAST, READY, reproducible_params, squeeze, text_of

SEED_TEXT = (Path(__file__).resolve().parent.parent / "seeds" / "000_e5d23699ff1a9f1e.txt").read_text(encoding="utf-8")
# A phrase of the seed's first article, and its traditional form (for the Big5 input).
PHRASE = "粤港澳大湾区"
PHRASE_HANT = "粵港澳大灣區"


def test_ready_formats_include_one_exporter():
    assert READY, "no exporter has a write() yet"


# --- discovery ---------------------------------------------------------------


def test_discover_recurses_in_natural_order_mirrors_folders_and_skips_hidden_and_out(tmp_path):
    root = tmp_path / "pages"
    for name in ("p10.txt", "p2.txt", "p1.TXT", "sub/p3.txt", ".hidden/x.txt", "notes.md", "out/old.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("字", encoding="utf-8")
    found = batch.discover([root], out=root / "out")
    assert [i.rel for i in found] == [PurePosixPath(p) for p in ("p1", "p2", "p10", "sub/p3")]


def test_discover_keeps_a_missing_file_as_an_input_to_fail_later(tmp_path):
    assert [i.rel.name for i in batch.discover([tmp_path / "nope.txt"])] == ["nope"]


def test_two_inputs_for_the_same_output_are_a_usage_error(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.txt").write_text("字", encoding="utf-8")
    with pytest.raises(UsageError, match="same outputs"):
        batch.discover([tmp_path / "a" / "page.txt", tmp_path / "b" / "page.txt"])


# --- a mixed batch -------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """good, GB18030, Big5, binary and empty inputs in one folder tree, built once inline."""
    import opencc

    root = tmp_path_factory.mktemp("mixed")
    pages = root / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "good.txt").write_text(SEED_TEXT, encoding="utf-8")
    (pages / "sub" / "gb.txt").write_bytes(SEED_TEXT.encode("gb18030"))
    (pages / "sub" / "big5.txt").write_bytes(opencc.OpenCC("s2t").convert(SEED_TEXT).encode("big5", errors="replace"))
    (pages / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (pages / "empty.txt").write_bytes(b"")
    out, report = root / "out", root / "report.json"
    code, err = _build(pages, "--to", ",".join(READY), "--out", out, "--workers", "1", "--report", report)
    return {"pages": pages, "out": out, "code": code, "err": err, "report": json.loads(report.read_text("utf-8"))}


def _build(*args, capsys=None):
    """Run `huozi build` in-process and return (exit code, stderr)."""
    import contextlib

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["build", *map(str, args)])
    return code, err.getvalue()


def _by_name(report):
    return {Path(r["input"]).name: r for r in report["inputs"]}


def test_mixed_batch_exits_1_and_lists_the_failed_input(mixed):
    assert mixed["code"] == 1
    lines = mixed["err"].splitlines()
    assert any(line.startswith("huozi: error:") and "binary.txt" in line for line in lines)
    assert "1 failed" in mixed["err"]
    assert "Traceback" not in mixed["err"]


def test_mixed_batch_report_has_each_input_status_outputs_and_timings(mixed):
    results = _by_name(mixed["report"])
    assert {n: r["status"] for n, r in results.items()} == {
        "good.txt": "built", "gb.txt": "built", "big5.txt": "built", "binary.txt": "failed", "empty.txt": "empty",
    }
    assert "binary" in results["binary.txt"]["error"]
    assert "\n" not in results["binary.txt"]["error"]
    assert any("no text" in w for w in results["empty.txt"]["warnings"])
    for name in ("good.txt", "gb.txt", "big5.txt"):
        outputs = results[name]["outputs"]
        assert sorted(o["format"] for o in outputs) == sorted(READY)
        assert all(o["status"] == "built" and o["seconds"] > 0 for o in outputs)
    summary = mixed["report"]["summary"]
    assert (summary["built"], summary["failed"], summary["empty"], summary["outputs_built"]) == (3, 1, 1, 3 * len(READY))


def test_mixed_batch_outputs_mirror_subfolders_and_read_back(mixed):
    out = mixed["out"]
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))
    expected = sorted(f"{stem}.{fmt}" for stem in ("good", "sub/gb", "sub/big5") for fmt in READY)
    assert written == expected  # nothing for the empty and the binary input, no temporaries
    for fmt in READY:
        assert PHRASE in squeeze(text_of(out / f"good.{fmt}"))
        assert PHRASE in squeeze(text_of(out / "sub" / f"gb.{fmt}"))
        # The Big5 page is traditional; the default variant (cn) brings it back to simplified.
        assert PHRASE in squeeze(text_of(out / "sub" / f"big5.{fmt}"))


# --- variants: one parse, many outputs ------------------------------------------


def test_variants_and_formats_come_from_one_parse(tmp_path, monkeypatch):
    (tmp_path / "page.txt").write_text(SEED_TEXT, encoding="utf-8")
    parses = []
    real = batch.pipeline.read
    monkeypatch.setattr(batch.pipeline, "read", lambda *a, **k: parses.append(a) or real(*a, **k))
    code, _ = _build(tmp_path / "page.txt", "--to", ",".join(READY), "--variant", "cn,hk", "--out", tmp_path / "o", "--workers", "1")
    assert code == 0 and len(parses) == 1
    names = sorted(p.name for p in (tmp_path / "o").iterdir() if not p.name.startswith("."))
    assert names == sorted([f"page.{f}" for f in READY] + [f"page.hk.{f}" for f in READY])
    assert PHRASE_HANT in squeeze(text_of(tmp_path / "o" / f"page.hk.{FAST}"))


# --- resume ------------------------------------------------------------------------


@pytest.fixture()
def built(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in (1, 2):
        (pages / f"p{n}.txt").write_text(SEED_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    code, _ = _build(pages, "--to", FAST, "--out", out, "--workers", "1")
    assert code == 0
    return pages, out


def _statuses(tmp_path, *args):
    report = tmp_path / "r.json"
    code, _ = _build(*args, "--report", report)
    assert code == 0
    return {Path(r["input"]).name: r["status"] for r in json.loads(report.read_text("utf-8"))["inputs"]}


def _mtimes(out):
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir()}


def test_rerun_skips_outputs_already_built(built, tmp_path):
    pages, out = built
    before = _mtimes(out)
    assert _statuses(tmp_path, pages, "--to", FAST, "--out", out, "--workers", "1") == {"p1.txt": "skipped", "p2.txt": "skipped"}
    assert {k: v for k, v in _mtimes(out).items() if k.endswith(FAST)} == {k: v for k, v in before.items() if k.endswith(FAST)}


def test_changed_input_or_options_rebuild_and_force_rebuilds_all(built, tmp_path):
    pages, out = built
    later = time.time() + 5
    os.utime(pages / "p1.txt", (later, later))  # newer than its output, same bytes
    assert _statuses(tmp_path, pages, "--to", FAST, "--out", out, "--workers", "1") == {"p1.txt": "built", "p2.txt": "skipped"}
    (pages / "p2.txt").write_text(SEED_TEXT + "\n新增一段。\n", encoding="utf-8")
    os.utime(pages / "p2.txt", (0, 0))  # older than its output: the hash alone must catch the change
    assert _statuses(tmp_path, pages, "--to", FAST, "--out", out, "--workers", "1")["p2.txt"] == "built"
    assert set(_statuses(tmp_path, pages, "--to", FAST, "--out", out, "--workers", "1", "--page", "a5").values()) == {"built"}
    assert set(_statuses(tmp_path, pages, "--to", FAST, "--out", out, "--workers", "1", "--page", "a5", "--force").values()) == {"built"}
    assert set(_statuses(tmp_path, pages, "--to", FAST, "--out", out, "--workers", "1", "--page", "a5", "--no-resume").values()) == {"built"}


def test_a_removed_output_is_rebuilt(built, tmp_path):
    pages, out = built
    (out / f"p2.{FAST}").unlink()
    assert _statuses(tmp_path, pages, "--to", FAST, "--out", out, "--workers", "1") == {"p1.txt": "skipped", "p2.txt": "built"}


def test_stale_temporaries_are_removed_and_the_manifest_survives_a_torn_line(built, tmp_path):
    pages, out = built
    (out / f".p1.{FAST}.abc123.part").write_bytes(b"half a file")
    with open(out / batch.MANIFEST, "a", encoding="utf-8") as manifest:
        manifest.write('{"output": "p1.do')  # a kill in the middle of a line
    assert _statuses(tmp_path, pages, "--to", FAST, "--out", out, "--workers", "1") == {"p1.txt": "skipped", "p2.txt": "skipped"}
    assert not list(out.glob("*.part"))
    for line in (out / batch.MANIFEST).read_text("utf-8").splitlines():
        json.loads(line)


def test_a_second_batch_on_the_same_output_folder_is_refused(built):
    pages, out = built
    with batch._locked(out):
        code, err = _build(pages, "--to", FAST, "--out", out, "--workers", "1")
    assert code == 2 and "another huozi build" in err


# --- a process pool ------------------------------------------------------------------


@pytest.fixture(scope="module")
def inline_and_pool(tmp_path_factory):
    root = tmp_path_factory.mktemp("pool")
    pages = root / "pages"
    pages.mkdir()
    for n in range(4):
        (pages / f"p{n}.txt").write_text(SEED_TEXT, encoding="utf-8")
    to = ",".join(READY)
    assert _build(pages, "--to", to, "--out", root / "one", "--workers", "1")[0] == 0
    time.sleep(1.1)  # a clock read in an exporter shows as a difference (zip times have 2 s steps, dates 1 s)
    code, _ = _build(pages, "--to", to, "--out", root / "two", "--workers", "2", "--report", root / "r.json")
    assert code == 0
    assert json.loads((root / "r.json").read_text("utf-8"))["backend"] == "processes"
    return root


def test_process_pool_builds_every_output(inline_and_pool):
    for n in range(4):
        for fmt in READY:
            assert PHRASE in squeeze(text_of(inline_and_pool / "two" / f"p{n}.{fmt}"))


@pytest.mark.parametrize("fmt", reproducible_params())
def test_process_pool_builds_the_same_bytes_as_inline(inline_and_pool, fmt):
    for n in range(4):
        name = f"p{n}.{fmt}"
        assert (inline_and_pool / "one" / name).read_bytes() == (inline_and_pool / "two" / name).read_bytes(), name


# --- usage errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["--to", "rtf"], "unknown format"),
        (["--workers", "0"], "--workers"),
        (["--variant", "xx"], "variant"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path, args, message):
    (tmp_path / "p.txt").write_text("字", encoding="utf-8")
    code, err = _build(tmp_path / "p.txt", "--out", tmp_path / "o", *args)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_folder_without_text_files_is_a_usage_error(tmp_path):
    code, err = _build(tmp_path, "--out", tmp_path / "o")
    assert code == 2 and "no *.txt input" in err


# --- progress ------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_prints_plain_lines_when_not_a_terminal_and_nothing_when_quiet():
    out = io.StringIO()
    with Progress(2, out=out) as progress:
        progress.advance("a.txt", "a.pdf")
        progress.advance("b.txt", "up to date")
    assert out.getvalue().splitlines() == ["[1/2] a.txt  a.pdf", "[2/2] b.txt  up to date"]
    quiet = io.StringIO()
    with Progress(2, out=quiet, quiet=True) as progress:
        progress.advance("a.txt")
    assert quiet.getvalue() == ""


def test_progress_draws_a_bar_with_count_on_a_terminal():
    out = _Terminal()
    with Progress(3, out=out) as progress:
        for name in "abc":
            progress.advance(name)
    assert progress.mode == "rich"
    assert "3/3" in out.getvalue() and "━" in out.getvalue()


def test_errors_reach_stderr_even_when_quiet():
    err = io.StringIO()
    with Progress(1, quiet=True, err=err) as progress:
        progress.error("x.txt: binary file")
    assert err.getvalue() == "huozi: error: x.txt: binary file\n"
