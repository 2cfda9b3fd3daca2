"""One small synthetic dump per parser rule; each test's name states the rule."""

from __future__ import annotations

import itertools

import pytest

from convert import parse_text
from convert.parse.bylines import parse_authors
from convert.parse.join import join_lines
from convert.parse.lines import display_width
from dumpgen import wrap

P1 = "近年来，作为我国区域经济发展的高地，依托国家战略性顶层设计的引导和支持以及得天独厚的区位优势，粤港澳大湾区迅速发展。"
P2 = "由此，应从更高层级的战略思维出发，以推进产业集群和城市群耦合发展为路径，逐步开创城市群一体化发展的新局面。"
P3 = "与国际一流湾区相比，粤港澳大湾区城市群的发展仍然面临亟需突破的瓶颈，区际协调和产业一体化都有待加强。"
Q1 = "区块链技术与越来越多的实体行业深度融合，在促进跨地区的制造业协同发展、工业互联、智能制造方面发挥着越来越关键的作用。"
Q2 = "当前，我国部分企业已开始探索区块链在制造业领域的应用落地，主要体现在产品研发、供应链金融和产品溯源等方面。"
R1 = "国际交往中心建设作为北京落实首都城市战略定位的重要内容，对于服务国家总体外交、实现高质量发展具有重要支撑作用。"
R2 = "北京作为国际交往中心的内涵和功能经历了从单一到多维、从交流到交融的升级和变迁，应把握好新时代背景下的内涵。"


def para(text: str, width: int = 16, indent: bool = True) -> list[str]:
    return wrap(text, width, width - 2 if indent else width)


def dump(*parts: list[str] | str, lead: bool = True) -> str:
    lines: list[str] = []
    for part in parts:
        lines.extend([part] if isinstance(part, str) else part)
    if lead and lines:
        lines[0] = " " + lines[0]
    return "\n".join(lines) + "\n"


def blocks(text: str, article: int = 0) -> list[tuple[str, str]]:
    doc = parse_text(text)
    return [(b.type, b.text) for b in doc.articles[article].blocks]


# --- joining lines --------------------------------------------------------------------


def test_line_break_between_cjk_characters_is_nothing():
    assert join_lines(["粤港", "澳大湾区"]) == "粤港澳大湾区"


def test_line_break_between_latin_words_is_one_space():
    assert join_lines(["open source", "software"]) == "open source software"
    assert join_lines(["年增长", "3.5%", "以上"]) == "年增长3.5%以上"


def test_hyphen_that_only_wrapped_a_latin_word_is_removed():
    assert join_lines(["block-", "chain技术"]) == "blockchain技术"
    assert join_lines(["COVID-", "19疫情"]) == "COVID-19疫情"


def test_half_width_characters_take_half_a_column():
    assert display_width("5G网络") == 3.0
    assert display_width("“区块链+”") == 5.5


# --- paragraphs and column breaks ----------------------------------------------------------


def test_blank_line_after_finished_sentence_is_a_paragraph_break():
    text = dump(para(P1), "", para(P2), "")
    assert blocks(text) == [("paragraph", P1), ("paragraph", P2)]


def test_blank_line_inside_a_word_is_a_column_break():
    lines = para(P1)
    text = dump(lines[:3], "", lines[3:], "", para(P2))
    assert blocks(text) == [("paragraph", P1), ("paragraph", P2)]


def test_column_break_right_after_a_paragraphs_first_line():
    lines = para(P1)
    text = dump(lines[:1], "", lines[1:], "", para(P2))
    assert blocks(text) == [("paragraph", P1), ("paragraph", P2)]


def test_column_break_before_a_paragraphs_last_line():
    lines = para(P1)
    text = dump(lines[:-1], "", lines[-1:], "", para(P2))
    assert blocks(text) == [("paragraph", P1), ("paragraph", P2)]


def test_chunk_starting_with_a_comma_continues_the_paragraph():
    text = dump(["一是区际协调。目前粤港澳三地", "制度不同。"], "", ["，这种差异在很大程度上制约了", "合作机制的推行。"])
    assert blocks(text) == [("paragraph", "一是区际协调。目前粤港澳三地制度不同。，这种差异在很大程度上制约了合作机制的推行。")]


def test_lead_sentence_stays_in_its_paragraph():
    lead = "“区块链+智能制造”快速崛起。"
    text = dump(para(P1), "", [lead] + para(Q1, indent=False))
    assert blocks(text)[1] == ("paragraph", lead + Q1)


def test_reporter_in_a_dateline_stays_in_the_paragraph():
    dateline = "本报北京11月25日讯（记者张晨）" + Q2
    doc = parse_text(dump(para(dateline)))
    assert doc.articles[0].authors == ()
    assert doc.articles[0].blocks[0].text == dateline


