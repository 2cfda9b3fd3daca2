"""``--to json``: the parsed (and converted) document, readable back into the same model."""

from __future__ import annotations

import subprocess
import sys

from convert.model import loads

from conftest import ROOT, SEED


def test_json_output_reads_back_as_the_converted_document(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "convert", "build", str(SEED), "--to", "json", "--variant", "cn,hk", "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    cn = loads((tmp_path / f"{SEED.stem}.json").read_text(encoding="utf-8"))
    hk = loads((tmp_path / f"{SEED.stem}.hk.json").read_text(encoding="utf-8"))
    assert (cn.lang, hk.lang) == ("zh-Hans", "zh-Hant-HK")
    assert cn.articles[0].title == "以耦合促融合 共建国际一流湾区"
    assert hk.articles[0].title == "以耦合促融合 共建國際一流灣區"
    assert [len(a.blocks) for a in cn.articles] == [len(a.blocks) for a in hk.articles]
