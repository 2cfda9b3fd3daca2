"""The bundled fonts cover GB 2312 (SC), Big5 and HKSCS (TC), and keep vertical forms.

The character sets come from Python's own codec tables, not from the build script.
"""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from convert import fonts


def decodable(codec: str, leads: range, trails) -> set[str]:
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1 and not 0xE000 <= ord(text) <= 0xF8FF:
                chars.add(text)
    return chars


TRAILS = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
GB2312 = decodable("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
BIG5 = decodable("big5", range(0xA1, 0xFA), TRAILS)
HKSCS = decodable("big5hkscs", range(0x81, 0xFF), TRAILS) - BIG5
PUNCTUATION = set("，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕…—～·・﹁﹂︐︑︒")
LATIN = {chr(c) for c in range(0x21, 0x7F)} | set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü")


def test_charsets_are_what_they_claim():
    assert len(GB2312) > 7400 and "啊" in GB2312 and "國" not in GB2312
    assert len(BIG5) > 13000 and "國" in BIG5
    assert "\U00020000" not in BIG5 and any(ord(c) > 0xFFFF for c in HKSCS)


@pytest.mark.parametrize("role", fonts.ROLES)
def test_simplified_faces_cover_gb2312_punctuation_and_latin(role):
    face = fonts.resolve_chain(role, "Hans")[0]
    assert face.path.name.split("-")[1] == "SC"
    assert face.missing(GB2312 | PUNCTUATION | LATIN) == set()


# Big5/HKSCS symbols Noto CJK 2.001/2.004 has no glyph for (IPA letters, a few marks);
# a system font may supply them, otherwise they are reported.
NOTO_LACKS = set("ŋɐɔɛɪɵʃʊˆˍ‾∼≒")


@pytest.mark.parametrize("role", fonts.ROLES)
def test_traditional_faces_cover_big5_hkscs_punctuation_and_latin(role):
    face = fonts.resolve_chain(role, "Hant-HK")[0]
    assert face.path.name.split("-")[1] == "TC"
    assert face.missing(BIG5 | HKSCS | PUNCTUATION | LATIN) <= NOTO_LACKS


@pytest.mark.parametrize("role", fonts.ROLES)
def test_vertical_substitutions_are_kept(role):
    with TTFont(str(fonts.resolve_chain(role, "Hans")[0].path)) as font:
        gsub = font["GSUB"].table
        tags = {record.FeatureTag for record in gsub.FeatureList.FeatureRecord}
        assert {"vert", "vrt2"} <= tags
        cmap = font.getBestCmap()
        vert = {}
        for record in gsub.FeatureList.FeatureRecord:
            if record.FeatureTag == "vert":
                for index in record.Feature.LookupListIndex:
                    for sub in gsub.LookupList.Lookup[index].SubTable:
                        vert.update(getattr(sub, "mapping", {}))
        # Brackets and ellipsis turn in vertical text; SC's corner-sitting ，。 move to the
        # upper right (TC centres them, so it needs no alternate).
        for char in "「」『』（）《》〈〉【】…～，。、":
            assert cmap[ord(char)] in vert, char


@pytest.mark.parametrize("variant, script", [("hk", "Hant-HK"), ("tw", "Hant-TW"), ("twp", "Hant-TW"), ("t", "Hant-TW")])
def test_the_traditional_body_face_sets_every_character_of_the_converted_gold(gold_document, variant, script):
    """OpenCC keeps some simplified-looking forms for Hong Kong (税, where Taiwan writes 稅):
    the TC face must have them, or they would be set in the SC face's glyphs."""
    from convert.transform import variant as convert

    text = convert(gold_document, variant).characters()
    face = fonts.resolve_chain("body", script)[0]
    assert face.path.name.split("-")[1] == "TC"
    assert len(set(text)) > 500 and face.missing(text) == set()


def test_traditional_faces_have_every_form_opencc_gives_for_gb2312():
    import opencc

    ordered = sorted(GB2312)
    forms = set()
    for config in ("s2t", "s2tw", "s2twp", "s2hk"):
        forms.update(opencc.OpenCC(config).convert("\n".join(ordered)).split("\n"))
    assert "税" in forms
    for role in fonts.ROLES:
        assert fonts.resolve_chain(role, "Hant-HK")[0].missing(forms) <= NOTO_LACKS, role
