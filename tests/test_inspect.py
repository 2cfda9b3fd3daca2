"""huozi inspect: every decision shown, counts that match the gold, spans in the HTML, Chromium renders it."""

from __future__ import annotations

import base64
import io
import re
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html
from rich.console import Console

from conftest import require_tool
from convert.cli import main
from convert.inspect import examine
from convert.inspect import html as html_report
from convert.inspect import terminal
from convert.parse.passes import run
from convert.parse.trace import DOUBT, Trace

# A short page with a line the rules cannot settle: a near-full line after a blank,
# read as the start of a paragraph cut by a column break (confidence 0.6).
DOUBTFUL = (
    " 目前，金融是区块链技术应用最多、落\n地程度最深的领域，而供应链金融又是实体\n经济与金融领域的重要结合点，区块链打破\n"
    "了金融与实体经济的藩篱，有效促进融合共\n生发展。\n\n科学处理国际交往中心建设\n中的四种关系\n\n"
    "粤港澳大湾区各城市间的互联互通是通过交通网络化、城\n\n际信息化得以实现。\n\n以耦合促融合 以融合促发展\n\n"
    "二是在“一国两制”框架下，逐步调整珠三角九市尤其是\n广州和深圳的市场经济制度，积极对接港澳和国际市场相关标\n\n"
    "准。市场相关标准的统一是消除粤港澳三地区际壁垒的主要途\n径之一，也是实现大湾区产业集群和城市群耦合的必要条件。\n\n"
    "（作者单位：辽宁大学经济学院）\n"
)


@pytest.fixture(scope="module")
def seed_report(seed_path):
    return examine(seed_path)


@pytest.fixture(scope="module")
def seed_trace(seed_path):
    trace = Trace()
    run(seed_path.read_text(encoding="utf-8"), trace)
    return trace.decisions


@pytest.fixture(scope="module")
def seed_html(seed_report):
    return html_report.render(seed_report)


def _terminal(report, **kwargs) -> str:
    console = Console(file=io.StringIO(), width=400, color_system=None, record=True)
    terminal.render(report, console, **kwargs)
    return console.export_text()


def _column_breaks_in_gold(seed_path: Path, gold: dict) -> int:
    """Blank lines the gold reads through: the text on both sides meets inside one gold block."""
    lines = [line.strip() for line in seed_path.read_text(encoding="utf-8").split("\n")]
    texts = [b["text"] for a in gold["articles"] for b in a["blocks"]]
    count = 0
    for i in range(1, len(lines) - 1):
        if not lines[i] and lines[i - 1] and lines[i + 1]:
            seam = lines[i - 1][-4:] + lines[i + 1][:4]
            count += any(seam in text for text in texts)
    return count


def test_summary_counts_match_the_gold_structure(seed_report, seed_path, gold_json):
    blocks = [b for a in gold_json["articles"] for b in a["blocks"]]
    expected = {
        "articles": len(gold_json["articles"]),
        "paragraphs": sum(b["type"] == "paragraph" for b in blocks),
        "headings": sum(b["type"] == "heading" for b in blocks),
        "title blocks": sum(bool(a["title"] or a["kicker"] or a["authors"]) for a in gold_json["articles"]),
        "column breaks": _column_breaks_in_gold(seed_path, gold_json),
    }
    counts = seed_report.counts()
    assert {k: counts[k] for k in expected} == expected
    assert expected["column breaks"] > 0 and expected["title blocks"] == 2
    text = _terminal(seed_report)
    summary = next(line for line in text.splitlines() if line.startswith("Summary:"))
    for key, value in expected.items():
        assert f"{value} {key}" in summary


def test_every_decision_lands_on_exactly_one_row(seed_report, seed_trace):
    placed = [d for row in seed_report.rows for d in row.decisions if d.kind != "join"]
    placed += [d for notes in seed_report.notes.values() for d in notes]
    assert sorted(placed, key=repr) == sorted(seed_trace, key=repr)
    kinds = {d.kind for d in seed_trace}
    assert {"column-break", "paragraph-break", "heading", "title-block", "attach", "affiliation"} <= kinds


def test_terminal_shows_every_decision_with_rule_and_confidence(seed_report, seed_trace):
    text = _terminal(seed_report)
    lines = text.splitlines()
    for d in seed_trace:
        assert any(d.rule in line and f"{d.confidence:.2f}" in line for line in lines), d


def test_terminal_shows_each_joined_line_and_title_attachment(seed_report):
    text = _terminal(seed_report)
    # Every line joined to the next is marked, and a blank line read through says so.
    joined = [line for row in seed_report.rows for line in row.lines if line.join]
    assert joined and all(re.search(rf"^│\s*{line.number} .*\+", text, re.M) for line in joined[:50])
    assert text.count("┄ column break") == seed_report.counts()["column breaks"]
    for row in (r for r in seed_report.rows if r.kind == "title-block"):
        assert f"title block → article {row.article + 1}" in text
        title = seed_report.document.articles[row.article].title
        assert f"ARTICLE {row.article + 1}  {title}" in text


