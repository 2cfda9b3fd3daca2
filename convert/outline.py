"""A human-readable outline of a parsed document (``huozi parse --outline``)."""

from __future__ import annotations

from .model import Document


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def outline(doc: Document, *, width: int = 40) -> str:
    lines: list[str] = []
    for number, article in enumerate(doc.articles, 1):
        span = f"  (lines {article.span.start}–{article.span.end})" if article.span else ""
        lines.append(f"[{number}] {article.title or '(untitled)'}{span}")
        for label, value in (("kicker", article.kicker), ("subtitle", article.subtitle)):
            if value:
                lines.append(f"    {label}: {value}")
        if article.authors:
            lines.append(f"    authors: {', '.join(article.authors)}")
        for block in article.blocks:
            mark = "§" if block.type == "heading" else "¶"
            where = f"{block.span.start:>4}  " if block.span else ""
            lines.append(f"    {where}{mark} {_clip(block.text, width)}  [{len(block.text)}]")
        if article.affiliation:
            lines.append(f"    affiliation: {article.affiliation}")
    if not doc.articles:
        lines.append("(no articles)")
    return "\n".join(lines) + "\n"
