"""The format-neutral document model: Document → Article → Block.

Frozen dataclasses, standard library only. The JSON form is the gold shape
(``{"articles": [{"kicker", "title", "subtitle", "authors", "affiliation",
"blocks": [{"type", "text"}]}]}``) plus optional extra keys: each block's
source line span (``lines``), the document's language tag (``lang``) and
book metadata. Nothing here knows about any output format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Iterator, Literal

BlockType = Literal["heading", "paragraph"]
BLOCK_TYPES: tuple[str, ...] = ("heading", "paragraph")


@dataclass(frozen=True)
class Span:
    """1-based, inclusive range of source lines a piece of text came from."""

    start: int
    end: int

    def to_json(self) -> list[int]:
        return [self.start, self.end]

    @classmethod
    def from_json(cls, value: Any) -> "Span | None":
        if not value:
            return None
        return cls(int(value[0]), int(value[1]))


@dataclass(frozen=True)
class Block:
    type: BlockType
    text: str
    span: Span | None = None


@dataclass(frozen=True)
class Article:
    blocks: tuple[Block, ...] = ()
    kicker: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    affiliation: str | None = None
    span: Span | None = None
    # The page file this article came from, when several pages form a book.
    page: str | None = None

    def headings(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.type == "heading")

    def texts(self) -> Iterator[str]:
        """Every text field in reading order (front matter first)."""
        for value in (self.kicker, self.title, self.subtitle):
            if value:
                yield value
        yield from self.authors
        for block in self.blocks:
            yield block.text
        if self.affiliation:
            yield self.affiliation


@dataclass(frozen=True)
class Document:
    articles: tuple[Article, ...] = ()
    # BCP 47 tag of the text as it stands: zh-Hans, zh-Hant-HK, zh-Hant-MO, zh-Hant-TW, zh-Hant.
    lang: str = "zh-Hans"
    # Book-level metadata; None means "derive it" (exporters fall back to the articles).
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    source: str | None = None  # stem of the input file, used for labels and names
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def characters(self) -> str:
        """All text of the document, for font coverage and subsetting."""
        parts = [self.title or "", *self.authors]
        for article in self.articles:
            parts.extend(article.texts())
        return "".join(parts)

    def with_articles(self, articles: tuple[Article, ...]) -> "Document":
        return replace(self, articles=tuple(articles))


# --- JSON ---------------------------------------------------------------


def block_to_json(block: Block) -> dict[str, Any]:
    data: dict[str, Any] = {"type": block.type, "text": block.text}
    if block.span:
        data["lines"] = block.span.to_json()
    return data


def article_to_json(article: Article) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "authors": list(article.authors),
        "affiliation": article.affiliation,
        "blocks": [block_to_json(b) for b in article.blocks],
    }
    if article.span:
        data["lines"] = article.span.to_json()
    if article.page:
        data["page"] = article.page
    return data


def document_to_json(doc: Document) -> dict[str, Any]:
    data: dict[str, Any] = {"articles": [article_to_json(a) for a in doc.articles]}
    data["lang"] = doc.lang
    for key in ("title", "date", "source"):
        value = getattr(doc, key)
        if value:
            data[key] = value
    if doc.authors:
        data["authors"] = list(doc.authors)
    return data


def dumps(doc: Document, *, indent: int | None = 2) -> str:
    return json.dumps(document_to_json(doc), ensure_ascii=False, indent=indent)


def block_from_json(data: dict[str, Any]) -> Block:
    kind = data["type"]
    if kind not in BLOCK_TYPES:
        raise ValueError(f"unknown block type {kind!r}")
    return Block(kind, data["text"], Span.from_json(data.get("lines")))


def article_from_json(data: dict[str, Any]) -> Article:
    return Article(
        blocks=tuple(block_from_json(b) for b in data.get("blocks", [])),
        kicker=data.get("kicker"),
        title=data.get("title"),
        subtitle=data.get("subtitle"),
        authors=tuple(data.get("authors") or ()),
        affiliation=data.get("affiliation"),
        span=Span.from_json(data.get("lines")),
        page=data.get("page"),
    )


def document_from_json(data: dict[str, Any]) -> Document:
    return Document(
        articles=tuple(article_from_json(a) for a in data.get("articles", [])),
        lang=data.get("lang", "zh-Hans"),
        title=data.get("title"),
        authors=tuple(data.get("authors") or ()),
        date=data.get("date"),
        source=data.get("source"),
    )


def loads(text: str) -> Document:
    return document_from_json(json.loads(text))
