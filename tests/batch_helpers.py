"""Shared by the batch tests: which exporters exist yet, and reading outputs back with real readers."""

from __future__ import annotations

import importlib
import re
import subprocess
import zipfile
from pathlib import Path

from convert.export import FORMATS

from conftest import require_tool


def ready_formats() -> list[str]:
    """Exporters that have landed (each helper's module appears as it is written)."""
    ready = []
    for fmt, module in FORMATS.items():
        try:
            if hasattr(importlib.import_module(module), "write"):
                ready.append(fmt)
        except ImportError:
            continue
    return ready


READY = ready_formats()
# The quickest exporter for tests that only need "an output"; PDF is what users build most.
FAST = next((f for f in ("docx", "epub", "pdf") if f in READY), "pdf")


def reproducible_params() -> list[str]:
    """Every exporter must write the same bytes for the same input and options, wherever
    the task ran: the batch hands each task its creation time (export/stamp.py)."""
    return list(READY)


def text_of(path: Path) -> str:
    """The text of an output, through the reader a user would use."""
    path = Path(path)
    if path.suffix == ".pdf":
        tool = require_tool("pdftotext")
        return subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    if path.suffix == ".docx":
        import docx

        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    if path.suffix == ".epub":
        with zipfile.ZipFile(path) as book:
            names = sorted(n for n in book.namelist() if n.endswith(".xhtml"))
            return "\n".join(re.sub(r"<[^>]+>", "", book.read(n).decode("utf-8")) for n in names)
    if path.suffix == ".json":
        from convert.model import loads

        return "\n".join(t for a in loads(path.read_text(encoding="utf-8")).articles for t in a.texts())
    raise ValueError(path)


def squeeze(text: str) -> str:
    """Text without whitespace: exporters break lines where they like."""
    return re.sub(r"\s+", "", text)


# A phrase of the seed's first article.
PHRASE_SEED = "粤港澳大湾区"
