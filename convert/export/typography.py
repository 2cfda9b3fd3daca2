"""Chinese typography facts shared by every exporter (W3C clreq, GB/T 15834).

Line-start and line-end prohibitions, inseparable marks, language tags per
variant, and the label of an untitled article. Exporters import this; it
imports only the model.
"""

from __future__ import annotations

from ..model import Article

# Marks that must not begin a line: closing brackets/quotes, pause and stop marks,
# middle dots, and the second half of an inseparable pair.
LINE_START_FORBIDDEN = frozenset(
    "，。、；：？！）」』”’》〉】〗〕］｝…—%‰℃·・,.;:?!)]}>"
    "\uFE10\uFE11\uFE12\uFE13\uFE14\uFE15\uFE16"  # vertical presentation forms
    "\uFE30\uFE31\uFE32\uFE36\uFE38\uFE3A\uFE3C\uFE3E\uFE40\uFE42\uFE44\uFE48"
    "々〻ー～"
)
# Marks that must not end a line: opening brackets and quotes.
LINE_END_FORBIDDEN = frozenset(
    "（「『“‘《〈【〖〔［｛([{<" "\uFE35\uFE37\uFE39\uFE3B\uFE3D\uFE3F\uFE41\uFE43\uFE47"
)
# Two-em marks written as a doubled character; the pair never splits across lines.
INSEPARABLE = frozenset({"……", "——", "⋯⋯"})

# Half-width compression candidates (clreq §3.1.6): full-width punctuation that
# may lose half its em when adjacent to another such mark or at a line end.
OPENING_PUNCTUATION = frozenset("（「『“‘《〈【〖〔［｛")
CLOSING_PUNCTUATION = frozenset("）」』”’》〉】〗〕］｝，。、；：？！")

FIRST_LINE_INDENT_EM = 2

# Pause and stop marks that mainland (GB) fonts draw in the left half of the em, so the right
# half may be squeezed away; Taiwan and Hong Kong fonts centre them, so they never squeeze there.
_LEFT_SITTING_HANS = frozenset("，。、")


def squeezable(script: str, vertical: bool = False) -> tuple[frozenset[str], frozenset[str]]:
    """(closing, opening) full-width marks whose blank half may be squeezed (clreq §3.1.6).

    Closing marks carry their blank on the right, opening marks on the left. ``script`` is
    font_script()'s value: Hant fonts centre ，。、, so those are left out there. In vertical
    text every font sets ，。、 in the cell's upper right (blank below), so they squeeze.
    """
    brackets = CLOSING_PUNCTUATION - frozenset("，。、；：？！")
    closing = brackets | _LEFT_SITTING_HANS if script == "Hans" or vertical else brackets
    return frozenset(closing), OPENING_PUNCTUATION


# BCP 47 tags: the model stores the full tag; some formats want the region form.
_REGION_TAGS = {
    "zh-Hans": "zh-CN",
    "zh-Hans-CN": "zh-CN",
    "zh-Hant": "zh-TW",
    "zh-Hant-TW": "zh-TW",
    "zh-Hant-HK": "zh-HK",
    "zh-Hant-MO": "zh-MO",
}
_SCRIPT_TAGS = {
    "zh-CN": "zh-Hans",
    "zh-Hans-CN": "zh-Hans",
    "zh-TW": "zh-Hant-TW",
    "zh-HK": "zh-Hant-HK",
    "zh-MO": "zh-Hant-MO",
}


def region_tag(lang: str) -> str:
    """``zh-Hant-HK`` → ``zh-HK``: the form PDF /Lang and Word's w:lang use."""
    return _REGION_TAGS.get(lang, lang)


def script_tag(lang: str) -> str:
    """``zh-HK`` → ``zh-Hant-HK``: the form EPUB dc:language and xml:lang use."""
    return _SCRIPT_TAGS.get(lang, lang)


def is_traditional(lang: str) -> bool:
    return "Hant" in script_tag(lang)


def font_script(lang: str) -> str:
    """Which glyph forms the fonts must have: Hans, Hant-TW or Hant-HK (Macao uses HK)."""
    tag = script_tag(lang)
    if tag.endswith(("-HK", "-MO")):
        return "Hant-HK"
    if "Hant" in tag:
        return "Hant-TW"
    return "Hans"


def article_label(article: Article, index: int, *, limit: int = 16) -> str:
    """A TOC/outline label: the title, else the first heading, else the opening words."""
    if article.title:
        return article.title
    for block in article.blocks:
        if block.type == "heading":
            return block.text
    for block in article.blocks:
        text = block.text.strip()
        if text:
            return text if len(text) <= limit else text[:limit] + "…"
    return f"第{index + 1}篇"


def affiliation_note(affiliation: str, lang: str) -> str:
    """The line a paper prints at an article's end: （作者单位：…）, 單位 in traditional text."""
    label = "作者單位" if is_traditional(lang) else "作者单位"
    return f"（{label}：{affiliation.strip()}）"


# Furniture words every exporter prints, in simplified and traditional forms.
_UI = {
    "toc": ("目录", "目錄"),
    "cover": ("封面", "封面"),
    "body": ("正文", "正文"),
    "guide": ("导览", "導覽"),
}


def ui_label(key: str, lang: str) -> str:
    simplified, traditional = _UI[key]
    return traditional if is_traditional(lang) else simplified


def document_title(document, override: str | None = None) -> str:
    """The book's title: the user's, the document's, a single article's, the input's stem."""
    if override:
        return override
    if document.title:
        return document.title
    if len(document.articles) == 1:
        return article_label(document.articles[0], 0)
    if document.source:
        return document.source
    return article_label(document.articles[0], 0) if document.articles else "活字"


def book_title(document, override: str | None = None) -> str | None:
    """A title the document really has (the user's, the book's, a single article's), or None:
    a file name is fine in metadata but not on a title page or in a running head."""
    if override or document.title:
        return override or document.title
    if len(document.articles) == 1:
        return article_label(document.articles[0], 0)
    return None


def document_authors(document, override: str | None = None) -> list[str]:
    """Every author once, in order of appearance (the user's list wins)."""
    if override:
        return [override]
    names: list[str] = list(document.authors)
    for article in document.articles:
        names.extend(n for n in article.authors if n not in names)
    return names


def page_groups(document) -> list[tuple[str | None, list[int]]]:
    """Article indices grouped by the page file they came from, for a book's contents.

    A book merged from several pages groups its TOC by page; a single page (or a
    document whose articles carry no page) is one unnamed group.
    """
    groups: list[tuple[str | None, list[int]]] = []
    for index, article in enumerate(document.articles):
        if groups and groups[-1][0] == article.page:
            groups[-1][1].append(index)
        else:
            groups.append((article.page, [index]))
    if len(groups) < 2:
        return [(None, list(range(len(document.articles))))]
    return groups


def toc_headings(article: Article, index: int) -> list[str]:
    """The headings listed under an article in contents and outlines: all of them, except
    the one an untitled article is already named by (it would stand twice in a row)."""
    texts = [block.text for block in article.headings()]
    if not article.title and texts and texts[0] == article_label(article, index):
        return texts[1:]
    return texts
