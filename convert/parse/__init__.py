"""The parser: a page dump (text) → Document. See ``passes`` for the ordered rules."""

from __future__ import annotations

from ..model import Document


def parse_text(text: str) -> Document:
    from .passes import run

    return run(text)


__all__ = ["parse_text"]
