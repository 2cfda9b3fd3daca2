"""The CJK line breaker on synthetic strings: rules, justification, conservation (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert.export.linebreak import break_paragraph, check_rules, clusters
from convert.export.typography import LINE_END_FORBIDDEN, LINE_START_FORBIDDEN, squeezable

SQUEEZE = squeezable("Hans")


def advance(ch: str) -> float:
    """A stand-in font: Han and full-width marks one em, Latin 0.55, spaces 0.3."""
    if ch == " ":
        return 0.3
    return 1.0 if ord(ch) >= 0x2E80 or ch in "“”‘’…—" else 0.55


def texts(text: str, measure: float, **kw):
    lines = break_paragraph(text, advance, measure, em=1.0, squeeze=SQUEEZE, **kw)
    return lines, [text[l.start : l.end] for l in lines]


def test_no_line_starts_with_closing_or_middle_marks():
    # 10 Han per line: each mark below would fall at the start of line 2 without the rule.
    for mark in "，。、；：？！）」』”’》〉】%":
        lines, rows = texts("一二三四五六七八九十" + mark + "甲乙丙", 10)
        assert rows[1][0] not in LINE_START_FORBIDDEN, rows
        assert "".join(rows) == "一二三四五六七八九十" + mark + "甲乙丙"


def test_no_line_ends_with_an_opening_mark():
    for mark in "（「『“‘《〈【":
        _, rows = texts("一二三四五六七八九" + mark + "甲乙丙", 10)
        assert rows[0][-1] not in LINE_END_FORBIDDEN, rows


@pytest.mark.parametrize("pair", ["……", "——"])
def test_doubled_marks_never_split(pair):
    for k in range(6, 12):
        _, rows = texts("一" * k + pair + "甲乙丙丁戊己庚", 10)
        assert all(not r.endswith(pair[0]) or r.endswith(pair) for r in rows[:-1]), rows
        assert not any(r.startswith(pair[0]) and not r.startswith(pair) for r in rows[1:]), rows


@pytest.mark.parametrize("word", ["5G", "2025", "3.5%", "Huozi"])
def test_latin_words_and_numbers_never_split(word):
    for k in range(5, 11):
        _, rows = texts("一" * k + word + "年甲乙丙丁戊己庚辛", 10)
        assert any(word in r for r in rows), (word, rows)


def test_justified_lines_reach_the_measure_and_the_last_does_not():
    text = "在5G时代，2025年增长3.5%，Hello world！他说：“好。”" * 5
    lines, rows = texts(text, 13, indent=2)
    assert len(lines) > 4
    for line in lines[:-1]:
        assert line.width == pytest.approx(13, abs=1e-6), text[line.start : line.end]
    assert lines[-1].width < 13
    assert lines[0].offsets[0] == pytest.approx(2)  # the indent, exactly two ems


def test_push_in_squeezes_a_line_end_comma_instead_of_a_gap():
    # 10 Han then a comma: the comma squeezes to half and stays; the line ends at the measure.
    lines, rows = texts("一二三四五六七八九十，甲乙丙", 10.5)
    assert rows[0].endswith("，") and lines[0].width == pytest.approx(10.5)


def test_adjacent_punctuation_takes_one_and_a_half_ems():
    lines, _ = texts("好。”他", 20)
    offs = lines[0].offsets
    assert offs[2] - offs[1] == pytest.approx(0.5)


def test_hanging_punctuation_option():
    lines, rows = texts("一二三四五六七八九十，甲乙丙", 10, hanging=True)
    assert rows[0] == "一二三四五六七八九十，"
    assert lines[0].offsets[-1] == pytest.approx(10)  # the mark hangs past the measure


def test_overlong_word_is_split_rather_than_overflowing():
    lines, rows = texts("甲" + "x" * 40 + "乙", 10)
    assert "".join(rows) == "甲" + "x" * 40 + "乙"
    assert all(l.width <= 10 + 1e-6 for l in lines)


def test_clusters_keep_words_and_pairs():
    text = "在5G时代……3.5%"
    assert [text[c.start : c.end] for c in clusters(text)] == ["在", "5G", "时", "代", "……", "3.5%"]


HAN = st.sampled_from("中国人民城市发展湾区产业协同创新")
MARKS = st.sampled_from("，。、；：？！“”（）《》…—")
LATIN = st.sampled_from(["5G", "2025", "3.5%", "AI", "e", " "])
PIECES = st.lists(st.one_of(HAN, HAN, HAN, MARKS, LATIN), min_size=1, max_size=120)


@settings(max_examples=300, deadline=None)
@given(PIECES, st.integers(min_value=6, max_value=30), st.booleans())
def test_breaking_never_loses_reorders_or_violates(pieces, measure, hanging):
    text = "".join(pieces).strip()
    if not text:
        return
    lines, rows = texts(text, measure, indent=2, hanging=hanging)
    # Conservation: the lines give back the text minus spaces dropped at breaks.
    assert "".join(rows).replace(" ", "") == text.replace(" ", "")
    assert [l.start for l in lines] == sorted(l.start for l in lines)
    # Rules hold wherever a legal break existed: a violation only where no rule-abiding
    # split could fit, i.e. next to a forced split of an overlong unbreakable run.
    problems = check_rules(rows)
    if problems:
        assert any(l.width > measure - 2 - 1e-6 for l in lines), (rows, problems)
    for line in lines:
        assert line.width <= measure + 1.0 + 1e-6  # at most one hanging mark past the measure
        offs = list(line.offsets)
        assert offs == sorted(offs) or any(text[i] in "“（《‘「" for i in range(line.start, line.end))


def test_last_line_is_never_a_lone_character():
    lines, rows = texts("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子。", 10)
    assert len(rows[-1].rstrip("。")) >= 2, rows
    assert lines[1].width == pytest.approx(10)  # the line that gave a character stays justified
