"""A book cover drawn from the title, kicker and date with the bundled fonts (Pillow).

Format-neutral: it returns image bytes; any exporter may embed them. The
layout borrows from a newspaper front page: a red rule at the head, the
kicker above a large bold title, a thin rule, the date at the foot.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from .options import FontChoice
from .typography import LINE_END_FORBIDDEN, LINE_START_FORBIDDEN, font_script

SIZE = (1600, 2400)
PAPER = (247, 243, 234)
INK = (28, 28, 28)
RED = (176, 32, 28)
GREY = (90, 90, 90)


@dataclass(frozen=True)
class Cover:
    data: bytes
    media_type: str
    extension: str


def _font(role: str, lang: str, choice: FontChoice | None, chars: str, size: int):
    from ..fonts import resolve_chain

    face = resolve_chain(role, font_script(lang), choice)[0]
    return _load(str(face.truetype(chars)), size)


@lru_cache(maxsize=32)
def _load(path: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, size)  # parsing a 6 MB CJK face costs milliseconds: once per size


def wrap(text: str, font, width: float, *, breaks_at_spaces: bool = True) -> list[str]:
    """Break CJK text into balanced lines no wider than ``width``, keeping the line-start/-end rules.

    Pillow has no line breaker; a title is a few dozen characters, so a greedy
    pass that moves one character across a forbidden break is enough, repeated
    at narrower widths while the line count holds, so no line is left with an
    orphan character. Spaces in a newspaper title mark the editor's breaks.
    """
    parts = text.split() if breaks_at_spaces else [" ".join(text.split())]
    lines = [line for part in parts for line in _balanced(part, font, width)]
    return lines


def _balanced(text: str, font, width: float) -> list[str]:
    best = _greedy(text, font, width)
    low, high = 0.0, width
    while high - low > 4:  # binary search on the measure, a few steps for a few dozen characters
        middle = (low + high) / 2
        lines = _greedy(text, font, middle)
        if len(lines) <= len(best) and all(font.getlength(line) <= middle or len(line) == 1 for line in lines):
            best, high = lines, middle
        else:
            low = middle
    return best


def _greedy(text: str, font, width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for char in text:
        if line and font.getlength(line + char) > width:
            # Pull a forbidden line-start mark back, or push a forbidden line-end mark on.
            if (char in LINE_START_FORBIDDEN or line[-1] in LINE_END_FORBIDDEN) and len(line) > 1:
                lines.append(line[:-1])
                line = line[-1]
            else:
                lines.append(line)
                line = ""
        line += char
    if line:
        lines.append(line)
    return lines


def render(
    title: str,
    *,
    kicker: str | None = None,
    date: str | None = None,
    headlines: tuple[str, ...] = (),
    lang: str = "zh-Hans",
    fonts: FontChoice | None = None,
    size: tuple[int, int] = SIZE,
) -> Cover:
    """Draw the cover; ``headlines`` (a collection's article titles) are listed under the title.

    JPEG because it encodes in a few milliseconds and a flat cover compresses well.
    """
    from PIL import Image, ImageDraw

    width, height = size
    unit = width / 1600  # every measure below is for a 1600-px-wide cover
    margin = round(150 * unit)
    image = Image.new("RGB", size, PAPER)
    draw = ImageDraw.Draw(image)

    draw.rectangle((0, 0, width, round(36 * unit)), fill=RED)
    draw.rectangle((margin, round(150 * unit), width - margin, round(156 * unit)), fill=RED)

    y = round(330 * unit)
    if kicker:
        # A kicker reads best on one line: shrink a little before wrapping.
        for points in (60, 54, 48):
            font = _font("heading", lang, fonts, kicker, round(points * unit))
            if font.getlength(kicker) <= width - 2 * margin:
                break
        for line in wrap(kicker, font, width - 2 * margin, breaks_at_spaces=False):
            draw.text((width / 2, y), line, font=font, fill=GREY, anchor="mt")
            y += round(90 * unit)
        y += round(60 * unit)

    # The largest size at which the title fits in five lines.
    for points in (150, 130, 110, 96, 84, 72):
        font = _font("bold", lang, fonts, title, round(points * unit))
        lines = wrap(title, font, width - 2 * margin)
        if len(lines) <= 5:
            break
    step = round(points * 1.4 * unit)
    for line in lines:
        draw.text((width / 2, y), line, font=font, fill=INK, anchor="mt")
        y += step

    y += round(40 * unit)
    draw.rectangle((width / 2 - 120 * unit, y, width / 2 + 120 * unit, y + round(4 * unit)), fill=RED)
    y += round(110 * unit)

    if headlines:
        font = _font("body", lang, fonts, "".join(headlines), round(56 * unit))
        bottom = height - round(360 * unit)
        for headline in headlines:
            lines = wrap(headline, font, width - 2 * margin - round(100 * unit), breaks_at_spaces=False)
            if y + len(lines) * round(80 * unit) > bottom:
                break  # the rest would run into the date: a cover is not a table of contents
            for line in lines:
                draw.text((width / 2, y), line, font=font, fill=INK, anchor="mt")
                y += round(80 * unit)
            y += round(40 * unit)

    if date:
        font = _font("heading", lang, fonts, date, round(54 * unit))
        draw.text((width / 2, height - round(260 * unit)), date, font=font, fill=GREY, anchor="mt")
    draw.rectangle((margin, height - round(150 * unit), width - margin, height - round(146 * unit)), fill=INK)

    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, optimize=False)
    return Cover(out.getvalue(), "image/jpeg", "jpg")
