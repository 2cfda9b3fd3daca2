"""A batch killed midway (SIGKILL, no clean-up) and run again finishes the rest and redoes nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from convert import batch

from batch_helpers import FAST, PHRASE_SEED, squeeze, text_of

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_e5d23699ff1a9f1e.txt"
PAGES = 24


def _huozi(*args) -> list[str]:
    return [sys.executable, "-m", "convert", "build", *map(str, args)]


def _outputs(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.glob(f"*.{FAST}")}


def test_kill_midway_then_rerun_finishes_without_redoing_or_leaving_partials(tmp_path):
    pages, out = tmp_path / "pages", tmp_path / "out"
    pages.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in range(PAGES):
        (pages / f"p{n}.txt").write_text(text, encoding="utf-8")
    args = (pages, "--to", FAST, "--out", out, "--workers", "2", "--quiet")

    proc = subprocess.Popen(_huozi(*args), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(_outputs(out)) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "the batch finished before it could be killed; make it bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    time.sleep(0.3)  # the workers die with their parent (PR_SET_PDEATHSIG)

    before = _outputs(out)
    recorded = batch.Manifest(out).entries
    assert 3 <= len(before) < PAGES
    finished = {name: mtime for name, mtime in before.items() if name in recorded}
    assert finished, "no finished output was recorded before the kill"

    report = tmp_path / "report.json"
    done = subprocess.run(_huozi(*args, "--report", report), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr

    after = _outputs(out)
    assert sorted(after) == sorted(f"p{n}.{FAST}" for n in range(PAGES))
    assert {name: after[name] for name in finished} == finished  # not redone
    statuses = {Path(r["input"]).stem: r["status"] for r in json.loads(report.read_text("utf-8"))["inputs"]}
    assert {Path(n).stem for n in finished} <= {s for s, status in statuses.items() if status == "skipped"}
    assert set(statuses.values()) <= {"skipped", "built"} and "built" in statuses.values()
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    for name in after:  # every output whole: a real reader opens it
        assert PHRASE_SEED in squeeze(text_of(out / name))
