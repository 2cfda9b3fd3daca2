"""The Dask path: the same tasks on a 2-worker LocalCluster write the same outputs as a local run."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from convert import batch
from convert.progress import Progress

from batch_helpers import PHRASE_SEED, READY, reproducible_params, squeeze, text_of

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_e5d23699ff1a9f1e.txt"


def _run(pages: Path, out: Path, **kwargs) -> batch.Outcome:
    job = batch.Batch(batch.discover([pages]), out, batch.Settings(formats=tuple(READY)), **kwargs)
    with Progress(len(job.inputs), quiet=True) as progress:
        outcome = batch.run(job, progress)
    batch.write_report(out.parent / f"{out.name}.json", job, outcome)
    return outcome


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask")
    pages = root / "pages"
    (pages / "sub").mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    for name in ("p1.txt", "p2.txt", "sub/p3.txt"):
        (pages / name).write_text(text, encoding="utf-8")
    (pages / "bad.txt").write_bytes(b"\x00\x01binary")
    local = _run(pages, root / "local", workers=1)
    time.sleep(1.1)  # a clock read in an exporter shows as a difference
    remote = _run(pages, root / "dask", workers=2, dask="local")
    return root, local, remote


def test_dask_runs_every_input_and_reports_the_bad_one(runs):
    root, _, remote = runs
    assert remote.backend == "dask"
    statuses = {Path(r["input"]).name: r["status"] for r in remote.results}
    assert statuses == {"p1.txt": "built", "p2.txt": "built", "p3.txt": "built", "bad.txt": "failed"}
    report = json.loads((root / "dask.json").read_text("utf-8"))
    assert report["summary"]["failed"] == 1 and report["summary"]["outputs_built"] == 3 * len(READY)
    for fmt in READY:
        assert PHRASE_SEED in squeeze(text_of(root / "dask" / "sub" / f"p3.{fmt}"))


@pytest.mark.parametrize("fmt", reproducible_params())
def test_dask_outputs_are_byte_identical_to_a_local_run(runs, fmt):
    root = runs[0]
    for stem in ("p1", "p2", "sub/p3"):
        assert (root / "local" / f"{stem}.{fmt}").read_bytes() == (root / "dask" / f"{stem}.{fmt}").read_bytes(), stem


def test_dask_rerun_resumes_from_the_same_manifest(runs):
    root = runs[0]
    again = _run(root / "pages", root / "local", workers=1)
    assert {Path(r["input"]).name: r["status"] for r in again.results if r["status"] != "failed"} == {
        "p1.txt": "skipped", "p2.txt": "skipped", "p3.txt": "skipped",
    }


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path):
    from convert.errors import UsageError

    (tmp_path / "p.txt").write_text("字", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot connect"):
        _run(tmp_path, tmp_path / "o", dask="tcp://127.0.0.1:9")