@pytest.mark.parametrize("width", [12, 16, 20, 24, 28, 32])
def test_paragraphs_at_every_column_width(width):
    text = dump(para(P1, width), "", para(P2, width)[:2], "", para(P2, width)[2:], "", para(P3, width))
    assert blocks(text) == [("paragraph", P1), ("paragraph", P2), ("paragraph", P3)]


def test_column_width_changing_inside_a_paragraph():
    lines = para(R1, 20)[:2] + wrap(R1[sum(len(l) for l in para(R1, 20)[:2]):], 30, 30)
    text = dump(lines, "", para(R2, 30))
    assert blocks(text) == [("paragraph", R1), ("paragraph", R2)]


def test_articles_that_do_not_indent_their_paragraphs():
    text = dump(para(P1, 18, indent=False), "", "发展瓶颈亟待突破", "", para(P2, 18, indent=False))
    assert blocks(text) == [("paragraph", P1), ("heading", "发展瓶颈亟待突破"), ("paragraph", P2)]


def test_compressed_punctuation_lines_do_not_mislead_the_width():
    lines = wrap(P1 + P2, 16, 14, compress=True)
    assert any(display_width(l) > 16 for l in lines)  # the case under test is present
    text = dump(lines, "", "发展瓶颈亟待突破", "", para(P3))
    assert [t for t, _ in blocks(text)] == ["paragraph", "heading", "paragraph"]


# --- headings --------------------------------------------------------------------------------


def test_short_unpunctuated_line_between_paragraphs_is_a_heading():
    text = dump(para(P1), "", "发展瓶颈亟待突破", "", para(P2))
    assert blocks(text) == [("paragraph", P1), ("heading", "发展瓶颈亟待突破"), ("paragraph", P2)]


def test_heading_wrapped_over_two_lines_keeps_its_inner_space():
    text = dump(para(P1), "", ["以耦合促融合 以", "融合促发展"], "", para(P2))
    assert blocks(text)[1] == ("heading", "以耦合促融合 以融合促发展")


def test_heading_cut_by_a_column_break_is_one_heading():
    text = dump(para(R1, 20), "", "准确把握新时代国际交往中", "", "心建设的新内涵", "", para(R2, 20))
    assert blocks(text) == [("paragraph", R1), ("heading", "准确把握新时代国际交往中心建设的新内涵"), ("paragraph", R2)]


def test_heading_may_end_in_a_question_mark():
    text = dump(para(P1), "", "如何破解发展瓶颈？", "", para(P2))
    assert blocks(text)[1] == ("heading", "如何破解发展瓶颈？")


def test_short_question_and_answer_lines_are_paragraphs():
    text = dump(para(P1), "", "问：瓶颈在哪里？", "", para("答：" + P2))
    assert blocks(text)[1] == ("paragraph", "问：瓶颈在哪里？")


def test_short_paragraph_ending_with_a_colon_is_not_a_heading():
    text = dump(para(P1), "", "具体应从以下方面入手：", "", para(P2))
    assert blocks(text)[1] == ("paragraph", "具体应从以下方面入手：")


def test_a_cut_first_line_that_looks_short_is_not_a_heading():
    lines = para(Q1, 15)
    text = dump(para(P1, 15), "", lines[:1], "", lines[1:])
    assert blocks(text) == [("paragraph", P1), ("paragraph", Q1)]


# --- articles, affiliations, bylines ---------------------------------------------------------------


def test_affiliation_line_ends_an_article():
    text = dump(para(P1), "", para(P2), "", "（作者单位：辽宁大学经济学院）") + " " + "\n".join(para(Q1)) + "\n"
    doc = parse_text(text)
    assert len(doc.articles) == 2
    assert doc.articles[0].affiliation == "辽宁大学经济学院"
    assert doc.articles[1].affiliation is None
    assert [b.text for b in doc.articles[1].blocks] == [Q1]


def test_affiliation_in_traditional_script():
    doc = parse_text(dump(para(P1), "", "（作者單位：香港大學經濟學院）"))
    assert doc.articles[0].affiliation == "香港大學經濟學院"


def test_text_block_starting_after_a_finished_sentence_starts_an_article():
    text = dump(para(P1), "", para(P2)) + "\n " + "\n".join(para(Q1)) + "\n"
    doc = parse_text(text)
    assert [[b.text for b in a.blocks] for a in doc.articles] == [[P1, P2], [Q1]]


