"""Quote style: “ ” ‘ ’ ↔ 「 」 『 』 by nesting depth, never losing a character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert.transform.punctuation import QUOTE_MARKS, requote, to_corner, to_curly


@pytest.mark.parametrize(
    ("curly", "corner"),
    [
        ("他说“好”。", "他说「好」。"),
        ("他说：“我听见她说‘你好’了。”", "他说：「我听见她说『你好』了。」"),
        # three levels alternate outer/inner again
        ("“一‘二“三”二’一”", "「一『二「三」二』一」"),
        ("“甲”和“乙”", "「甲」和「乙」"),
    ],
)
def test_standard_nesting_converts_both_ways(curly, corner):
    assert to_corner(curly) == corner
    assert to_curly(corner) == curly


def test_single_quotes_become_the_inner_brackets_when_nested():
    assert to_corner("“‘单引号’”") == "「『单引号』」"
    # Outermost is always 「」 in HK/TW practice, so top-level ‘’ (rare in mainland text) gets it too.
    assert to_corner("‘单引号’") == "「单引号」"


def test_double_quotes_nested_inside_single_quotes_take_the_inner_brackets():
    # Depth decides, not the glyph: the outer ‘’ becomes 「」, the inner “” becomes 『』.
    assert to_corner("‘他说“你好”’") == "「他说『你好』」"
    assert to_curly("「他说『你好』」") == "“他说‘你好’”"


def test_existing_corner_brackets_count_for_depth():
    assert to_corner("「外面“里面”」") == "「外面『里面』」"
    assert to_curly("“外面「里面」”") == "“外面‘里面’”"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“没有结束", "「没有结束"),  # a quote that runs on into the next paragraph
        ("没有开始”", "没有开始」"),
        ("只有‘单边", "只有「单边"),
        ("孤立的’", "孤立的』"),
        ("“外‘内”尾’", "「外『内」尾』"),  # crossed: the ” closes “ and the ‘ it left open
        ("”“", "」「"),
    ],
)
def test_unbalanced_quotes_keep_every_mark(text, expected):
    assert to_corner(text) == expected
    assert len(to_corner(text)) == len(text)


def test_apostrophe_after_a_latin_letter_stays():
    assert to_corner("引用“China’s policy”一文") == "引用「China’s policy」一文"
    assert to_corner("students’ union") == "students’ union"


def test_text_without_quotes_is_returned_unchanged():
    text = "没有引号的段落。"
    assert to_corner(text) is text


def test_unknown_style_is_refused():
    with pytest.raises(ValueError):
        requote("“”", "guillemets")  # type: ignore[arg-type]


# --- properties -------------------------------------------------------------

_ALPHABET = st.sampled_from(list("甲乙丙，。ab ’") + sorted(QUOTE_MARKS))
_texts = st.text(alphabet=_ALPHABET, max_size=40)


@settings(max_examples=300, deadline=None)
@given(_texts, st.sampled_from(["corner", "curly"]))
def test_only_quote_marks_change_and_none_is_lost(text, style):
    out = requote(text, style)
    assert len(out) == len(text)
    for before, after in zip(text, out):
        if before in QUOTE_MARKS:
            assert after in QUOTE_MARKS
        else:
            assert after == before


def _balanced(depth: int = 0):
    """Balanced quotes of any family in any order (mainland, HK/TW, or mixed)."""
    leaf = st.text(alphabet="甲乙，ab", max_size=3)
    if depth >= 3:
        return leaf
    inner = st.lists(st.one_of(leaf, _balanced(depth + 1)), max_size=3).map("".join)
    pair = st.sampled_from(["“”", "‘’", "「」", "『』"])
    return st.one_of(leaf, st.tuples(pair, inner).map(lambda p: p[0][0] + p[1] + p[0][1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_balanced(), max_size=4).map("".join), st.sampled_from(["corner", "curly"]))
def test_requoting_balanced_text_is_idempotent(text, style):
    # Crossed or unbalanced marks may pair differently on a second pass; balanced ones never do.
    once = requote(text, style)
    assert requote(once, style) == once


def _nested(depth: int = 0):
    """Well-formed GB/T 15834 text: “” outside, ‘’ inside, alternating."""
    open_, close = ("“", "”") if depth % 2 == 0 else ("‘", "’")
    leaf = st.text(alphabet="甲乙丙，。", max_size=4)
    if depth >= 3:
        return leaf
    inner = st.lists(st.one_of(leaf, _nested(depth + 1)), max_size=3).map("".join)
    return st.one_of(leaf, inner.map(lambda s: f"{open_}{s}{close}"))


@settings(max_examples=200, deadline=None)
@given(st.lists(_nested(), max_size=4).map("".join))
def test_round_trip_curly_corner_curly_is_the_identity(text):
    corner = to_corner(text)
    assert not set(corner) & set("“”‘’")
    assert to_curly(corner) == text
