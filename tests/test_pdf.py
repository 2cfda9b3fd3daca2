"""The PDF read back with real readers: pdffonts, pdftotext, pdfplumber (positions, boxes, outline)."""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict

import pytest

from convert.errors import ExportError
from convert.export.linebreak import check_rules
from convert.export.options import PAGE_SIZES, ExportOptions
from convert.export.typography import CLOSING_PUNCTUATION, article_label, toc_headings

pdfplumber = pytest.importorskip("pdfplumber")

BODY = 10.5
PRESETS = sorted(PAGE_SIZES)
HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="session")
def built(gold_document, tmp_path_factory):
    """Every preset built once for the whole session; plus bleed/crop and continue variants."""
    out = tmp_path_factory.mktemp("pdf")
    with pytest.MonkeyPatch.context() as mp:
        # Session fixtures run before conftest's per-test font isolation: isolate here too.
        mp.setenv("HUOZI_NO_SYSTEM_FONTS", "1")
        mp.setenv("FONTCONFIG_FILE", str(out / "none.conf"))
        return _build_all(gold_document, out)


def _build_all(gold_document, out):
    from convert.export.pdf import write

    variants = {p: ExportOptions(page=p) for p in PRESETS}
    variants["bleed"] = ExportOptions(page="a5", bleed=3, crop_marks=True)
    variants["continue"] = ExportOptions(page="32k", article_break="continue", toc=False, title_page=False)
    variants["custom"] = ExportOptions(page="120x180mm", margins=(15, 12, 14, 16))
    paths = {}
    for name, options in variants.items():
        path = out / f"{name}.pdf"
        write(gold_document, path, options)
        paths[name] = path
    return paths


def body_lines(path):
    """Body-size lines per page: (page number, y, x0, x1 of last char, text, last char's x0)."""
    rows = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            by_y = defaultdict(list)
            for ch in page.chars:
                if abs(ch["size"] - BODY) < 0.01 and "Serif" in ch["fontname"]:
                    by_y[round(ch["top"], 1)].append(ch)
            for y in sorted(by_y):
                chars = sorted(by_y[y], key=lambda c: c["x0"])
                text = "".join(c["text"] for c in chars)
                rows.append((number, y, chars[0]["x0"], chars[-1]["x1"], text, chars[-1]["x0"]))
    return rows


def paragraph_lines(gold_document, rows):
    """Map the PDF's body lines back onto the gold paragraphs (and affiliations) in order."""
    texts = []
    for article in gold_document.articles:
        texts += [b.text for b in article.blocks if b.type == "paragraph"]
        if article.affiliation:
            texts.append(f"（作者单位：{article.affiliation}）")
    groups, k, pos = [[] for _ in texts], 0, 0
    for row in rows:
        text = row[4].replace(" ", "")
        if k >= len(texts):
            break
        target = texts[k].replace(" ", "")
        if target[pos : pos + len(text)] != text:
            continue  # running head or folio at body size would land here; skip
        groups[k].append(row)
        pos += len(text)
        if pos >= len(target):
            k, pos = k + 1, 0
    return texts, groups


@pytest.mark.parametrize("preset", PRESETS + ["custom"])
def test_line_rules_and_flush_justification(built, gold_document, preset):
    rows = body_lines(built[preset])
    texts, groups = paragraph_lines(gold_document, rows)
    assert all(groups), f"{preset}: paragraphs not found in order: {[t[:10] for t, g in zip(texts, groups) if not g]}"
    assert ["".join(r[4] for r in g).replace(" ", "") for g in groups] == [t.replace(" ", "") for t in texts]
    violations = [v for g in groups for v in check_rules([r[4] for r in g])]
    assert violations == []
    # The right edge of the text block per page parity: where most lines end.
    edges = {}
    for group in groups:
        for row in group[:-1]:
            edges.setdefault(row[0] % 2, []).append(row[3])
    ok = total = 0
    for group in groups:
        for row in group[:-1]:
            page, _, x0, x1, line, last_x0 = row
            edge = max(set(edges[page % 2]), key=edges[page % 2].count)
            total += 1
            squeezed = line[-1] in CLOSING_PUNCTUATION and -0.5 <= x1 - edge <= BODY / 2 + 0.5
            ok += abs(x1 - edge) <= 0.5 or squeezed
    assert total > 50
    assert ok / total >= 0.98, f"{preset}: {ok}/{total} non-final lines flush right"


