"""The parser: a page dump (text) → Document. See ``passes`` for the ordered rules."""

from __future__ import annotations

from ..model import Document


def parse_text(text: str, overrides=None) -> Document:
    """``overrides``: an editor's corrections (``overrides.Overrides`` or a ``Session``)."""
    from .passes import run

    return run(text, overrides=overrides)


__all__ = ["parse_text"]
