"""Dependencies point one way (pyproject's import-linter contracts), checked on every run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


def test_model_uses_the_standard_library_only():
    source = (ROOT / "convert" / "model.py").read_text(encoding="utf-8")
    imports = [line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert all(name.split(".")[0] in sys.stdlib_module_names or name == "__future__" for name in imports), imports
