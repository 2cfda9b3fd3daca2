"""Huozi (活字): raw Chinese newspaper page dumps → structured articles → PDF, EPUB, DOCX.

Python API::

    import convert
    doc = convert.read("seeds/page.txt")          # or convert.parse_text(text)
    hk = convert.transform.variant(doc, "hk")
    convert.export.pdf.write(hk, "page.hk.pdf", convert.ExportOptions())
"""

__version__ = "0.1.0"

from .export.options import ExportOptions
from .model import Article, Block, Document, Span
from .parse import parse_text
from .pipeline import read

__all__ = ["Article", "Block", "Document", "ExportOptions", "Span", "parse_text", "read"]
