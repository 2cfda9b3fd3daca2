"""Exporters: one module per format, each with one entry point ``write(document, path, options)``.

The registry maps a format name to its module; modules are imported on first use
so a PDF-only build never loads EbookLib or python-docx.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from ..errors import UsageError
from ..model import Document
from .options import ExportOptions

FORMATS: dict[str, str] = {
    "pdf": "convert.export.pdf",
    "epub": "convert.export.epub",
    "docx": "convert.export.docx",
    "json": "convert.export.json_doc",
}

Writer = Callable[[Document, Path, ExportOptions], None]


def writer_for(fmt: str) -> Writer:
    try:
        module = FORMATS[fmt]
    except KeyError:
        raise UsageError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}") from None
    return importlib.import_module(module).write


__all__ = ["ExportOptions", "FORMATS", "writer_for"]
