"""Creation times: one rule for every exporter (date → SOURCE_DATE_EPOCH → batch timestamp → fallback),
read back from the files, and the same document + options giving the same bytes."""

from __future__ import annotations

import subprocess
import zipfile
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from convert.export.options import ExportOptions
from convert.export.stamp import moment

from conftest import require_tool

STAMP = 1_700_000_000  # 2023-11-14 22:13:20 UTC
EPOCH_1980 = datetime(1980, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "options, declared, env, expected",
    [
        (ExportOptions(date="2024年3月5日", timestamp=STAMP), None, "1", datetime(2024, 3, 5, tzinfo=timezone.utc)),
        (ExportOptions(timestamp=STAMP), "2021/7/1", "1", datetime(2021, 7, 1, tzinfo=timezone.utc)),
        (ExportOptions(timestamp=STAMP), None, "86400", datetime(1970, 1, 2, tzinfo=timezone.utc)),
        (ExportOptions(date="not a date", timestamp=STAMP + 0.9), None, None, datetime.fromtimestamp(STAMP, timezone.utc)),
        (ExportOptions(), None, None, EPOCH_1980),
    ],
)
def test_the_first_known_time_wins(monkeypatch, options, declared, env, expected):
    if env is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", env)
    assert moment(options, declared, fallback=EPOCH_1980) == expected


def test_without_any_time_the_clock_is_the_fallback(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.now(timezone.utc).replace(microsecond=0)
    assert before <= moment(ExportOptions()) <= datetime.now(timezone.utc)


@pytest.fixture(scope="module")
def pdfs(gold_document, tmp_path_factory):
    from convert.export.pdf import write

    out = tmp_path_factory.mktemp("stamp")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HUOZI_NO_SYSTEM_FONTS", "1")
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        options = ExportOptions(page="32k", timestamp=STAMP)
        write(gold_document, out / "a.pdf", options)
        write(gold_document, out / "b.pdf", options)
        other = replace(gold_document, articles=gold_document.articles[:1])
        write(other, out / "other.pdf", options)
    return out


def _trailer_id(path) -> bytes:
    data = path.read_bytes()
    return data[data.rindex(b"/ID") :][:80]


def test_pdf_dates_come_from_the_timestamp(pdfs):
    info = subprocess.run([require_tool("pdfinfo"), "-isodates", str(pdfs / "a.pdf")],
                          capture_output=True, text=True, check=True).stdout
    fields = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in info.splitlines())}
    assert fields["CreationDate"] == fields["ModDate"] == "2023-11-14T22:13:20Z"


def test_pdf_same_input_same_bytes_and_id_from_content(pdfs):
    assert (pdfs / "a.pdf").read_bytes() == (pdfs / "b.pdf").read_bytes()
    assert _trailer_id(pdfs / "a.pdf") != _trailer_id(pdfs / "other.pdf")


def test_docx_core_properties_and_zip_times_come_from_the_timestamp(gold_document, tmp_path, monkeypatch):
    import docx

    from convert.export.docx import write

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write(gold_document, tmp_path / "a.docx", ExportOptions(timestamp=STAMP))
    props = docx.Document(str(tmp_path / "a.docx")).core_properties
    assert props.created == props.modified == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    with zipfile.ZipFile(tmp_path / "a.docx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
