"""Chinese variants via OpenCC: cn, t, hk, mo, tw, twp — a ``Document -> Document`` transform.

Conversion runs on the parsed document's whole text fields (paragraphs after reflow), so a
phrase the page dump broke across lines converts as a phrase (OpenCC: 头发 → 頭髮, but
头\\n发 → 頭\\n發). Every text field converts, and ``Document.lang`` follows the variant; the
exporters derive PDF /Lang, EPUB dc:language, DOCX w:lang and the font script from it.

Traditional input is detected (``detect_source``) and converted through OpenCC's own
traditional-to-X configurations, never by round-tripping through simplified when it can be
avoided (that loses distinctions such as 乾/幹).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Callable

from ..errors import UsageError
from ..model import Article, Block, Document
from .phrases import PhraseTable, as_phrase_table
from .punctuation import to_corner, to_curly


@dataclass(frozen=True)
class Variant:
    name: str
    lang: str  # BCP 47 tag stored on the Document
    corner_quotes: bool  # local practice: 「」『』 rather than “”‘’
    traditional: bool
    region: str  # which traditional standard: "t" (OpenCC), "hk", "tw"; "cn" for simplified


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant("cn", "zh-Hans", False, False, "cn"),
        Variant("t", "zh-Hant", False, True, "t"),
        Variant("hk", "zh-Hant-HK", True, True, "hk"),
        # OpenCC has no Macao configuration: Macao follows the Hong Kong standard forms.
        Variant("mo", "zh-Hant-MO", True, True, "hk"),
        Variant("tw", "zh-Hant-TW", True, True, "tw"),
        Variant("twp", "zh-Hant-TW", True, True, "tw"),
    )
}
DEFAULT = "cn"

# OpenCC configuration chains: (source, target) → configs applied in order. Traditional → other
# traditional goes through OpenCC standard traditional (X2t then t2Y). OpenCC has no t2twp and
# its Taiwan phrase table only segments well after s2t (a hand-made t2twp config turns 推進制度
# into 推進位制度), so t/hk → twp goes through simplified: X2s then s2twp.
_CHAINS: dict[tuple[str, str], tuple[str, ...]] = {
    ("cn", "cn"): (),
    ("cn", "t"): ("s2t",),
    ("cn", "hk"): ("s2hk",),
    ("cn", "mo"): ("s2hk",),
    ("cn", "tw"): ("s2tw",),
    ("cn", "twp"): ("s2twp",),
}
_TO_STANDARD = {"t": (), "hk": ("hk2t",), "mo": ("hk2t",), "tw": ("tw2t",), "twp": ("tw2t",)}
_TO_SIMPLIFIED = {"t": ("t2s",), "hk": ("hk2s",), "mo": ("hk2s",), "tw": ("tw2s",), "twp": ("tw2sp",)}
_FROM_STANDARD = {"t": (), "hk": ("t2hk",), "mo": ("t2hk",), "tw": ("t2tw",)}
for _src in _TO_STANDARD:
    _CHAINS[(_src, "cn")] = _TO_SIMPLIFIED[_src]
    for _dst in _FROM_STANDARD:
        same = VARIANTS[_src].region == VARIANTS[_dst].region
        _CHAINS[(_src, _dst)] = () if same else _TO_STANDARD[_src] + _FROM_STANDARD[_dst]
    # Taiwan text already has Taiwan phrases; others need them (see above).
    _CHAINS[(_src, "twp")] = () if VARIANTS[_src].region == "tw" else _TO_SIMPLIFIED[_src] + ("s2twp",)


def check_variant(name: str, *, what: str = "variant") -> Variant:
    try:
        return VARIANTS[name]
    except (KeyError, TypeError):
        choices = ", ".join(VARIANTS)
        raise UsageError(f"unknown {what} {name!r} (choose from {choices})") from None


# --- OpenCC adapter -------------------------------------------------------

_converters: dict[str, object] = {}
_lock = threading.Lock()


def _build(config: str):
    """An OpenCC converter for a config stem, whichever name this opencc build accepts.

    opencc 1.4 (PyPI) resolves both "s2hk" and "s2hk.json" (it lists the shipped files in
    ``opencc.CONFIGS``); 1.1.x wants "s2hk.json"; some builds only the bare stem. Try the
    listed name first, then the other.
    """
    try:
        import opencc
    except ImportError:  # pragma: no cover - a declared dependency
        raise UsageError("Chinese variants need the 'opencc' package (pip install opencc)") from None
    names = [f"{config}.json", config]
    if f"{config}.json" not in (getattr(opencc, "CONFIGS", None) or names):
        names.reverse()
    for name in names:
        try:
            return opencc.OpenCC(name)
        except Exception as exc:  # opencc raises its own untyped errors for a missing config
            error = exc
    raise UsageError(f"OpenCC has no usable configuration {config!r} ({error})")


def converter(config: str) -> Callable[[str], str]:
    """The OpenCC ``convert`` for ``config`` (e.g. "s2hk"), built once per process and reused."""
    conv = _converters.get(config)
    if conv is None:
        with _lock:
            conv = _converters.get(config)
            if conv is None:
                conv = _converters[config] = _build(config)
    return conv.convert  # type: ignore[attr-defined]


def run_chain(text: str, configs: tuple[str, ...]) -> str:
    for config in configs:
        text = converter(config)(text)
    return text


# --- detection --------------------------------------------------------------


def changed(a: str, b: str) -> int:
    """How many characters differ between a text and its conversion."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b))
    from difflib import SequenceMatcher

    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")


