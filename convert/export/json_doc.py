"""The parsed document as JSON (the ``huozi parse`` form), as one more output format."""

from __future__ import annotations

from pathlib import Path

from ..model import Document, dumps
from .options import ExportOptions


def write(document: Document, path: Path, options: ExportOptions) -> None:
    Path(path).write_text(dumps(document) + "\n", encoding="utf-8")