def test_first_line_indent_is_two_ideographic_widths(built, gold_document):
    rows = body_lines(built["a4"])
    texts, groups = paragraph_lines(gold_document, rows)
    for text, group in zip(texts, groups):
        if len(group) < 2 or text.startswith("（作者单位"):
            continue
        first, second = group[0], group[1]
        if first[0] == second[0]:  # same page: same left edge reference
            assert first[2] - second[2] == pytest.approx(2 * BODY, abs=0.01)


def test_no_single_line_alone_at_a_page_edge(built, gold_document):
    for preset in ("a4", "32k", "a5"):
        _, groups = paragraph_lines(gold_document, body_lines(built[preset]))
        for group in groups:
            pages = [r[0] for r in group]
            for p in set(pages):
                if len(set(pages)) > 1:
                    assert pages.count(p) >= 2, f"{preset}: a lone line of a split paragraph on page {p}"


def test_headings_in_sans_and_kept_with_next(built, gold_document):
    headings = [b.text for a in gold_document.articles for b in a.blocks if b.type == "heading"]
    with pdfplumber.open(built["32k"]) as pdf:
        found = []
        for page in pdf.pages:
            lines = defaultdict(list)
            for ch in page.chars:
                lines[round(ch["top"], 1)].append(ch)
            ordered = sorted(lines)
            for i, y in enumerate(ordered):
                chars = sorted(lines[y], key=lambda c: c["x0"])
                text = "".join(c["text"] for c in chars)
                if text in headings and chars[0]["size"] > BODY:
                    assert all("Sans" in c["fontname"] for c in chars)
                    below = [lines[z] for z in ordered[i + 1 :] if lines[z][0]["size"] == BODY and z < page.height * 0.9]
                    assert below, f"heading {text} is last on its page"
                    found.append(text)
    assert sorted(set(found)) == sorted(set(headings))


def test_pdftotext_gives_every_gold_character_in_order(built, gold_document):
    tool = require("pdftotext")
    for preset in ("a4", "32k"):
        text = subprocess.run([tool, "-enc", "UTF-8", str(built[preset]), "-"], capture_output=True, text=True, check=True).stdout
        # Text as drawn: bylines join authors with an ideographic space.
        gold = "\n".join([t for a in gold_document.articles for t in a.texts()] + [" ".join(a.authors) for a in gold_document.articles])
        for m in re.finditer(r"([\u3400-\u9fff，。、；：“”]) +([\u3400-\u9fff，。、；：“”])", text):
            assert f"{m.group(1)} {m.group(2)}" in gold, f"space inserted in {m.group(0)!r}"
        flat = re.sub(r"\s+", "", text)
        it = iter(flat)
        missing = [ch for ch in re.sub(r"\s+", "", "".join(gold_document.characters())) if ch not in it]
        assert missing == []
        for article in gold_document.articles:
            for block in article.blocks:
                if block.type == "paragraph" and len(block.text) < 60:
                    assert block.text.replace(" ", "") in flat


