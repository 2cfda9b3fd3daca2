"""Quotation-mark style: curly quotes “ ” ‘ ’ (mainland) ↔ corner brackets 「 」 『 』 (HK, Macao, Taiwan).

GB/T 15834 nests “ ‘ ’ ”; Hong Kong and Taiwan practice nests 「 『 』 」. A glyph-for-glyph swap
would be wrong whenever the source nests the other way round (‘ “ ” ’) or mixes styles, so the
marks are re-derived from their nesting depth: depth 0 gets the outer pair, depth 1 the inner,
and so on alternately. Written by hand because OpenCC leaves quotes alone and no library we know
of does depth-aware requoting.

Guarantees (tests hold them): exactly one character out per character in, only quote marks
change, and unbalanced text keeps every mark (an unmatched closer maps glyph for glyph; a ’
after a Latin letter with no open ‘ is an apostrophe and stays); on balanced text requoting is
idempotent and corner → curly undoes curly → corner for GB/T 15834 nesting.
"""

from __future__ import annotations

from typing import Literal

Style = Literal["corner", "curly"]

# Opening mark → its own closing mark, for every style we recognise on input.
_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
# (opening, closing) by nesting depth parity: outer pair first, inner second.
_LEVELS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "corner": (("「", "」"), ("『", "』")),
    "curly": (("“", "”"), ("‘", "’")),
}
# An unmatched closer keeps its rank (double → outer, single → inner) in the new style.
_UNMATCHED = {
    "corner": {"”": "」", "’": "』", "」": "」", "』": "』"},
    "curly": {"”": "”", "’": "’", "」": "”", "』": "’"},
}
QUOTE_MARKS = frozenset(_PAIRS) | frozenset(_CLOSERS)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def requote(text: str, style: Style) -> str:
    """Rewrite every quotation mark of ``text`` in ``style``, nesting by depth."""
    if style not in _LEVELS:
        raise ValueError(f"unknown quote style {style!r}")
    if not any(ch in QUOTE_MARKS for ch in text):
        return text
    levels = _LEVELS[style]
    out = list(text)
    stack: list[str] = []  # the input opening marks still open
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            out[i] = levels[len(stack) % 2][0]
            stack.append(ch)
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            if opener in stack:
                # Close the innermost matching opener; any opener above it was left unclosed.
                depth = len(stack) - 1 - stack[::-1].index(opener)
                del stack[depth:]
                out[i] = levels[depth % 2][1]
            elif ch == "’" and i > 0 and _is_latin(text[i - 1]):
                out[i] = ch  # apostrophe: China’s, students’
            else:
                out[i] = _UNMATCHED[style][ch]
    return "".join(out)


def to_corner(text: str) -> str:
    """“ ” ‘ ’ → 「 」 『 』, nested by depth (Hong Kong, Macao, Taiwan)."""
    return requote(text, "corner")


def to_curly(text: str) -> str:
    """「 」 『 』 → “ ” ‘ ’, nested by depth (mainland, GB/T 15834)."""
    return requote(text, "curly")


__all__ = ["QUOTE_MARKS", "requote", "to_corner", "to_curly"]
