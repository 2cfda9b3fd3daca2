"""The seed page parses exactly to its hand-checked gold, through the API and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import convert
from convert.model import document_to_json

from conftest import ROOT, SEED


def _gold_shape(data: dict) -> list[dict]:
    """The gold keys only: extra keys (source spans, lang) are allowed beside them."""
    keys = ("kicker", "title", "subtitle", "authors", "affiliation")
    return [
        {**{k: a[k] for k in keys}, "blocks": [{"type": b["type"], "text": b["text"]} for b in a["blocks"]]}
        for a in data["articles"]
    ]


def test_api_reproduces_gold(gold_json):
    doc = convert.read(SEED)
    assert _gold_shape(document_to_json(doc)) == gold_json["articles"]


def test_cli_reproduces_gold(gold_json):
    result = subprocess.run(
        [sys.executable, "-m", "convert", "parse", str(SEED)], capture_output=True, text=True, encoding="utf-8", cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert _gold_shape(json.loads(result.stdout)) == gold_json["articles"]
    assert "\\u" not in result.stdout  # UTF-8, not ASCII-escaped


def test_every_block_has_a_source_span_inside_its_article():
    doc = convert.read(SEED)
    for article in doc.articles:
        for block in article.blocks:
            assert block.span is not None and block.span.start <= block.span.end
            assert article.span.start <= block.span.start and block.span.end <= article.span.end
