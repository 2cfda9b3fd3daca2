"""The parser: a page dump (text) → Document. See ``passes`` for the ordered rules."""

from __future__ import annotations

import gc

from ..model import Document


def parse_text(text: str, overrides=None) -> Document:
    """``overrides``: an editor's corrections (``overrides.Overrides`` or a ``Session``)."""
    from .passes import run

    # The passes allocate many small objects and no reference cycles: the cyclic collector
    # would only rescan them again and again (a fifth of the time on a 5 MB dump).
    paused = gc.isenabled()
    gc.disable()
    try:
        return run(text, overrides=overrides)
    finally:
        if paused:
            gc.enable()


__all__ = ["parse_text"]
