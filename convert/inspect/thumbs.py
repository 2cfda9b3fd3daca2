"""Thumbnails of the first pages of the PDFs already built from an input (pypdfium2)."""

from __future__ import annotations

import io
from pathlib import Path

from .report import Thumbnail

WIDTH = 220  # pixels: enough to judge the page layout at a glance
FORMATS = (".pdf", ".epub", ".docx")


def outputs_of(stem: str, folder: Path) -> list[Path]:
    """``<stem>.pdf`` and its variants (``<stem>.hk.pdf``…), EPUB and DOCX too, in name order."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.suffix in FORMATS and (p.stem == stem or p.stem.startswith(stem + "."))]
    return sorted(found, key=lambda p: (p.suffix != ".pdf", p.stem != stem, p.name))


def render(stem: str, folder: Path, pages: int = 3, limit: int = 4) -> list[Thumbnail]:
    import pypdfium2 as pdfium

    thumbs: list[Thumbnail] = []
    for path in [p for p in outputs_of(stem, folder) if p.suffix == ".pdf"][:limit]:
        try:
            pdf = pdfium.PdfDocument(path)
        except (pdfium.PdfiumError, OSError):
            continue  # a half-written or foreign file: no thumbnail, the report still stands
        try:
            for index in range(min(pages, len(pdf))):
                page = pdf[index]
                try:
                    bitmap = page.render(scale=WIDTH / page.get_width())
                    image = bitmap.to_pil()
                    buffer = io.BytesIO()
                    image.save(buffer, format="PNG", optimize=True)
                    thumbs.append(Thumbnail(path.name, index + 1, buffer.getvalue(), image.width, image.height))
                    bitmap.close()
                finally:
                    page.close()
        finally:
            pdf.close()
    return thumbs
