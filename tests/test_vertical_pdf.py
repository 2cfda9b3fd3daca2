"""The vertical (直排) PDF read back: positions with pdfplumber, text with pdftotext, ink with pdfium.

Columns are read from the characters' text matrices: every column is one run turned 90°
clockwise whose origin (matrix e, f) is the column's axis and the character's cell top.
"""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict

import pytest

from convert.export.linebreak import check_rules
from convert.export.options import ExportOptions
from convert.export.typography import CLOSING_PUNCTUATION, LINE_START_FORBIDDEN, article_label, toc_headings
from convert.model import Article, Block, Document
from tests.conftest import require_tool

pdfplumber = pytest.importorskip("pdfplumber")

BODY = 10.5
PRESETS = ("a5", "a4")
EXTRA = Document(
    articles=(
        Article(
            title="數字與字母",
            blocks=(
                Block("paragraph", "2025年5G網絡在12月3日發佈、ABC公司說：「增長3.5%。」又說，（見第7頁）——完畢……"),
            ),
        ),
    ),
    lang="zh-Hant-HK",
)


@pytest.fixture(scope="module")
def hk(gold_document):
    from convert.transform import variant

    return variant(gold_document, "hk")


@pytest.fixture(scope="module")
def built(hk, tmp_path_factory):
    from convert.export.pdf import write

    out = tmp_path_factory.mktemp("vpdf")
    paths = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HUOZI_NO_SYSTEM_FONTS", "1")
        for page in PRESETS:
            paths[page] = out / f"{page}.pdf"
            write(hk, paths[page], ExportOptions(page=page, vertical=True))
        paths["extra"] = out / "extra.pdf"
        write(EXTRA, paths["extra"], ExportOptions(page="a5", vertical=True))
    return paths


def columns(path, font="Regular-Vert"):
    """Per page, the columns of one face in content order: (page, axis x, [chars top to bottom])."""
    out = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            current = None
            for ch in page.chars:
                if font not in ch["fontname"]:
                    continue
                a, b, c, d, e, f = ch["matrix"]
                if (round(a, 6), round(b, 6), round(c, 6), round(d, 6)) != (0, -1, 1, 0):
                    continue  # the folio is set upright
                if current is None or abs(e - current[1]) > 3.5:  # a 縱中橫 digit moves ±size/4
                    current = (number, e, [])
                    out.append(current)
                current[2].append(ch)
    return out


def body_columns(path):
    """Body columns (serif at body size, 縱中橫 digits included), text read top to bottom."""
    rows = []
    for number, x, chars in columns(path):
        body = [c for c in chars if abs(c["x1"] - c["x0"] - BODY) < 0.01]  # a turned cell is one size wide
        if not body:
            continue
        order = sorted(body, key=lambda c: (round(c["top"], 2), c["x0"]))
        rows.append((number, x, "".join(c["text"] for c in order), order))
    return rows


def paragraphs(doc):
    texts = []
    for article in doc.articles:
        texts += [b.text for b in article.blocks if b.type == "paragraph"]
        if article.affiliation:
            texts.append(f"（作者單位：{article.affiliation}）")
    return texts


def group(doc, rows):
    texts = paragraphs(doc)
    groups, k, pos = [[] for _ in texts], 0, 0
    for row in rows:
        text = row[2].replace(" ", "")
        if k >= len(texts):
            break
        target = texts[k].replace(" ", "")
        if not text or target[pos : pos + len(text)] != text:
            continue  # running heads, headings and titles are not body paragraphs
        groups[k].append(row)
        pos += len(text)
        if pos >= len(target):
            k, pos = k + 1, 0
    return texts, groups


@pytest.mark.parametrize("preset", PRESETS)
def test_columns_descend_and_run_right_to_left(built, hk, preset):
    texts, groups = group(hk, body_columns(built[preset]))
    assert all(groups), [t[:10] for t, g in zip(texts, groups) if not g]
    assert ["".join(r[2] for r in g).replace(" ", "") for g in groups] == [t.replace(" ", "") for t in texts]
    rows = [r for g in groups for r in g]
    for number, x, text, chars in rows:
        tops = [round(c["top"], 2) for c in chars]
        assert tops == sorted(tops) and len(set(tops)) == len(tops), f"page {number}: {text[:8]} does not descend"
    by_page = defaultdict(list)
    for number, x, *_ in rows:
        by_page[number].append(x)
    assert len(by_page) > 3
    for number, xs in by_page.items():
        assert xs == sorted(xs, reverse=True) and len(set(xs)) == len(xs), f"page {number}: columns not right to left"


