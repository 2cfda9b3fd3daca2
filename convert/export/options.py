"""The one frozen options object every exporter takes, and page-size parsing.

Each exporter reads the fields that concern it and ignores the rest, so one
CLI flag set and one configuration file serve every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import UsageError

# Page presets in millimetres (width, height). 16k/32k are the Chinese book formats.
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "a5": (148.0, 210.0),
    "b5": (176.0, 250.0),
    "16k": (185.0, 260.0),
    "32k": (130.0, 184.0),
    "letter": (215.9, 279.4),
}
_CUSTOM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(mm)?\s*$", re.I)


def page_size_mm(spec: str) -> tuple[float, float]:
    """Parse a preset name or ``WxHmm`` into (width, height) in millimetres."""
    key = spec.strip().lower()
    if key in PAGE_SIZES:
        return PAGE_SIZES[key]
    match = _CUSTOM.match(key)
    if match:
        width, height = float(match.group(1)), float(match.group(2))
        if 50 <= width <= 1000 and 50 <= height <= 1000:
            return width, height
    names = "|".join(PAGE_SIZES)
    raise UsageError(f"page size {spec!r}: expected {names} or WxHmm (50–1000 mm each side)")


def default_margins_mm(width: float, height: float) -> tuple[float, float, float, float]:
    """Inner, outer, top, bottom margins that scale with the page (book proportions)."""
    short = min(width, height)
    inner = round(short * 0.10, 1)
    outer = round(short * 0.12, 1)
    top = round(height * 0.08, 1)
    bottom = round(height * 0.09, 1)
    return inner, outer, top, bottom


@dataclass(frozen=True)
class FontChoice:
    """User-chosen fonts per role: a file path (``path.ttc#1`` or ``path.ttc#Face``) or a family name."""

    body: str | None = None
    bold: str | None = None
    heading: str | None = None


@dataclass(frozen=True)
class ExportOptions:
    page: str = "a4"
    margins: tuple[float, float, float, float] | None = None  # inner, outer, top, bottom (mm)
    font_size: float = 10.5  # pt
    leading: float = 1.7  # line height as a multiple of the font size
    bleed: float = 0.0  # mm
    crop_marks: bool = False
    article_break: str = "page"  # "page" | "continue"
    toc: bool | None = None  # None: only for documents with several articles
    title_page: bool | None = None  # None: only for documents with several articles
    title: str | None = None
    author: str | None = None
    date: str | None = None
    subject: str | None = None
    embed_fonts: bool = False  # EPUB: embed subset fonts
    vertical: bool = False
    fonts: FontChoice = field(default_factory=FontChoice)
    strict_glyphs: bool = False
    # Creation time (seconds since the epoch) when no date is given: the batch coordinator
    # decides it once and hands it to every task, so outputs do not depend on where they ran.
    timestamp: float | None = None

    def __post_init__(self) -> None:
        page_size_mm(self.page)  # validate early, one clear message
        if self.article_break not in ("page", "continue"):
            raise UsageError(f"--article-break {self.article_break!r}: expected page or continue")
        if not 5 <= self.font_size <= 72:
            raise UsageError(f"--font-size {self.font_size}: expected 5–72 pt")
        if not 1.0 <= self.leading <= 4.0:
            raise UsageError(f"--leading {self.leading}: expected 1.0–4.0 times the font size")
        if not 0 <= self.bleed <= 20:
            raise UsageError(f"--bleed {self.bleed}: expected 0–20 mm")
        if self.margins is not None and (len(self.margins) != 4 or any(m < 0 for m in self.margins)):
            raise UsageError("--margins: expected four non-negative numbers in mm: inner,outer,top,bottom")

    @property
    def page_mm(self) -> tuple[float, float]:
        return page_size_mm(self.page)

    @property
    def margins_mm(self) -> tuple[float, float, float, float]:
        return self.margins if self.margins is not None else default_margins_mm(*self.page_mm)