@pytest.mark.parametrize(
    "line, names",
    [
        ("□ 谭 啸", ["谭啸"]),
        ("□ 于佳宁 毛晓君", ["于佳宁", "毛晓君"]),
        ("□ 丁 一 马 可", ["丁一", "马可"]),
        ("□\u3000丁\u3000一\u3000于佳宁", ["丁一", "于佳宁"]),
        ("□谭啸", ["谭啸"]),
    ],
)
def test_byline_names_padded_with_spaces(line, names):
    assert parse_authors(line) == names


# --- title blocks ----------------------------------------------------------------------------------

TITLE_P = ["大力推进粤港澳大湾区产业集群——", "", "以耦合促融合 共建国际一流湾区", "□ 谭 啸"]
TITLE_Q = ["区块链赋能制造业深度融合", "——记区块链的应用落地", "□ 于佳宁 毛晓君"]


def _page_p() -> list[str]:
    return para(P1) + [""] + para(P2) + ["", "（作者单位：辽宁大学经济学院）"]


def _page_q() -> list[str]:
    return [" " + para(Q1)[0]] + para(Q1)[1:] + [""] + para(Q2)


def _check_titles(doc):
    p, q = doc.articles
    assert (p.kicker, p.title, p.subtitle, p.authors) == ("大力推进粤港澳大湾区产业集群", "以耦合促融合 共建国际一流湾区", None, ("谭啸",))
    assert (q.kicker, q.title, q.subtitle, q.authors) == (None, "区块链赋能制造业深度融合", "记区块链的应用落地", ("于佳宁", "毛晓君"))
    assert [b.text for b in p.blocks] == [P1, P2] and [b.text for b in q.blocks] == [Q1, Q2]


def test_title_blocks_collected_at_the_end_attach_by_content():
    text = dump(_page_p()) + "\n".join(_page_q() + ["", *TITLE_Q, " " + TITLE_P[0], *TITLE_P[1:]]) + "\n"
    _check_titles(parse_text(text))


def test_title_blocks_at_the_top_of_their_articles():
    text = "\n".join([" " + TITLE_P[0], *TITLE_P[1:], "", " " + "\n".join(_page_p()), " " + TITLE_Q[0], *TITLE_Q[1:], "", *_page_q()]) + "\n"
    _check_titles(parse_text(text))


def test_title_block_right_after_an_affiliation_line():
    text = dump(_page_p()) + "\n".join([" " + TITLE_Q[0], *TITLE_Q[1:], *_page_q(), "", " " + TITLE_P[0], *TITLE_P[1:]]) + "\n"
    _check_titles(parse_text(text))


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_title_blocks_in_every_order(order):
    blocks_ = [
        ["区块链赋能制造业深度融合", "□ 于佳宁"],
        ["大力推进粤港澳大湾区产业集群——", "以耦合促融合 共建国际一流湾区", "□ 谭 啸"],
        ["新时代北京国际交往中心建设", "□ 丁 一 马 可"],
    ]
    body = dump(_page_p()) + "\n".join(_page_q()) + "\n\n " + "\n".join(para(R1, 20) + [""] + para(R2, 20)) + "\n\n"
    tail = "\n\n".join("\n".join(blocks_[i]) for i in order)
    doc = parse_text(body + tail + "\n")
    titles = [a.title for a in doc.articles]
    assert titles == ["以耦合促融合 共建国际一流湾区", "区块链赋能制造业深度融合", "新时代北京国际交往中心建设"]
    assert doc.articles[2].authors == ("丁一", "马可")


def test_article_without_a_title_keeps_none():
    text = dump(_page_p()) + "\n".join(_page_q() + ["", *TITLE_Q]) + "\n"
    doc = parse_text(text)
    assert doc.articles[0].title is None and doc.articles[0].authors == ()
    assert doc.articles[1].title == "区块链赋能制造业深度融合"


def test_lone_title_line_at_the_top_of_the_page():
    text = "区块链赋能制造业深度融合\n\n" + dump(para(Q1), "", para(Q2))
    doc = parse_text(text)
    assert len(doc.articles) == 1
    assert doc.articles[0].title == "区块链赋能制造业深度融合"
    assert [b.text for b in doc.articles[0].blocks] == [Q1, Q2]


def test_lone_title_line_at_the_end_of_the_page():
    text = dump(para(Q1), "", para(Q2), "", "区块链赋能制造业深度融合")
    doc = parse_text(text)
    assert doc.articles[0].title == "区块链赋能制造业深度融合"
    assert len(doc.articles[0].blocks) == 2


