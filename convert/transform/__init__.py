"""Transforms: ``Document -> Document`` functions applied after parsing."""

from __future__ import annotations


def variant(document, target: str, **kwargs):
    """Convert every text field of ``document`` to a Chinese variant (see ``variants``)."""
    from .variants import convert_document

    return convert_document(document, target, **kwargs)


def tag_language(document):
    """Set ``document.lang`` from the script its text is written in (zh-Hans, zh-Hant-HK, …)."""
    from .variants import tag_language as tag

    return tag(document)


__all__ = ["tag_language", "variant"]
