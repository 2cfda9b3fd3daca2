"""A synthetic page-dump generator: structured articles → the raw text an extraction gives.

It reproduces, on purpose and under control, what real dumps do: hard wrapping at a
column width (CJK 1 em, half-width 0.5), a lost two-em indent on first lines (or
not), compressed punctuation that lets a full line hold an extra mark, Latin words
kept whole, column breaks (blank lines) inside paragraphs and headings, widths that
change between and inside articles, a leading space at each text block, affiliation
lines, and title blocks (kicker——, title, ——subtitle, □ byline with padded
two-character names) placed at the top, after the affiliation, or at the end.

It never produces a case the house rules call ambiguous (e.g. a column break right
after a finished sentence in an article that does not indent), so parsing what it
renders must give back exactly what it was given.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "data" / "000_e5d23699ff1a9f1e.json"
_NO_LINE_START = set("，。、；：？！）」』”’》〉】")
_ATOM = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%+\-]*|.", re.S)
_SENTENCE = re.compile(r"[^。！？]*[。！？]”?")
_ENDS = tuple("。！？；：”")


def char_width(ch: str) -> float:
    return 0.5 if ord(ch) < 0x1100 else 1.0


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text)


@dataclass
class GenArticle:
    blocks: list[tuple[str, str]]
    kicker: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    affiliation: str | None = None

    def to_json(self) -> dict:
        return {
            "kicker": self.kicker,
            "title": self.title,
            "subtitle": self.subtitle,
            "authors": list(self.authors),
            "affiliation": self.affiliation,
            "blocks": [{"type": t, "text": x} for t, x in self.blocks],
        }


def wrap(text: str, width: float, first: float, compress: bool = True) -> list[str]:
    """Hard-wrap like a column: Latin words whole, closing marks squeezed onto the line.

    A wrap never falls at a space (the dump strips line ends, so the space would be
    lost): the word before the space moves to the next line with it.
    """
    lines: list[str] = []
    atoms: list[str] = []
    used, limit = 0.0, first
    for atom in _ATOM.findall(text):
        w = text_width(atom)
        if used + w > limit and atoms:
            if compress and atom in _NO_LINE_START and used + w <= limit + 1:
                atoms.append(atom)
                used += w
                continue
            carry: list[str] = []
            if atom == " " or atoms[-1] == " ":
                while atoms and atoms[-1] == " ":
                    carry.insert(0, atoms.pop())
                if atoms and len(atoms) > 1:
                    carry.insert(0, atoms.pop())
            lines.append("".join(atoms).rstrip(" "))
            atoms, limit = carry, width
            used = text_width("".join(atoms))
        atoms.append(atom)
        used += w
    if "".join(atoms).strip():
        lines.append("".join(atoms))
    return lines


# --- corpus ---------------------------------------------------------------------------


def corpus() -> tuple[list[str], list[str]]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    sentences: list[str] = []
    headings: list[str] = []
    for article in gold["articles"]:
        for block in article["blocks"]:
            if block["type"] == "heading":
                headings.append(block["text"])
            else:
                sentences.extend(s for s in _SENTENCE.findall(block["text"]) if len(s) >= 6)
    return sentences, headings


SENTENCES, HEADINGS = corpus()
QUESTION_HEADINGS = ["如何破解发展瓶颈？", "区块链能走多远？", "未来之路在何方？"]
QUESTIONS = ["您怎么看待当前的形势？", "瓶颈在哪里？", "下一步怎么做？", "企业最关心什么？"]
DATELINES = ["本报北京11月25日讯（记者张晨）", "本报广州3月2日电（记者李明 通讯员王芳）"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉晨啸宁君一可佳晓雪松岩波"
PLACES = ["辽宁大学经济学院", "北京科技战略决策咨询中心", "中国社会科学院财经战略研究院", "复旦大学新闻学院", "南开大学", "国家发展改革委宏观经济研究院"]


def random_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def random_paragraph(rng: random.Random, latin: bool = False, pool: list[str] | None = None) -> str:
    text = "".join(rng.choice(pool or SENTENCES) for _ in range(rng.randint(1, 5)))
    if latin and rng.random() < 0.5:
        cut = text.find("，")
        if cut > 0:
            word = rng.choice(["5G", "2025年", "3.5%", "AI", "GDP", "Web 3.0", "open source software"])
            text = text[: cut + 1] + word + text[cut + 1 :]
    return text


def random_article(
    rng: random.Random, *, titled: bool = True, latin: bool = False, width: int = 16, pool: list[str] | None = None, extras: bool = False
) -> GenArticle:
    """``extras``: question headings, 问/答 interview paragraphs, a news dateline naming a reporter."""
    blocks: list[tuple[str, str]] = []
    measure = heading_measure(width)
    headings = HEADINGS + (QUESTION_HEADINGS if extras else [])
    fitting = [h for h in headings if len(wrap(h, measure, measure, False)) <= 2] or ["结语"]
    last_heading = True  # no heading before the first paragraph
    for _ in range(rng.randint(2, 8)):
        if not last_heading and rng.random() < 0.25:
            blocks.append(("heading", rng.choice(fitting)))
            last_heading = True
        elif extras and rng.random() < 0.15:
            blocks.append(("paragraph", "问：" + rng.choice(QUESTIONS)))
            blocks.append(("paragraph", "答：" + random_paragraph(rng, latin, pool)))
            last_heading = False
        else:
            blocks.append(("paragraph", random_paragraph(rng, latin, pool)))
            last_heading = False
    if extras and rng.random() < 0.3 and blocks[0][0] == "paragraph" and not blocks[0][1].startswith(("问", "答")):
        blocks[0] = ("paragraph", rng.choice(DATELINES) + blocks[0][1])
    if blocks[-1][0] == "heading":
        blocks.append(("paragraph", random_paragraph(rng, latin, pool)))
    article = GenArticle(blocks)
    if titled:
        # Titles share words with their own article: take them from its sentences.
        body = "".join(t for kind, t in blocks if kind == "paragraph")  # headings recur across articles
        clean = re.sub(r"[^\u4e00-\u9fff]", "", body)
        start = rng.randrange(0, max(1, len(clean) - 14))
        article.title = clean[start : start + rng.randint(8, 14)]
        if rng.random() < 0.4:
            s2 = rng.randrange(0, max(1, len(clean) - 18))
            article.kicker = clean[s2 : s2 + rng.randint(10, 18)]
        if rng.random() < 0.25:
            s3 = rng.randrange(0, max(1, len(clean) - 12))
            article.subtitle = "记" + clean[s3 : s3 + rng.randint(6, 12)]
        article.authors = [random_name(rng) for _ in range(rng.choice((0, 1, 1, 2)))]
    if rng.random() < 0.6:
        article.affiliation = rng.choice(PLACES)
    return article


# --- rendering ------------------------------------------------------------------------


@dataclass
class Layout:
    width: int = 16
    indent: bool = True
    compress: bool = True
    column_breaks: float = 0.0  # chance of a blank line at each eligible line boundary
    width_change: bool = False  # the column widens once inside an article
    titles: str = "end"  # end | top | after-affiliation
    lead_space: bool = True


def heading_measure(width: int) -> int:
    """Headings are set larger: they wrap at about 60% of the column, two lines at most."""
    return max(4, min(width - 4, int(width * 0.65)))


def render_title_block(article: GenArticle, lead: bool) -> list[str]:
    lines: list[str] = []
    if article.kicker:
        lines.append(article.kicker + "——")
        lines.append("")
    if article.title:
        lines.append(article.title)
    if article.subtitle:
        lines.append("——" + article.subtitle)
    if article.authors:
        space = "\u3000" if sum(map(ord, article.authors[0])) % 3 == 0 else " "  # both paddings occur
        names = [space.join(n) if len(n) == 2 else n for n in article.authors]
        lines.append("□" + space + space.join(names))
    if lines and lead:
        lines[0] = " " + lines[0]
    return lines


def _has_title(article: GenArticle) -> bool:
    return bool(article.title or article.kicker or article.authors)


def render_body(article: GenArticle, layout: Layout, rng: random.Random) -> list[str]:
    out: list[str] = []
    width = layout.width
    changed = False
    for bi, (kind, text) in enumerate(article.blocks):
        if layout.width_change and not changed and bi >= len(article.blocks) // 2 and kind == "paragraph":
            width = min(32, width + rng.choice((4, 8, 14)))  # wider only: headings chosen for the narrow one fit
            changed = True
        if kind == "heading":
            measure = heading_measure(width)
            lines = wrap(text, measure, measure, compress=False)
        else:
            lines = wrap(text, width, width - 2 if layout.indent else width, layout.compress)
        for li, line in enumerate(lines):
            out.append(line)
            if li + 1 < len(lines) and _may_break(kind, lines, li, layout) and rng.random() < layout.column_breaks:
                out.append("")
        out.append("")
    if article.affiliation:
        label = "作者單位" if sum(map(ord, article.affiliation)) % 4 == 0 else "作者单位"
        out.extend(wrap(f"（{label}：{article.affiliation}）", width, width, False))
    else:
        while out and out[-1] == "":
            out.pop()
        out.append("")
    return out


def _may_break(kind: str, lines: list[str], index: int, layout: Layout) -> bool:
    """Column breaks only where the house rules can see them (see the module docstring)."""
    line, nxt = lines[index], lines[index + 1]
    if kind == "heading":
        return text_width(line) >= text_width(nxt)
    if line.endswith(_ENDS):
        return False  # a finished sentence before a blank line reads as a paragraph end
    if index == 0 and not layout.indent:
        return False  # a cut unindented first line is a full line: fine, but keep it simple
    return True


def render_page(articles: list[GenArticle], layout: Layout, rng: random.Random) -> str:
    lines: list[str] = []
    pending: list[list[str]] = []
    for ai, article in enumerate(articles):
        if layout.titles == "top" and _has_title(article):
            lines.extend(render_title_block(article, layout.lead_space))
            lines.append("")
        elif layout.titles == "after-affiliation" and _has_title(article) and ai > 0 and articles[ai - 1].affiliation:
            lines.extend(render_title_block(article, layout.lead_space))
            lines.append("")
        elif _has_title(article):
            pending.append(render_title_block(article, layout.lead_space))
        body = render_body(article, layout, rng)
        if layout.lead_space:
            body[0] = " " + body[0]
        lines.extend(body)
    for block in pending:
        lines.extend(block)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def random_page(seed: int, extras: bool = False) -> tuple[str, list[GenArticle]]:
    rng = random.Random(seed)
    layout = Layout(
        width=rng.randint(12, 32),
        indent=rng.random() < 0.8,
        compress=rng.random() < 0.7,
        column_breaks=rng.choice((0.0, 0.05, 0.1)),
        width_change=rng.random() < 0.3,
        titles=rng.choice(("end", "top", "after-affiliation")),
    )
    count = rng.randint(1, 4)
    # Articles on one page are about different things: each draws on its own sentences.
    shuffled = SENTENCES[:]
    rng.shuffle(shuffled)
    pools = [shuffled[i::count] for i in range(count)]
    articles = [
        random_article(rng, titled=rng.random() < 0.8, latin=rng.random() < 0.3, width=layout.width, pool=pools[i], extras=extras)
        for i in range(count)
    ]
    if layout.titles == "after-affiliation":
        # Titles follow the previous article's affiliation: every article but the last has one.
        for article in articles[:-1]:
            article.affiliation = article.affiliation or rng.choice(PLACES)
    return render_page(articles, layout, rng), articles