def test_kicker_and_subtitle_are_stored_without_their_dashes():
    text = dump(para(Q1), "", "", "制造业转型的新引擎——", "区块链赋能制造业深度融合", "——记区块链的应用落地")
    article = parse_text(text).articles[0]
    assert (article.kicker, article.title, article.subtitle) == ("制造业转型的新引擎", "区块链赋能制造业深度融合", "记区块链的应用落地")


# --- input shapes ------------------------------------------------------------------------------------


def test_tabs_and_ideographic_spaces_are_whitespace():
    text = "\t" + "\n".join(para(P1)) + "\n\u3000\n" + "\n".join(para(P2)) + "\n"
    assert blocks(text) == [("paragraph", P1), ("paragraph", P2)]


def test_empty_and_blank_input_gives_no_articles():
    assert parse_text("").articles == ()
    assert parse_text(" \n\u3000\n\t\n").articles == ()


def test_content_not_position_decides_the_attachment():
    # Both title blocks stand before the first article, the second article's first.
    text = "\n".join([*TITLE_Q, "", " " + TITLE_P[0], *TITLE_P[1:], ""]) + "\n" + dump(_page_p()) + "\n".join(_page_q()) + "\n"
    _check_titles(parse_text(text))


def test_title_block_next_to_the_wrong_article_still_finds_its_own():
    text = "\n".join([*TITLE_Q, ""]) + "\n" + dump(_page_p()) + "\n".join(_page_q()) + "\n"
    doc = parse_text(text)
    assert doc.articles[0].title is None
    assert doc.articles[1].title == "区块链赋能制造业深度融合"


def test_lone_title_wider_than_the_column_at_the_top():
    title = "区块链赋能数字经济与实体经济深度融合"
    text = title + "\n\n" + "\n".join(para(Q1, 12, indent=False)) + "\n\n" + "\n".join(para(Q2, 12, indent=False)) + "\n"
    doc = parse_text(text)
    assert doc.articles[0].title == title
    assert [b.text for b in doc.articles[0].blocks] == [Q1, Q2]


def test_several_lone_titles_collected_at_the_end():
    text = dump(_page_p()) + "\n".join(_page_q()) + "\n\n区块链赋能制造业深度融合\n\n以耦合促融合 共建国际一流湾区\n"
    doc = parse_text(text)
    assert [a.title for a in doc.articles] == ["以耦合促融合 共建国际一流湾区", "区块链赋能制造业深度融合"]
    assert [len(a.blocks) for a in doc.articles] == [2, 2]


@pytest.mark.parametrize("heading", ["一、加快提升粤港澳协同发展能力", "（二）推进产业集群耦合发展", "3.健全产业集群耦合体系"])
def test_numbered_heading_nearly_as_wide_as_the_column(heading):
    # Unindented paragraphs and a heading 3 ems short of the column: the band where only
    # its punctuation could tell it from a cut first line.
    width = int(display_width(heading)) + 3
    text = dump(para(P1, width, indent=False), "", heading, "", para(P2, width, indent=False))
    assert blocks(text) == [("paragraph", P1), ("heading", heading), ("paragraph", P2)]


def test_attachment_maximises_the_total_not_each_block_in_turn():
    # X fits A best but B nearly as well; Y fits only A. Greedy alone gives X→A and strands Y.
    from convert.parse.chunks import Chunk
    from convert.parse.frontmatter import attach_titles, lone_title
    from convert.parse.lines import split_lines

    def block(text: str, line: int):
        return lone_title(Chunk([split_lines("\n" * (line - 1) + text)[-1]], 1), "test")

    x, y = block("甲乙丙丁戊己庚辛壬", 30), block("壬癸子丑寅卯", 32)
    found = attach_titles([x, y], ["甲乙丙丁戊己庚辛壬癸子丑寅卯", "甲乙丙丁戊己庚辛天地玄黄宇宙"], [10, 20])
    assert [a.article for a in found] == [1, 0]


def test_paragraphs_indented_with_ideographic_spaces_and_no_blank_lines():
    def indented(text: str) -> list[str]:
        lines = para(text)
        return ["\u3000\u3000" + lines[0]] + lines[1:]

    text = "\n".join(
        indented(P1) + indented(P2) + ["", "发展瓶颈亟待突破", ""] + indented(P3)
        + ["（作者单位：辽宁大学经济学院）"] + indented(Q1) + indented(Q2)
    ) + "\n"
    doc = parse_text(text)
    assert [[(b.type, b.text) for b in a.blocks] for a in doc.articles] == [
        [("paragraph", P1), ("paragraph", P2), ("heading", "发展瓶颈亟待突破"), ("paragraph", P3)],
        [("paragraph", Q1), ("paragraph", Q2)],
    ]
    assert doc.articles[0].affiliation == "辽宁大学经济学院"