@pytest.mark.parametrize("preset", PRESETS)
def test_column_rules_justification_and_indent(built, hk, preset):
    texts, groups = group(hk, body_columns(built[preset]))
    assert [v for g in groups for v in check_rules([r[2] for r in g])] == []
    tops = [r[3][0]["top"] for g in groups for r in g[1:]]
    column_top = min(tops)
    feet = [round(r[3][-1]["bottom"], 1) for g in groups for r in g[:-1]]
    column_foot = max(set(feet), key=feet.count)
    ok = total = 0
    for text, g in zip(texts, groups):
        if not text.startswith("（"):
            assert g[0][3][0]["top"] == pytest.approx(column_top + 2 * BODY, abs=0.01), "first-line indent"
        for _, _, line, chars in g[:-1]:
            total += 1
            foot = chars[-1]["bottom"]
            squeezed = line[-1] in CLOSING_PUNCTUATION
            ok += abs(foot - column_foot) <= 0.5 or squeezed
    assert total > 40
    assert ok / total >= 0.98, f"{preset}: {ok}/{total} columns flush with the foot"


def test_every_gold_character_in_reading_order(built, hk):
    """All characters, every face: pages in order, columns right to left, cells top to bottom."""
    by_page = defaultdict(list)
    for number, x, chars in columns(built["a5"], font=""):
        by_page[number].append((x, chars))
    text = ""
    for number in sorted(by_page):
        for x, chars in sorted(by_page[number], key=lambda col: -col[0]):  # stable: right to left
            text += "".join(c["text"] for c in sorted(chars, key=lambda c: (round(c["top"], 2), c["x0"])))
    it = iter(text)
    missing = [ch for ch in re.sub(r"\s+", "", hk.characters()) if ch not in it]
    assert missing == []


def test_pdftotext_reads_columns_in_order(built, hk):
    """Each column is one line of text for poppler; in content order (-raw) they follow the book."""
    tool = require_tool("pdftotext")
    _, groups = group(hk, body_columns(built["a5"]))
    columns_text = [row[2].replace(" ", "") for g in groups for row in g]
    for mode in ([], ["-raw"]):
        text = subprocess.run([tool, *mode, "-enc", "UTF-8", str(built["a5"]), "-"], capture_output=True, text=True, check=True).stdout
        assert "\ufe10" not in text and "\ufe41" not in text  # the original marks, not presentation forms
        if not mode:  # (-raw breaks a line where a squeezed mark steps back: not a column's end)
            lines = {line.replace(" ", "") for line in text.splitlines()}
            assert all(c in lines for c in columns_text), [c[:10] for c in columns_text if c not in lines][:3]
    flat = re.sub(r"\s+", "", text)
    pos = 0
    for column in columns_text:
        found = flat.find(column, pos)
        assert found >= 0, column[:12]
        pos = found + len(column)


def test_direction_r2l_lang_and_outline(built, hk):
    with pdfplumber.open(built["a5"]) as pdf:
        prefs = pdf.doc.catalog["ViewerPreferences"]
        prefs = prefs.resolve() if hasattr(prefs, "resolve") else prefs
        assert getattr(prefs["Direction"], "name", prefs["Direction"]) == "R2L"
        lang = pdf.doc.catalog["Lang"]
        assert (lang.decode() if isinstance(lang, bytes) else lang) == "zh-HK"
        titles = [(level, title) for level, title, *_ in pdf.doc.get_outlines()]
        # The contents page: the first that names the contents (目錄), title page or not.
        toc_text = next(t for t in ("".join(c["text"] for c in p.chars) for p in pdf.pages) if "目錄" in t)
    labels = [article_label(a, i) for i, a in enumerate(hk.articles)]
    assert [t for level, t in titles if level == 1 and t != "目錄"] == labels
    assert [t for level, t in titles if level == 2] == [h for i, a in enumerate(hk.articles) for h in toc_headings(a, i)]
    for label in labels:
        assert label.replace(" ", "") in toc_text.replace(" ", "")


