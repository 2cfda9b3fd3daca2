"""Bytes → text: BOMs, detection of GB18030 and Big5, line ends, and refusing binary input."""

from __future__ import annotations

import codecs

import pytest

from convert.decode import decode
from convert.errors import InputError

SIMPLIFIED = "近年来，作为我国区域经济发展的高地，粤港澳大湾区迅速发展。\n发展瓶颈亟待突破\n"
TRADITIONAL = "近年來，作為我國區域經濟發展的高地，粵港澳大灣區迅速發展。\n發展瓶頸亟待突破\n"


@pytest.mark.parametrize(
    "data",
    [
        SIMPLIFIED.encode("utf-8"),
        codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"),
        codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"),
        SIMPLIFIED.encode("gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "gb18030"],
)
def test_simplified_text_in_every_supported_encoding(data):
    assert decode(data) == SIMPLIFIED


def test_big5_is_detected():
    assert decode(TRADITIONAL.encode("big5")) == TRADITIONAL


def test_gb18030_short_text_is_detected():
    assert decode("发展瓶颈亟待突破".encode("gb18030")) == "发展瓶颈亟待突破"


def test_encoding_override_wins():
    assert decode(TRADITIONAL.encode("big5"), "big5") == TRADITIONAL


def test_unknown_or_wrong_override_is_a_one_line_error():
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"abc", "no-such-codec")
    with pytest.raises(InputError, match="not valid utf-8"):
        decode(SIMPLIFIED.encode("gb18030"), "utf-8")


@pytest.mark.parametrize("ends", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends_become_newlines(ends):
    assert decode(SIMPLIFIED.replace("\n", ends).encode("utf-8")) == SIMPLIFIED


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 4, b"\x00\x01\x02\x03" * 100],
    ids=["png", "all-bytes", "control"],
)
def test_binary_input_is_refused_in_one_line(data):
    with pytest.raises(InputError) as info:
        decode(data, name="x.txt")
    assert "\n" not in str(info.value) and str(info.value).startswith("x.txt:")
