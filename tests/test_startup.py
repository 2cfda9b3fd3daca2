"""A PDF-only build of one file loads only what it uses: start-up is most of its wall time."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, SEED

# Libraries other formats, batches or cache misses need, each 10–300 ms to import.
NOT_FOR_ONE_PDF = ("fontTools", "dask", "distributed", "rich", "ebooklib", "docx", "natsort", "importlib.metadata")

PROBE = """
import json, sys
from convert.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_a_single_pdf_build_imports_no_other_format_or_batch_library(tmp_path):
    args = ["build", str(SEED), "--to", "pdf", "--out", str(tmp_path), "-q"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # Twice: the first run fills the font caches (a cache miss may read fonts with fontTools).
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", PROBE, *args, "--force"], capture_output=True, text=True,
                              env=env, cwd=tmp_path, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0 and (tmp_path / f"{SEED.stem}.pdf").stat().st_size > 10_000
    loaded = [m for m in NOT_FOR_ONE_PDF if m in result["modules"] or any(n.startswith(m + ".") for n in result["modules"])]
    assert loaded == []
