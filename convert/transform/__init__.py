"""Transforms: ``Document -> Document`` functions applied after parsing."""

from __future__ import annotations


def variant(document, target: str, **kwargs):
    """Convert every text field of ``document`` to a Chinese variant (see ``variants``)."""
    from .variants import convert_document

    return convert_document(document, target, **kwargs)


__all__ = ["variant"]