def detect_source(text: str) -> str:
    """Which variant ``text`` is written in: "cn", "t", "hk" or "tw".

    Simplified vs traditional: whichever of t2s and s2t changes more characters shows what the
    text is not (each leaves its own script alone). Among traditional standards, the text is a
    fixed point of its own: t2hk changes nothing in Hong Kong forms, t2tw nothing in Taiwan forms,
    and hk2t/tw2t nothing in OpenCC standard forms; the fewest changes wins, ties go to "t".
    """
    simplified = converter("t2s")(text) if text else text
    if simplified == text:  # nothing traditional at all: the common case, decided in one pass
        return "cn"
    to_simplified = changed(text, simplified)
    to_traditional = changed(text, converter("s2t")(text))
    if to_simplified <= to_traditional:
        return "cn"
    scores = {
        "t": max(changed(text, converter("hk2t")(text)), changed(text, converter("tw2t")(text))),
        "hk": changed(text, converter("t2hk")(text)),
        "tw": changed(text, converter("t2tw")(text)),
    }
    return min(scores, key=lambda k: (scores[k], k != "t"))


_LANG_SOURCES = {"zh-Hant": "t", "zh-Hant-HK": "hk", "zh-Hant-MO": "mo", "zh-Hant-TW": "tw", "zh-HK": "hk", "zh-MO": "mo", "zh-TW": "tw"}


def source_of(document: Document, source: str | None = None) -> str:
    """The source variant: as given, else the document's traditional lang tag, else detected from the text."""
    if source:
        return check_variant(source, what="source variant").name
    if document.lang in _LANG_SOURCES:
        # A traditional tag was set by a conversion or by reading: trust it. Detection can
        # misread text OpenCC itself produced (s2hk keeps 风后 → 風后, which looks mixed).
        return _LANG_SOURCES[document.lang]
    return detect_source(document.characters())


def tag_language(document: Document) -> Document:
    """``document`` with ``lang`` saying which script its text is in (detected, not converted)."""
    detected = detect_source(document.characters())
    lang = VARIANTS[detected].lang
    return document if document.lang == lang else replace(document, lang=lang)


# --- the transform ----------------------------------------------------------


def _quote_step(src: Variant, dst: Variant, keep_quotes: bool) -> Callable[[str], str] | None:
    """Local quotation practice: corner brackets for hk/mo/tw/twp, curly quotes back to cn."""
    if keep_quotes:
        return None
    if dst.corner_quotes:
        return to_corner
    if dst.name == "cn" and src.name != "cn":
        return to_curly
    return None  # cn → cn is the identity; "t" is OpenCC's standard, not a local practice


def text_converter(
    target: str, *, source: str = "cn", keep_quotes: bool = False, phrases: PhraseTable | None = None
) -> Callable[[str], str]:
    """A ``str -> str`` function converting one text field from ``source`` to ``target``."""
    dst = check_variant(target)
    src = check_variant(source, what="source variant")
    chain = _CHAINS[(src.name, dst.name)]
    table = phrases or PhraseTable()
    quotes = _quote_step(src, dst, keep_quotes)
    # Pre-build the converters so the first field does not pay for them inside a timing.
    steps = [converter(c) for c in chain]

    def convert(text: str) -> str:
        protected, restore = table.protect(text)
        for step in steps:
            protected = step(protected)
        text = restore(protected)
        return quotes(text) if quotes else text

    return convert


def _convert_article(article: Article, convert: Callable[[str], str]) -> Article:
    def opt(value: str | None) -> str | None:
        return convert(value) if value else value

    return replace(
        article,
        kicker=opt(article.kicker),
        title=opt(article.title),
        subtitle=opt(article.subtitle),
        authors=tuple(convert(a) for a in article.authors),
        affiliation=opt(article.affiliation),
        blocks=tuple(Block(b.type, convert(b.text), b.span) for b in article.blocks),
    )


def convert_document(
    document: Document,
    target: str,
    *,
    keep_quotes: bool = False,
    source: str | None = None,
    phrases=None,
) -> Document:
    """``document`` in Chinese variant ``target`` (cn, t, hk, mo, tw, twp), every text field.

    ``source``: the variant the text is in (detected when None). ``phrases``: a PhraseTable, a
    mapping, a list of words to keep, or a phrase-file path; its entries override OpenCC.
    ``keep_quotes``: leave quotation marks as they are.
    """
    dst = check_variant(target)
    src = source_of(document, source)
    table = as_phrase_table(phrases)
    convert = text_converter(dst.name, source=src, keep_quotes=keep_quotes, phrases=table)
    if not _CHAINS[(src, dst.name)] and not table and _quote_step(VARIANTS[src], dst, keep_quotes) is None:
        # Nothing to do but (perhaps) the language tag: keep the very same text objects.
        return document if document.lang == dst.lang else replace(document, lang=dst.lang)
    return replace(
        document,
        articles=tuple(_convert_article(a, convert) for a in document.articles),
        title=convert(document.title) if document.title else document.title,
        authors=tuple(convert(a) for a in document.authors),
        lang=dst.lang,
    )


def convert_text(text: str, target: str, *, source: str | None = None, keep_quotes: bool = False, phrases=None) -> str:
    """One string in variant ``target``: what ``convert_document`` does to each field."""
    src = check_variant(source, what="source variant").name if source else detect_source(text)
    return text_converter(target, source=src, keep_quotes=keep_quotes, phrases=as_phrase_table(phrases))(text)


__all__ = ["DEFAULT", "VARIANTS", "Variant", "check_variant", "convert_document", "convert_text", "detect_source"]