def test_doubtful_decisions_are_marked_and_counted(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(DOUBTFUL, encoding="utf-8")
    report = examine(page)
    doubtful = [d for d in report.decisions if d.confidence < DOUBT]
    assert doubtful and report.counts()["doubtful"] == len(doubtful)
    text = _terminal(report)
    assert text.count("⚑ REVIEW") == len(doubtful) and text.count("⚑") == 2 * len(doubtful)  # on its row, and listed at the end
    assert f"{len(doubtful)} doubtful" in text
    only = _terminal(report, only_doubtful=True)
    assert len(only.splitlines()) < len(text.splitlines()) and "⚑ REVIEW" in only
    page_html = lxml_html.fromstring(html_report.render(report))
    listed = page_html.xpath("//*[@id='review']/li")
    assert len(listed) == len(doubtful)
    for li in listed:
        target = li.xpath(".//a")[0].get("href")[1:]
        assert page_html.xpath(f"//tr[@id='{target}' and contains(@class, 'doubtful')]")


def test_html_carries_every_block_source_span(seed_report, seed_html):
    page = lxml_html.fromstring(seed_html)
    rows: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for tr in page.xpath("//tr[@data-block]"):
        key = (int(tr.get("data-article")), int(tr.get("data-block")))
        rows.setdefault(key, []).append((int(tr.get("data-start")), int(tr.get("data-end"))))
    expected = {}
    for ai, article in enumerate(seed_report.document.articles, 1):
        for bi, block in enumerate(article.blocks, 1):
            expected[(ai, bi)] = (block.span.start, block.span.end)
    assert {k: (min(s for s, _ in v), max(e for _, e in v)) for k, v in rows.items()} == expected
    for (ai, bi), (start, end) in expected.items():
        row = page.xpath(f"//tr[@data-article='{ai}' and @data-block='{bi}']")[0]
        numbers = [int(n.text) for n in row.xpath(".//td[@class='dump']//span[@class='n']")]
        assert numbers[0] == start and row.xpath(".//td[@class='span']")[0].text_content().startswith(str(start))
    # Each source line appears once, numbered, in the dump column.
    numbers = [int(div.get("data-line")) for div in page.xpath("//td[@class='dump']/div[@data-line]")]
    assert numbers == sorted(set(numbers)) and numbers[-1] >= max(e for _, e in expected.values())


def test_html_is_self_contained(seed_html):
    assert "<script" not in seed_html.lower()
    assert not re.search(r'(src|href)="(?!#|data:)', seed_html)


def _tiny_pdf(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A5)
    for n in range(pages):
        c.rect(40, 40 + n * 30, 200, 300, fill=1)
        c.showPage()
    c.save()


def test_html_embeds_thumbnails_of_the_built_pdf(tmp_path, seed_path):
    page = tmp_path / "page.txt"
    page.write_bytes(seed_path.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    _tiny_pdf(out / "page.pdf", 4)
    _tiny_pdf(out / "page.hk.pdf", 1)
    _tiny_pdf(out / "other.pdf", 1)  # another input's output: not shown
    report = examine(page, outputs=out, pages=3)
    assert [(t.name, t.page) for t in report.thumbnails] == [("page.pdf", 1), ("page.pdf", 2), ("page.pdf", 3), ("page.hk.pdf", 1)]
    doc = lxml_html.fromstring(html_report.render(report))
    images = doc.xpath("//*[@id='thumbnails']//img")
    assert len(images) == 4
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(images[0].get("src").split(",", 1)[1])))
    assert image.format == "PNG" and image.width == 220
    assert image.convert("L").getextrema()[0] < 50  # the black rectangle was rendered


def test_cli_inspect_terminal_html_and_stale_warning(tmp_path, seed_path, capsys):
    page = tmp_path / "page.txt"
    page.write_bytes(seed_path.read_bytes())
    (tmp_path / "page.huozi.toml").write_text("[lines]\nheading = [12]\nsplit = [11]\n", encoding="utf-8")
    assert main(["inspect", str(page)]) == 0
    out, err = capsys.readouterr()
    assert "Summary: 3 articles" in out and "6 headings" in out and "1 overrides applied, 1 stale" in out
    assert err.strip().splitlines() == [f"huozi: warning: {tmp_path / 'page.huozi.toml'}: [lines] split 11 no longer matches the input: "
                                        "line 11 is not inside a paragraph (blank, a heading, a title block, or past the end)"]
    report = tmp_path / "r.html"
    assert main(["inspect", str(page), "--html", str(report), "--outputs", str(tmp_path / "none")]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith(f"{report}: 3 articles") and "ARTICLE" not in out
    doc = lxml_html.fromstring(report.read_text(encoding="utf-8"))
    assert doc.xpath("//tr[@data-start='12' and @data-kind='heading']")
    assert "[lines] heading 12" in doc.xpath("//*[@id='overrides']")[0].text_content()
    assert "split 11" in doc.xpath("//ul[@class='stale']")[0].text_content()


def test_cli_inspect_bad_input_is_one_line(tmp_path, capsys):
    assert main(["inspect", str(tmp_path / "missing.txt")]) == 1
    _, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and "no such file" in err


def test_chromium_renders_the_report(tmp_path, seed_path, seed_report):
    chromium = require_tool("chromium")
    out = tmp_path / "out"
    out.mkdir()
    _tiny_pdf(out / "page.pdf", 2)
    page = tmp_path / "page.txt"
    page.write_bytes(seed_path.read_bytes())
    report_path = tmp_path / "report.html"
    report_path.write_text(html_report.render(examine(page, outputs=out)), encoding="utf-8")
    base = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(base + ["--dump-dom", report_path.as_uri()], capture_output=True, text=True, timeout=60).stdout
    rendered = lxml_html.fromstring(dom)
    assert len(rendered.xpath("//tr[@data-block]")) >= sum(len(a.blocks) for a in seed_report.document.articles)
    assert rendered.xpath("//*[@id='summary']/span[@data-count='articles']/span[@class='n']")[0].text == "3"
    assert len(rendered.xpath("//*[@id='thumbnails']//img")) == 2
    shot = tmp_path / "shot.png"
    subprocess.run(base + ["--window-size=1200,900", f"--screenshot={shot}", report_path.as_uri()],
                   capture_output=True, timeout=60)
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 900)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 20  # text, row colours and thumbnails, not a blank page
