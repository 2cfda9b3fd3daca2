"""Chinese variants through OpenCC: known conversions in context, every field, tags, quotes,
phrase files, traditional input, and the cn → hk → cn round trip of the gold text."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert import parse_text
from convert.cli import main
from convert.errors import UsageError
from convert.model import Article, Block, Document, Span
from convert.pipeline import convert_variant
from convert.transform import variant
from convert.transform import variants as variants_module
from convert.transform.phrases import PhraseTable, load_phrases, parse_phrases
from convert.transform.variants import VARIANTS, convert_text, converter, detect_source

CORNER = frozenset("「」『』")
CURLY = frozenset("“”‘’")

# --- known conversions in context -------------------------------------------------


@pytest.mark.parametrize(
    ("target", "simplified", "expected"),
    [
        ("hk", "产业集群和城市群", "產業集羣和城市羣"),
        ("twp", "信息安全", "資訊安全"),
        ("twp", "产业集群", "產業叢集"),
        ("tw", "信息安全", "信息安全"),  # tw converts characters only, not phrases
        ("t", "他的头发", "他的頭髮"),
        ("hk", "他的头发", "他的頭髮"),
        ("tw", "他的头发", "他的頭髮"),
        ("mo", "他说", "他説"),  # Macao follows the Hong Kong standard forms
        ("hk", "他说", "他説"),
        ("tw", "他说", "他說"),
    ],
)
def test_known_conversions_in_context(target, simplified, expected):
    assert convert_text(simplified, target, source="cn") == expected


def _column(*lines: str) -> str:
    """A raw dump paragraph: full-width lines of one column, a short last line."""
    widths = {len(line) for line in lines[:-1]}
    assert len(widths) == 1 and len(lines[-1]) < widths.pop()
    return "\n".join(lines)


# Two paragraphs whose lines break 头|发 and 信|息 (checked below).
RAW_DUMP = (
    _column("老师傅站在店门口，风吹乱了他的头", "发。他说这些年来，小店一直没有涨", "价，熟客都记在本子上。")
    + "\n\n"
    + _column("如今年轻人更习惯用手机查询各种信", "息，再也不翻那本旧账簿了。")
    + "\n"
)


def test_phrases_the_dump_broke_across_lines_convert_as_phrases():
    # Converting raw lines would split the phrases (头 / 发 → 頭 / 發): the test can fail.
    line_by_line = "".join(converter("s2twp")(line) for line in RAW_DUMP.splitlines())
    assert "頭發" in line_by_line and "信息" in line_by_line
    document = parse_text(RAW_DUMP)
    hk = variant(document, "hk").characters()
    assert "頭髮" in hk and "頭發" not in hk
    twp = variant(document, "twp").characters()
    assert "頭髮" in twp and "資訊" in twp and "信息" not in twp


# --- every field, language tags, quotes ---------------------------------------------------

FIELD_TEXT = "头发“干净”"


def _every_field_document() -> Document:
    t = FIELD_TEXT
    article = Article(
        blocks=(Block("heading", "小标题" + t, Span(5, 5)), Block("paragraph", "段落" + t, Span(6, 9))),
        kicker="引题" + t,
        title="标题" + t,
        subtitle="副题" + t,
        authors=("作者" + t, "记者" + t),
        affiliation="单位" + t,
        span=Span(1, 9),
        page="p1",
    )
    return Document(articles=(article, Article(blocks=(Block("paragraph", t),))), title="书名" + t, authors=("编者" + t,))


def _fields(document: Document) -> list[str]:
    out = [document.title, *document.authors]
    for article in document.articles:
        out += [article.kicker, article.title, article.subtitle, *article.authors, article.affiliation]
        out += [block.text for block in article.blocks]
    return [value for value in out if value is not None]


@pytest.mark.parametrize("target", ["t", "hk", "mo", "tw", "twp"])
def test_every_text_field_converts(target):
    document = _every_field_document()
    converted = variant(document, target)
    config = {"t": "s2t", "hk": "s2hk", "mo": "s2hk", "tw": "s2tw", "twp": "s2twp"}[target]
    fields = _fields(converted)
    assert len(fields) == len(_fields(document)) == 11
    for before, after in zip(_fields(document), fields):
        expected = converter(config)(before)
        if VARIANTS[target].corner_quotes:
            expected = expected.replace("“", "「").replace("”", "」")
        assert after == expected
        assert "頭髮" in after
    # Structure and spans are untouched.
    assert [b.type for b in converted.articles[0].blocks] == ["heading", "paragraph"]
    assert converted.articles[0].blocks[1].span == Span(6, 9)
    assert converted.articles[0].span == Span(1, 9) and converted.articles[0].page == "p1"


@pytest.mark.parametrize(
    ("target", "lang"),
    [("cn", "zh-Hans"), ("t", "zh-Hant"), ("hk", "zh-Hant-HK"), ("mo", "zh-Hant-MO"), ("tw", "zh-Hant-TW"), ("twp", "zh-Hant-TW")],
)
def test_language_tag_follows_the_variant(gold_document, target, lang):
    assert variant(gold_document, target).lang == lang


@pytest.mark.parametrize("target", ["hk", "mo", "tw", "twp"])
def test_regional_variants_use_corner_brackets(gold_document, target):
    text = variant(gold_document, target).characters()
    assert gold_document.characters().count("“") > 0
    assert not set(text) & CURLY
    assert text.count("「") == gold_document.characters().count("“")


def test_keep_quotes_and_standard_traditional_leave_curly_quotes(gold_document):
    for converted in (variant(gold_document, "hk", keep_quotes=True), variant(gold_document, "t")):
        text = converted.characters()
        assert not set(text) & CORNER
        assert text.count("“") == gold_document.characters().count("“")


def test_nested_quotes_convert_in_a_document():
    document = Document(articles=(Article(blocks=(Block("paragraph", "他说：“我听见她说‘信息’了。”"),)),))
    assert variant(document, "twp").articles[0].blocks[0].text == "他說：「我聽見她說『資訊』了。」"


def test_cn_on_simplified_input_is_the_identity(gold_document):
    assert variant(gold_document, "cn") is gold_document
    assert convert_variant(gold_document, "cn") is gold_document


def test_several_variants_from_one_parse_leave_the_parse_alone(gold_document):
    before = gold_document.characters()
    outputs = {name: variant(gold_document, name) for name in VARIANTS}
    assert gold_document.characters() == before and gold_document.lang == "zh-Hans"
    assert len({doc.characters() for doc in outputs.values()}) == 5  # mo and hk share their text


# --- traditional input ----------------------------------------------------------------------


@pytest.mark.parametrize(("config", "detected"), [("s2t", "t"), ("s2hk", "hk"), ("s2tw", "tw"), ("s2twp", "tw")])
def test_traditional_input_is_detected(gold_document, config, detected):
    text = converter(config)(gold_document.characters())
    assert detect_source(text) == detected


def test_simplified_and_empty_input_are_detected_as_cn(gold_document):
    assert detect_source(gold_document.characters()) == "cn"
    assert detect_source("") == "cn"
    assert detect_source("ABC 123") == "cn"


def _as_parsed(document: Document) -> Document:
    """What the parser would return for this text: it tags everything zh-Hans."""
    return replace(document, lang="zh-Hans")


@pytest.mark.parametrize(("target", "back"), [("t", "t2s"), ("hk", "hk2s"), ("tw", "tw2s")])
def test_cn_on_traditional_input_converts_back_as_detected(gold_document, target, back):
    traditional = _as_parsed(variant(gold_document, target))
    simplified = variant(traditional, "cn")
    assert simplified.lang == "zh-Hans"
    for before, after in zip(_fields(traditional), _fields(simplified)):
        expected = converter(back)(before).replace("「", "“").replace("」", "”")
        assert after == expected


def test_source_variant_overrides_detection():
    # 資訊 only turns back into 信息 with Taiwan phrase conversion (tw2sp).
    document = Document(articles=(Article(blocks=(Block("paragraph", "資訊安全很重要。"),)),))
    assert variant(document, "cn").articles[0].blocks[0].text == "资讯安全很重要。"
    assert variant(document, "cn", source="twp").articles[0].blocks[0].text == "信息安全很重要。"


def test_traditional_to_another_traditional_goes_through_opencc_standard(gold_document):
    hk = variant(gold_document, "hk")
    tw_from_hk = variant(_as_parsed(hk), "tw")
    assert tw_from_hk.characters() == variant(gold_document, "tw").characters()
    assert tw_from_hk.lang == "zh-Hant-TW"


@pytest.mark.parametrize("source", ["t", "hk", "mo"])
def test_twp_from_traditional_input_still_converts_phrases(gold_document, source):
    traditional = _as_parsed(variant(gold_document, source))
    assert variant(traditional, "twp").characters() == variant(gold_document, "twp").characters()


@pytest.mark.parametrize("source", sorted(VARIANTS))
@pytest.mark.parametrize("target", sorted(VARIANTS))
def test_every_source_reaches_every_target(gold_document, source, target):
    text = variant(variant(gold_document, source), target, source=source)
    assert text.lang == VARIANTS[target].lang
    expected = "cn" if target == "cn" else VARIANTS[target].region
    assert detect_source(text.characters()) == expected


def test_round_trip_cn_hk_cn_differs_only_where_opencc_differs(gold_document):
    s2hk, hk2s = converter("s2hk"), converter("hk2s")
    back = variant(_as_parsed(variant(gold_document, "hk")), "cn")
    ours_differ = opencc_differ = 0
    for original, result in zip(_fields(gold_document), _fields(back)):
        opencc_round_trip = hk2s(s2hk(original))
        assert len(result) == len(original) == len(opencc_round_trip)
        for i, (a, b, c) in enumerate(zip(original, result, opencc_round_trip)):
            if a != b:
                ours_differ += 1
                assert a != c, f"{original[max(0, i - 5):i + 5]!r}: differs at {i} where OpenCC's round trip does not"
            opencc_differ += a != c
    assert ours_differ <= opencc_differ
    print(f"\ncn→hk→cn: {ours_differ} characters differ (OpenCC's own round trip: {opencc_differ})")


# --- phrase files -----------------------------------------------------------------------------


def test_phrase_file_overrides_opencc(tmp_path):
    path = tmp_path / "phrases.txt"
    path.write_text("# publisher's terms\n信息\t信息\n\n粤港澳大湾区\t粤港澳大灣區\n谭啸\n", encoding="utf-8")
    table = load_phrases(path)
    assert len(table) == 3
    document = Document(articles=(Article(title="谭啸谈信息", blocks=(Block("paragraph", "粤港澳大湾区的信息产业"),)),))
    converted = variant(document, "twp", phrases=table)
    assert converted.articles[0].title == "谭啸談信息"
    assert converted.articles[0].blocks[0].text == "粤港澳大灣區的信息產業"
    # Without the file OpenCC has its way.
    plain = variant(document, "twp")
    assert plain.articles[0].title == "譚嘯談資訊"


def test_longest_phrase_wins():
    table = PhraseTable({"粤港": "甲", "粤港澳": "乙", "港澳大湾区": "丙"})
    assert convert_text("粤港澳大湾区", "hk", source="cn", phrases=table) == "乙大灣區"


def test_phrases_accept_a_path_a_mapping_or_a_word_list(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("头发\t头发\n", encoding="utf-8")
    for phrases in (path, str(path), {"头发": "头发"}, ["头发"]):
        assert convert_text("剪头发", "hk", source="cn", phrases=phrases) == "剪头发"


def test_text_with_private_use_characters_survives_protection():
    text = "\ue000信息\ue001"
    assert convert_text(text, "twp", source="cn", phrases=["信息"]) == text


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"a\tb\tc\n", ":1: expected"), (b"\xff\xfe\x00", "not UTF-8"), (b"ok\n\tx\n", ":2: expected")],
)
def test_bad_phrase_files_are_one_line_usage_errors(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(UsageError, match=message) as info:
        load_phrases(path)
    assert "\n" not in str(info.value)
    with pytest.raises(UsageError, match="not found"):
        load_phrases(tmp_path / "missing.txt")


def test_phrase_file_lines_tolerate_bom_crlf_and_empty_target():
    table = parse_phrases("\ufeff# c\r\n信息\t\r\n头发\t頭髮\r\n")
    assert dict(table.entries) == {"信息": "信息", "头发": "頭髮"}


# --- errors, caching, OpenCC config names ------------------------------------------------------


def test_unknown_variant_is_a_one_line_usage_error(gold_document):
    with pytest.raises(UsageError, match=r"unknown variant 'xx' \(choose from cn, t, hk, mo, tw, twp\)"):
        variant(gold_document, "xx")
    with pytest.raises(UsageError, match="unknown source variant"):
        variant(gold_document, "hk", source="big5")


def test_cli_refuses_bad_variant_and_phrase_file_before_reading(tmp_path, capsys):
    missing_input = str(tmp_path / "nothing.txt")
    assert main(["build", missing_input, "--variant", "hk,xx", "--out", str(tmp_path)]) == 2
    assert main(["build", missing_input, "--variant", "hk", "--phrases", str(tmp_path / "none.txt")]) == 2
    assert main(["build", missing_input, "--source-variant", "kr"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("huozi: error: ") for line in lines)
    assert list(tmp_path.iterdir()) == []


def test_converters_are_built_once_per_process(gold_document, monkeypatch):
    import opencc

    variant(gold_document, "hk")
    built = []
    real = opencc.OpenCC
    monkeypatch.setattr(opencc, "OpenCC", lambda *a, **k: built.append(a) or real(*a, **k))
    for _ in range(3):
        variant(gold_document, "hk")
        variant(_as_parsed(variant(gold_document, "hk")), "cn")
    assert built == []
    assert converter("s2hk").__self__ is converter("s2hk").__self__


@pytest.mark.parametrize("accepted", [".json", ""])
def test_opencc_config_names_with_or_without_json(monkeypatch, accepted):
    import opencc

    real = opencc.OpenCC
    tried = []

    def picky(name, *args, **kwargs):
        tried.append(name)
        if not name.endswith(".json") if accepted else name.endswith(".json"):
            raise RuntimeError(f"{name} not found")
        return real(name if name.endswith(".json") else f"{name}.json")

    monkeypatch.setattr(opencc, "OpenCC", picky)
    assert variants_module._build("s2hk").convert("头发") == "頭髮"
    assert tried[-1] == ("s2hk.json" if accepted else "s2hk")


def test_missing_opencc_config_is_a_usage_error():
    with pytest.raises(UsageError, match="no usable configuration"):
        variants_module._build("s2xx")


# --- properties ---------------------------------------------------------------------------

_HANZI = st.text(alphabet=st.sampled_from(list("头发干净信息集群说话里面后来台风面条了的是，。 a")), max_size=30)
# Balanced quotes only: requoting crossed or unbalanced marks is not idempotent (test_punctuation).
_QUOTED = st.tuples(_HANZI, _HANZI).map(lambda p: f"{p[0]}“{p[1]}‘{p[0]}’”")


@settings(max_examples=60, deadline=None)
@given(st.one_of(_HANZI, _QUOTED), st.sampled_from(sorted(VARIANTS)))
def test_converting_twice_to_the_same_variant_changes_nothing(text, target):
    document = Document(articles=(Article(title=text or None, blocks=(Block("paragraph", text),)),))
    once = variant(document, target, source="cn")
    assert variant(once, target) == once


@settings(max_examples=60, deadline=None)
@given(_HANZI, st.sampled_from(sorted(VARIANTS)))
def test_conversion_never_crashes_and_keeps_length_outside_phrases(text, target):
    out = convert_text(text, target, source="cn")
    if target != "twp":  # only phrase conversion changes lengths (信息 → 資訊 keeps it, 云计算 → 雲端計算 not)
        assert len(out) == len(text)


@settings(max_examples=100, deadline=None)
@given(_HANZI, st.lists(st.text(alphabet="头发信息集群\ue000", min_size=1, max_size=3), max_size=5))
def test_protected_words_survive_conversion_and_the_rest_converts(text, words):
    table = PhraseTable({w: w for w in words})
    protected, restore = table.protect(text)
    assert restore(protected) == text
    out = convert_text(text, "hk", source="cn", phrases=table)
    for start, end in table.matches(text):  # lengths are kept by s2hk, so positions line up
        assert out[start:end] == text[start:end]
    assert len(out) == len(text)
