"""Character classes the parser's rules are stated in."""

from __future__ import annotations

import re

# A line whose text ends (after closing brackets) in one of these closes a sentence.
SENTENCE_END = frozenset("。！？!?；;：:…．.")
# Closing quotes also close a sentence as far as a blank line is concerned (clreq usage:
# “……。” or a quoted phrase ending the paragraph).
QUOTE_CLOSE = frozenset("”’」』")
# Closing brackets are transparent: look at what stands before them.
BRACKET_CLOSE = frozenset("）)】》〉]〗〕")
# Marks that cannot begin a line or a paragraph: a chunk starting with one continues the last.
CONTINUATION_START = frozenset("，。、；：？！）」』”’》〉】…—%‰,.;:?!)]")
# Question and exclamation marks may end a heading.
HEADING_END_ALLOWED = frozenset("？！?!")
DASH = "——"
BYLINE_MARKS = "□■"
# Interview and Q&A lines are paragraphs even when short and ending in a question mark.
QA_PREFIX = re.compile(r"^(问|答|主持人|记者|[QA])\s*[：:]")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")


def strip_closers(text: str) -> str:
    return text.rstrip("".join(BRACKET_CLOSE)).rstrip()


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends a sentence: 。！？：；… possibly inside closing brackets, or a closing quote."""
    core = strip_closers(text)
    if not core:
        return bool(text)  # a bare closing bracket: treat as finished
    return core[-1] in SENTENCE_END or core[-1] in QUOTE_CLOSE


def ends_hard(text: str) -> bool:
    """Ends with a mark no heading or title ends with (the full stop family, colon, semicolon)."""
    core = strip_closers(text)
    return bool(core) and core[-1] in SENTENCE_END and core[-1] not in HEADING_END_ALLOWED


def has_inner_stop(text: str) -> bool:
    """A full stop inside the text: a sentence, not a heading."""
    return any(mark in text[:-1] for mark in "。；;")
