"""Bytes → text: byte-order marks, encoding detection with a strict check, line ends.

Detection order, cheapest and surest first: a BOM decides; then strict UTF-8 (which
almost never decodes other encodings by accident); then the Chinese legacy
encodings GB18030 and Big5, ranked by charset-normalizer and confirmed by a strict
decode. Binary input (NUL bytes, control characters) is refused with one line.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LEGACY = ("gb18030", "big5")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes, encoding: str | None = None, *, name: str = "input") -> str:
    """Decode ``data`` to text with ``\\n`` line ends; raise InputError if it is not text."""
    if encoding:
        text = _decode_as(data, encoding, name)
    else:
        text = _decode_detected(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _refuse_binary(text, name)
    return text


def _decode_as(data: bytes, encoding: str, name: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from None
    for bom, _ in _BOMS:
        if data.startswith(bom) and encoding.lower().replace("_", "-").startswith(("utf-8", "utf8")):
            data = data[len(bom):]
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid {encoding} (byte {exc.start})") from None
    return text.lstrip("\ufeff")


def _decode_detected(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (NUL bytes), not a text dump")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in _rank_legacy(data):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name}: cannot decode as UTF-8, GB18030 or Big5; pass --encoding")


def _rank_legacy(data: bytes) -> list[str]:
    """Order the legacy encodings by how much the decoded text looks like Chinese prose."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_LEGACY), explain=False).best()
    guessed = best.encoding.replace("_", "") if best else None
    scored = sorted(_LEGACY, key=lambda enc: -_plausibility(data, enc))
    # charset-normalizer wins ties; our score decides when it found nothing or both decode.
    if guessed in _LEGACY and _plausibility(data, guessed) >= _plausibility(data, scored[0]):
        scored.remove(guessed)
        scored.insert(0, guessed)
    return scored


def _plausibility(data: bytes, encoding: str) -> float:
    """Share of decoded characters that are common CJK, punctuation or ASCII."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return -1.0
    if not text:
        return 0.0
    good = 0
    for ch in text:
        code = ord(ch)
        if code < 0x80 or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2010 <= code <= 0x2027:
            good += 1
        elif 0x4E00 <= code <= 0x9FFF and unicodedata.name(ch, ""):
            good += 1
    return good / len(text)


def _refuse_binary(text: str, name: str) -> None:
    if not text:
        return
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise InputError(f"{name}: binary file (control bytes), not a text dump")
