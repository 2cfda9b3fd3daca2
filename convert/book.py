"""Many parsed pages → one book: a Document whose articles keep the page they came from.

The merge is a pure ``Document`` function (no I/O) so the batch runner can parse
pages anywhere (process pool, Dask) and merge the results in the coordinator.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from .model import Document

# Characters that cannot stand in a file name on the systems we write to.
_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


def merge(
    pages: Iterable[Document],
    *,
    title: str | None = None,
    author: str | None = None,
    date: str | None = None,
) -> Document:
    """Concatenate ``pages`` in the given order; each article's ``page`` is its page's source stem.

    An article that already names a page (a page that was itself a merge) keeps it.
    The book's language is the first page's: a book is converted to one variant as a whole.
    """
    pages = list(pages)
    articles = []
    for number, page in enumerate(pages, 1):
        label = page.source or str(number)
        articles.extend(a if a.page else replace(a, page=label) for a in page.articles)
    return Document(
        articles=tuple(articles),
        lang=pages[0].lang if pages else "zh-Hans",
        title=title,
        authors=(author,) if author else (),
        date=date,
        source=book_stem(title),
    )


def book_stem(title: str | None) -> str:
    """A file stem for the book's outputs: the title with path separators and controls removed."""
    stem = _UNSAFE.sub("_", title or "").strip(" ._")
    return stem[:120] or "book"
