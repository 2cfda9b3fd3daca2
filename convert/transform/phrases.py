"""A publisher's phrase file: fixed renderings that override OpenCC.

Format (UTF-8, one entry a line)::

    # comment
    源词<TAB>目标词     convert 源词 to 目标词 whatever OpenCC would do
    专名               a lone word: keep it exactly as written

Spans are protected before conversion — each match (longest first, leftmost) becomes a
private-use placeholder that OpenCC passes through untouched — and the chosen rendering is put
back afterwards. Placeholders keep OpenCC from building phrases across the protected span, which
is the point: the span is the publisher's, not the dictionary's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from ..errors import UsageError

# Private-use code points for placeholders: the BMP area, then plane 15.
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE))


@dataclass(frozen=True)
class PhraseTable:
    """source → rendering; a lone word maps to itself."""

    entries: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # First character → the lengths of the phrases starting with it, longest first. A scan
        # with this index costs O(text × distinct lengths) whatever the size of the file; a
        # regex alternation of thousands of phrases tries each one at every position.
        lengths: dict[str, set[int]] = {}
        for key in self.entries:
            if key:
                lengths.setdefault(key[0], set()).add(len(key))
        index = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}
        object.__setattr__(self, "_index", index)

    def matches(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each phrase in ``text``: leftmost, then longest, never overlapping."""
        index: dict[str, list[int]] = self._index  # type: ignore[attr-defined]
        entries = self.entries
        i, n = 0, len(text)
        while i < n:
            for length in index.get(text[i], ()):
                if text[i : i + length] in entries:
                    yield i, i + length
                    i += length
                    break
            else:
                i += 1

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def protect(self, text: str) -> tuple[str, Callable[[str], str]]:
        """``text`` with every match replaced by a placeholder, and the function that restores them."""
        if not self.entries or not text:
            return text, _identity
        placeholders: dict[str, str] = {}  # source → placeholder
        free = _free_code_points(text)
        out: list[str] = []
        last = 0
        for start, end in self.matches(text):
            source = text[start:end]
            if source not in placeholders:
                placeholders[source] = next(free)
            out += (text[last:start], placeholders[source])
            last = end
        if not placeholders:
            return text, _identity
        out.append(text[last:])
        renderings = {mark: self.entries[source] for source, mark in placeholders.items()}
        marks = re.compile("[" + "".join(renderings) + "]")
        return "".join(out), lambda converted: marks.sub(lambda m: renderings[m.group(0)], converted)


def _identity(text: str) -> str:
    return text


def _free_code_points(text: str) -> Iterable[str]:
    used = set(text)
    for block in _PRIVATE_USE:
        for code in block:
            ch = chr(code)
            if ch not in used:
                yield ch
    raise UsageError("phrase file: too many distinct phrases in one paragraph")  # 70k+: not a real case


def parse_phrases(text: str, *, name: str = "phrase file") -> PhraseTable:
    """Entries from the text of a phrase file (see the module docstring)."""
    entries: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.lstrip("\ufeff")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) == 1 or (len(parts) == 2 and not parts[1]):
            parts[1:] = [parts[0]]  # a lone word (or an empty target): keep it as written
        if len(parts) != 2 or not parts[0]:
            raise UsageError(f"{name}:{number}: expected 'source<TAB>target' or a single word")
        entries[parts[0]] = parts[1]
    return PhraseTable(entries)


def load_phrases(path: str | Path) -> PhraseTable:
    """Read a phrase file; any problem is a one-line UsageError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: phrase file not found") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read phrase file ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: phrase file is not UTF-8 (byte {exc.start})") from None
    return parse_phrases(text, name=str(path))


def as_phrase_table(phrases: "PhraseTable | Mapping[str, str] | Iterable[str] | str | Path | None") -> PhraseTable:
    """Accept a table, a mapping, a list of words to keep, or a path to a phrase file."""
    if phrases is None:
        return PhraseTable()
    if isinstance(phrases, PhraseTable):
        return phrases
    if isinstance(phrases, (str, Path)):
        return load_phrases(phrases)
    if isinstance(phrases, Mapping):
        return PhraseTable(dict(phrases))
    return PhraseTable({word: word for word in phrases})


__all__ = ["PhraseTable", "as_phrase_table", "load_phrases", "parse_phrases"]