def _ink(path, number, boxes, scale=6):
    """Ink bounding box (in points, y down) inside each cell box (x0, top, x1, bottom)."""
    pdfium = pytest.importorskip("pypdfium2")
    doc = pdfium.PdfDocument(str(path))
    image = doc[number - 1].render(scale=scale, grayscale=True).to_pil()
    doc.close()
    out = []
    for x0, top, x1, bottom in boxes:
        crop = image.crop((round(x0 * scale), round(top * scale), round(x1 * scale), round(bottom * scale)))
        box = crop.point(lambda v: 255 if v < 128 else 0).getbbox()
        out.append(None if box is None else tuple(v / scale for v in box))
    return out


def test_punctuation_takes_vertical_forms(built):
    """，。、 in the cell's upper right; brackets, quotes, dashes and ellipses turned."""
    path = built["extra"]
    cells = defaultdict(list)  # page → (char, cell box)
    for number, x, chars in columns(path):
        for c in chars:
            if c["text"] in "，。、「」（）——……" and "Vert" in c["fontname"]:
                e = c["matrix"][4]
                # ，。、: the cell's upper half only (a squeezed closing bracket may share the lower)
                bottom = c["top"] + (BODY / 2 if c["text"] in "，。、" else BODY)
                cells[number].append((c["text"], (e - BODY / 2, c["top"], e + BODY / 2, bottom)))
    seen = set()
    for number, items in cells.items():
        for (ch, cell), ink in zip(items, _ink(path, number, [b for _, b in items])):
            assert ink is not None, ch
            w, h = ink[2] - ink[0], ink[3] - ink[1]
            if ch in "，。、":
                assert ink[0] > BODY / 2 - 1, f"{ch} not in the upper right: {ink}"
            elif ch in "「」（）":
                assert w > h, f"{ch} not turned: {w:.1f}×{h:.1f}"
            else:
                assert h > w * 2, f"{ch} not vertical: {w:.1f}×{h:.1f}"
            seen.add(ch)
    assert seen == set("，。、「」（）—…")


def test_short_numbers_upright_in_one_cell_long_ones_and_latin_turned(built):
    rows = [r for r in body_columns(built["extra"])]
    chars = [c for r in rows for c in r[3]]
    text = "".join(r[2] for r in rows)
    assert text.replace(" ", "") == EXTRA.articles[0].blocks[0].text
    tcy = [c for c in chars if "Tcy" in c["fontname"]]
    assert "".join(c["text"] for c in tcy) == "1237"
    assert [c["fontname"][-4:] for c in tcy] == ["TcyL", "TcyR", "TcyC", "TcyC"]
    one, two = tcy[0], tcy[1]
    # The pair shares one cell: the right digit's origin is half an em down (read in order),
    # its ink beside the left digit's, together about one em wide.
    assert two["top"] - one["top"] == pytest.approx(BODY / 2, abs=0.01)
    e = one["matrix"][4]
    (ink,) = _ink(built["extra"], 1, [(e - BODY / 2, one["top"], e + BODY / 2, one["top"] + BODY)])
    assert ink[2] - ink[0] > 0.6 * BODY and ink[3] - ink[1] < 0.9 * BODY
    (lone,) = _ink(built["extra"], 1, [(e - BODY / 2, tcy[2]["top"], e + BODY / 2, tcy[2]["top"] + BODY)])
    assert lone[2] - lone[0] < 0.6 * BODY and abs((lone[0] + lone[2]) / 2 - BODY / 2) < 1.0, "a lone digit centred"
    # 2025, 5G, ABC and 3.5% turned: natural Latin advances (well under an em) down the column.
    for word in ("2025", "5G", "ABC", "3.5%"):
        k = text.index(word)
        run = chars[k : k + len(word)]
        assert [c["text"] for c in run] == list(word)
        steps = [b["top"] - a["top"] for a, b in zip(run, run[1:])]
        assert all(0.2 * BODY < s < 0.9 * BODY for s in steps), (word, steps)
        assert all("Vert" in c["fontname"] for c in run)


def test_no_column_starts_with_a_closing_mark_anywhere(built):
    """Every Vert-face column of every page (titles, TOC, heads too), not just the body."""
    for number, x, chars in columns(built["a5"]):
        text = "".join(c["text"] for c in sorted(chars, key=lambda c: c["top"]))
        assert text[:1] not in LINE_START_FORBIDDEN or len(text) == 1, (number, text[:10])
