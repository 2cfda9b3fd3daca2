"""Invariants of the parser, checked by hypothesis over generated dumps and arbitrary text.

- Conservation: every non-whitespace character of the source articles comes back,
  as many times as it went in, whatever structure the parser infers; rendering only
  adds markup (□, the affiliation wrapper, title dashes), which the parser consumes.
- Nothing invented and no crash on arbitrary text; what is lost is markup only.
- Each block's text is exactly its source lines' characters, in order.
- The JSON form round-trips.
"""

from __future__ import annotations

import random
import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert import parse_text
from convert.model import document_from_json, document_to_json, dumps, loads
from dumpgen import HEADINGS, PLACES, SENTENCES, GenArticle, Layout, render_page

_WS = re.compile(r"\s+")
MARKUP = set("□■（(作者分别单單位：:）)—")

cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
punct = st.sampled_from(list("，、；：“”《》（）"))
latin = st.sampled_from(["5G", "2025年", "3.5%", "AI", "open source", "Web 3.0"])
sentence = st.one_of(
    st.sampled_from(SENTENCES),
    st.builds(lambda a, b: a + b, st.lists(st.one_of(cjk, punct, latin), min_size=4, max_size=40).map("".join), st.sampled_from("。！？")),
)
paragraph = st.lists(sentence, min_size=1, max_size=4).map("".join)
name = st.text(cjk, min_size=2, max_size=3)
short = st.text(cjk, min_size=4, max_size=14)


@st.composite
def articles(draw):
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        if blocks and blocks[-1][0] == "paragraph" and draw(st.booleans()) and draw(st.booleans()):
            blocks.append(("heading", draw(st.sampled_from(HEADINGS))))
        else:
            blocks.append(("paragraph", draw(paragraph)))
    if blocks[-1][0] == "heading":
        blocks.append(("paragraph", draw(paragraph)))
    article = GenArticle(blocks)
    if draw(st.booleans()):
        article.title = draw(short)
        article.kicker = draw(st.none() | short)
        article.subtitle = draw(st.none() | short)
        article.authors = draw(st.lists(name, max_size=3))
    article.affiliation = draw(st.none() | st.sampled_from(PLACES))
    return article


layouts = st.builds(
    Layout,
    width=st.integers(12, 32),
    indent=st.booleans(),
    compress=st.booleans(),
    column_breaks=st.sampled_from([0.0, 0.1, 0.3]),
    width_change=st.booleans(),
    titles=st.sampled_from(["end", "top", "after-affiliation"]),
)


def _chars(texts) -> Counter:
    return Counter(_WS.sub("", "".join(t for t in texts if t)))


def _source_chars(items: list[GenArticle]) -> Counter:
    texts = []
    for a in items:
        texts += [a.kicker, a.title, a.subtitle, a.affiliation, *a.authors, *(t for _, t in a.blocks)]
    return _chars(texts)


def _output_chars(doc) -> Counter:
    texts = []
    for a in doc.articles:
        texts += [a.kicker, a.title, a.subtitle, a.affiliation, *a.authors, *(b.text for b in a.blocks)]
    return _chars(texts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(articles(), min_size=1, max_size=4), layouts, st.integers(0, 2**16))
def test_no_character_is_lost_or_invented(items, layout, seed):
    text = render_page(items, layout, random.Random(seed))
    assert _output_chars(parse_text(text)) == _source_chars(items)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(articles(), min_size=1, max_size=3), layouts, st.integers(0, 2**16))
def test_each_block_is_its_source_lines_in_order(items, layout, seed):
    text = render_page(items, layout, random.Random(seed))
    lines = text.split("\n")
    for article in parse_text(text).articles:
        for block in article.blocks:
            source = "".join(lines[block.span.start - 1 : block.span.end])
            assert _WS.sub("", block.text) == _WS.sub("", source)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_arbitrary_text_never_crashes_and_loses_only_markup(text):
    doc = parse_text(text)
    produced = _output_chars(doc)
    given_ = _chars([text])
    assert not produced - given_, "characters were invented"
    assert set((given_ - produced).keys()) <= MARKUP


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["", " ", "□ 谭 啸", "（作者单位：某某大学）", "发展瓶颈亟待突破", "大力推进——", "——副题"]), sentence), max_size=30))
def test_line_soup_of_real_shapes_never_crashes(lines):
    doc = parse_text("\n".join(lines))
    assert not _output_chars(doc) - _chars(lines)


@settings(max_examples=100, deadline=None)
@given(st.lists(articles(), min_size=1, max_size=3), layouts, st.integers(0, 2**16))
def test_json_round_trip(items, layout, seed):
    doc = parse_text(render_page(items, layout, random.Random(seed)))
    assert loads(dumps(doc)) == doc
    assert document_from_json(document_to_json(doc)) == doc
