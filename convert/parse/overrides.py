"""An editor's corrections to one page dump: the ``<stem>.huozi.toml`` sidecar.

Every correction names source lines (1-based, as ``huozi inspect`` shows them), so a
rebuild applies it again, deterministically, to the same input::

    [lines]
    heading     = [231]   # the text (between blank lines) holding this line is a heading
    not-heading = [19]    # ... is body text, never a heading nor a lone title
    split       = [25]    # a new paragraph starts at this line
    join        = [59]    # the paragraph starting at this line continues the one before

    [[article]]
    number = 2            # which article: its number (1 = first) ...
    # line = 250          # ... or any source line inside it
    title = "新标题"       # also kicker, subtitle ("" removes one), authors = ["甲", "乙"]

    [[attach]]
    title-block = 456     # the title block on this line ...
    article = 1           # ... belongs to article 1 (or: line = 30, a line of its body)

``load`` validates the file (one-line ``InputError``s). Parsing goes through a
``Session``: the parser's passes ask it at each decision point, and it remembers
which corrections matched, so the ones that no longer fit the input can be named.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article, Span

SUFFIX = ".huozi.toml"
FIELDS = ("kicker", "title", "subtitle", "authors")
LINE_KEYS = ("heading", "not-heading", "split", "join")


class OverrideWarning(UserWarning):
    """A correction that no longer matches its input (the dump changed, or a typo)."""


@dataclass(frozen=True)
class ArticleFix:
    where: str  # "[[article]] 2" — how the file names this entry, for messages
    number: int | None
    line: int | None
    fields: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class AttachFix:
    where: str
    block_line: int
    number: int | None
    line: int | None


@dataclass(frozen=True)
class Overrides:
    source: str  # the file, for messages
    heading: frozenset[int] = frozenset()
    not_heading: frozenset[int] = frozenset()
    split: frozenset[int] = frozenset()
    join: frozenset[int] = frozenset()
    articles: tuple[ArticleFix, ...] = ()
    attach: tuple[AttachFix, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.heading or self.not_heading or self.split or self.join or self.articles or self.attach)

    def session(self) -> "Session":
        return Session(self)


# --- loading and validation --------------------------------------------------------


def sidecar(path: str | Path) -> Path:
    """``dir/page.txt`` → ``dir/page.huozi.toml``."""
    path = Path(path)
    return path.with_name(path.stem + SUFFIX)


def load(path: str | Path) -> Overrides:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such overrides file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: overrides must be UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    return parse(data, str(path))


def parse(data: dict[str, Any], source: str) -> Overrides:
    def fail(message: str) -> InputError:
        return InputError(f"{source}: {message}")

    _only(data, ("lines", "article", "attach"), "top level", fail)
    lines = data.get("lines", {})
    if not isinstance(lines, dict):
        raise fail("[lines] must be a table")
    _only(lines, LINE_KEYS, "[lines]", fail)
    sets = {key: frozenset(_line_list(lines.get(key, []), f"[lines] {key}", fail)) for key in LINE_KEYS}
    for a, b in (("heading", "not-heading"), ("split", "join")):
        both = sorted(sets[a] & sets[b])
        if both:
            raise fail(f"[lines] line {both[0]} is in both {a} and {b}")
    articles = tuple(_article(entry, i, fail) for i, entry in enumerate(_tables(data, "article", fail), 1))
    attach = tuple(_attach(entry, i, fail) for i, entry in enumerate(_tables(data, "attach", fail), 1))
    seen: dict[int, str] = {}
    for fix in attach:
        if fix.block_line in seen:
            raise fail(f"{fix.where}: title-block {fix.block_line} is already attached by {seen[fix.block_line]}")
        seen[fix.block_line] = fix.where
    return Overrides(source, sets["heading"], sets["not-heading"], sets["split"], sets["join"], articles, attach)


def _only(table: dict, allowed: tuple[str, ...], where: str, fail) -> None:
    for key in table:
        if key not in allowed:
            raise fail(f"{where}: unknown key {key!r} (expected {', '.join(allowed)})")


def _line(value: Any, where: str, fail) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise fail(f"{where}: expected a line number (1 or more), got {value!r}")
    return value


def _line_list(value: Any, where: str, fail) -> list[int]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list):
        raise fail(f"{where}: expected a list of line numbers, got {value!r}")
    return [_line(v, where, fail) for v in value]


def _tables(data: dict, key: str, fail) -> list[dict]:
    value = data.get(key, [])
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise fail(f"{key}: expected [[{key}]] tables")
    return value


def _address(entry: dict, where: str, fail, number_key: str = "number") -> tuple[int | None, int | None]:
    number = _line(entry[number_key], f"{where} {number_key}", fail) if number_key in entry else None
    line = _line(entry["line"], f"{where} line", fail) if "line" in entry else None
    if (number is None) == (line is None):
        raise fail(f"{where}: name the article by {number_key} = N or by line = L (one of them)")
    return number, line


def _article(entry: dict, index: int, fail) -> ArticleFix:
    where = f"[[article]] {index}"
    _only(entry, ("number", "line", *FIELDS), where, fail)
    number, line = _address(entry, where, fail)
    fields: list[tuple[str, Any]] = []
    for name in FIELDS:
        if name not in entry:
            continue
        value = entry[name]
        if name == "authors":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(f"{where} authors: expected a list of names")
            fields.append((name, tuple(v.strip() for v in value if v.strip())))
        elif isinstance(value, str):
            fields.append((name, value.strip() or None))  # "" removes the field
        else:
            raise fail(f"{where} {name}: expected text, got {value!r}")
    if not fields:
        raise fail(f"{where}: nothing to set (expected one of {', '.join(FIELDS)})")
    return ArticleFix(where, number, line, tuple(fields))


def _attach(entry: dict, index: int, fail) -> AttachFix:
    where = f"[[attach]] {index}"
    _only(entry, ("title-block", "article", "line"), where, fail)
    if "title-block" not in entry:
        raise fail(f"{where}: missing title-block = LINE (a line of the title block)")
    block_line = _line(entry["title-block"], f"{where} title-block", fail)
    number, line = _address(entry, where, fail, "article")
    return AttachFix(where, block_line, number, line)


# --- applying: one session per parse -------------------------------------------------


@dataclass
class Session:
    """What one parse asked of the overrides, and which of them matched."""

    overrides: Overrides
    applied: list[tuple[str, str]] = field(default_factory=list)  # (entry, what it did)
    _used: set[str] = field(default_factory=set)
    _misses: dict[str, str] = field(default_factory=dict)  # entry → why it did not apply

    def _hit(self, key: str, effect: str) -> None:
        if key not in self._used:
            self._used.add(key)
            self.applied.append((key, effect))
        self._misses.pop(key, None)

    def _miss(self, key: str, why: str) -> None:
        if key not in self._used:
            self._misses.setdefault(key, why)

    # Heading or not: asked once per body chunk (lines between blank lines).
    def heading(self, start: int, end: int, text: str) -> tuple[bool, str] | None:
        ov = self.overrides
        for line in range(start, end + 1):
            if line in ov.heading:
                self._hit(f"[lines] heading {line}", f"lines {start}–{end} are a heading: {_clip(text)}")
                return True, f"override: heading (line {line})"
            if line in ov.not_heading:
                self._hit(f"[lines] not-heading {line}", f"lines {start}–{end} are body text: {_clip(text)}")
                return False, f"override: not a heading (line {line})"
        return None

    # A body chunk starting at ``line`` after a paragraph: True join, False split, None ask the rules.
    def paragraph_break(self, line: int, after_paragraph: bool) -> tuple[bool, str] | None:
        ov = self.overrides
        if line in ov.split:
            self._hit(f"[lines] split {line}", f"a paragraph starts at line {line}")
            return (False, f"override: split (line {line})") if after_paragraph else None
        if line in ov.join:
            key = f"[lines] join {line}"
            if after_paragraph:
                self._hit(key, f"the paragraph at line {line} continues the one before")
                return True, f"override: join (line {line})"
            self._miss(key, f"line {line} follows a heading or starts an article: nothing to join it to")
        return None

    def split_points(self, numbers: list[int]) -> list[int]:
        """Split lines strictly inside one paragraph's run of lines (``numbers`` in order)."""
        points = [n for n in numbers[1:] if n in self.overrides.split]
        for n in points:
            self._hit(f"[lines] split {n}", f"a paragraph starts at line {n}")
        return points

    def attachments(self, blocks: list[tuple[int, int]], spans: list[Span | None]) -> dict[int, tuple[int, str]]:
        """Forced title block → article: ``{block index: (article index, rule)}``."""
        forced: dict[int, tuple[int, str]] = {}
        for fix in self.overrides.attach:
            block = next((i for i, (s, e) in enumerate(blocks) if s <= fix.block_line <= e), None)
            if block is None:
                self._miss(fix.where, f"no title block on line {fix.block_line}")
                continue
            target = _find(spans, fix.number, fix.line)
            if target is None:
                self._miss(fix.where, f"no article {_name(fix.number, fix.line)}")
                continue
            if target in (t for t, _ in forced.values()):
                self._miss(fix.where, f"article {target + 1} already has a title block from an override")
                continue
            forced[block] = (target, f"override: title block on line {fix.block_line} → article {target + 1}")
            self._hit(fix.where, f"title block at lines {blocks[block][0]}–{blocks[block][1]} → article {target + 1}")
        return forced

    def fix_articles(self, articles: list[Article]) -> list[tuple[int, str, Any]]:
        """Set the editor's front matter in place; returns (article index, field, value) per change."""
        changes: list[tuple[int, str, Any]] = []
        spans = [a.span for a in articles]
        for fix in self.overrides.articles:
            target = _find(spans, fix.number, fix.line)
            if target is None:
                self._miss(fix.where, f"no article {_name(fix.number, fix.line)}")
                continue
            articles[target] = replace(articles[target], **dict(fix.fields))
            changes.extend((target, name, value) for name, value in fix.fields)
            said = ", ".join(f"{n} = {_show(v)}" for n, v in fix.fields)
            self._hit(fix.where, f"article {target + 1}: {said}")
        return changes

    def stale(self) -> list[str]:
        """One line per correction that matched nothing in this input."""
        ov = self.overrides
        wanted = [f"[lines] {key} {n}" for key, lines in
                  (("heading", ov.heading), ("not-heading", ov.not_heading), ("split", ov.split), ("join", ov.join))
                  for n in sorted(lines)]
        wanted += [fix.where for fix in ov.articles] + [fix.where for fix in ov.attach]
        out = []
        for key in wanted:
            if key in self._used:
                continue
            why = self._misses.get(key) or _default_miss(key)
            out.append(f"{ov.source}: {key} no longer matches the input: {why}")
        return out


def _default_miss(key: str) -> str:
    kind, line = key.split()[-2:]
    if kind in ("heading", "not-heading"):
        return f"line {line} is not body text (blank, a title block, an affiliation, or past the end)"
    if kind == "split":
        return f"line {line} is not inside a paragraph (blank, a heading, a title block, or past the end)"
    return f"line {line} does not start a paragraph (name the first line after the blank)"


def _find(spans: list[Span | None], number: int | None, line: int | None) -> int | None:
    if number is not None:
        return number - 1 if number <= len(spans) else None
    for index, span in enumerate(spans):
        if span is not None and span.start <= line <= span.end:  # type: ignore[operator]
            return index
    return None


def _name(number: int | None, line: int | None) -> str:
    return str(number) if number is not None else f"on line {line}"


def _clip(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: Any) -> str:
    if value is None:
        return "(removed)"
    if isinstance(value, tuple):
        return "、".join(value) or "(none)"
    return value