def test_fonts_all_embedded_and_subset_no_helvetica(built):
    tool = require("pdffonts")
    for name in ("a4", "32k", "bleed"):
        out = subprocess.run([tool, str(built[name])], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows
        for row in rows:
            cols = row.split()
            assert cols[-5:-3] == ["yes", "yes"], row  # emb, sub
            assert "Helvetica" not in row


def test_metadata_lang_and_outline(built, gold_document):
    with pdfplumber.open(built["a4"]) as pdf:
        meta = pdf.metadata
        assert meta["Title"] == gold_document.articles[0].title
        assert "谭啸" in meta["Author"]
        assert meta["Creator"] == "Huozi" and "Huozi" in meta["Producer"]
        assert article_label(gold_document.articles[1], 1) in meta["Subject"]
        lang = pdf.doc.catalog["Lang"]
        assert (lang.decode() if isinstance(lang, bytes) else lang) == "zh-CN"
        titles = [(level, title) for level, title, *_ in pdf.doc.get_outlines()]
    labels = [article_label(a, i) for i, a in enumerate(gold_document.articles)]
    top = [t for level, t in titles if level == 1]
    assert [t for t in top if t != "目录"] == labels
    nested = [t for level, t in titles if level == 2]
    assert nested == [h for i, a in enumerate(gold_document.articles) for h in toc_headings(a, i)]


def test_toc_lists_articles_with_their_pages(built, gold_document):
    with pdfplumber.open(built["a4"]) as pdf:
        toc = next(t for t in (p.extract_text() or "" for p in pdf.pages) if "目录" in t)
        # A page dump has no title of its own (its file name is none): no title page, contents first.
        assert "目录" in pdf.pages[0].extract_text()
        starts = {}
        for number, page in enumerate(pdf.pages, 1):
            text = page.extract_text().replace(" ", "")
            for a in gold_document.articles:
                first = a.blocks[0].text[:12]
                if first in text and a.blocks[0].text not in starts:
                    starts[a.blocks[0].text] = number
    for i, a in enumerate(gold_document.articles):
        label = article_label(a, i)
        match = re.search(re.escape(label) + r"\s*(\d+)", toc)
        assert match and int(match.group(1)) == starts[a.blocks[0].text]


def test_affiliation_at_the_article_end(built, gold_document):
    text = subprocess.run([require("pdftotext"), str(built["a4"]), "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", text)
    for article in gold_document.articles:
        if article.affiliation:
            pos = flat.index(f"（作者单位：{article.affiliation}）")
            assert flat.index(article.blocks[-1].text[-8:]) < pos


def test_bleed_boxes_and_crop_marks_outside_the_trim(built):
    mm = 72 / 25.4
    with pdfplumber.open(built["bleed"]) as pdf:
        for page in pdf.pages[:3]:
            attrs = page.page_obj.attrs
            trim = [float(v) for v in attrs["TrimBox"]]
            bleed = [float(v) for v in attrs["BleedBox"]]
            media = [float(v) for v in attrs["MediaBox"]]
            assert trim[2] - trim[0] == pytest.approx(148 * mm, abs=0.01)
            assert trim[3] - trim[1] == pytest.approx(210 * mm, abs=0.01)
            assert [b - t for b, t in zip(bleed, trim)] == pytest.approx([-3 * mm, -3 * mm, 3 * mm, 3 * mm], abs=0.01)
            assert media[0] <= bleed[0] and media[2] >= bleed[2]
            marks = [ln for ln in page.lines if ln["linewidth"] == pytest.approx(0.25)]
            assert len(marks) == 8
            h = float(media[3])
            for ln in marks:
                for x, top in ((ln["x0"], ln["top"]), (ln["x1"], ln["bottom"])):
                    y = h - top
                    outside = x <= bleed[0] + 0.01 or x >= bleed[2] - 0.01 or y <= bleed[1] + 0.01 or y >= bleed[3] - 0.01
                    assert outside


def test_mirrored_margins(built, gold_document):
    rows = body_lines(built["a4"])
    lefts = defaultdict(list)
    for page, _, x0, *_ in rows:
        lefts[page % 2].append(x0)
    inner, outer = (v * 72 / 25.4 for v in ExportOptions(page="a4").margins_mm[:2])
    assert min(lefts[1]) - min(lefts[0]) == pytest.approx(inner - outer, abs=0.01)


def test_continue_mode_runs_articles_on(built, gold_document):
    with pdfplumber.open(built["32k"]) as pdf:
        separate = len(pdf.pages)
    with pdfplumber.open(built["continue"]) as pdf:
        assert len(pdf.pages) < separate
        assert "目录" not in pdf.pages[0].extract_text()


def test_unwritable_path_is_one_line_error(gold_document, tmp_path):
    from convert.export.pdf import write

    with pytest.raises(ExportError):
        write(gold_document, tmp_path / "missing" / "x.pdf", ExportOptions())


def require(name):
    from conftest import require_tool

    return require_tool(name)
