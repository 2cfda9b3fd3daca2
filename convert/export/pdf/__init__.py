"""Print-ready PDF with Chinese typesetting: ``write(document, path, options)``.

fonts (resolve, register, measure) → layout (our line breaker, pages on a baseline grid)
→ draw (ReportLab canvas: text runs, furniture, boxes, outline, metadata).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ...errors import ExportError, HuoziError
from ...model import Document, dumps
from .. import stamp
from ..options import ExportOptions

CREATOR = "Huozi"


def write(document: Document, path, options: ExportOptions | None = None) -> None:
    from . import draw, fonts, layout

    options = options or ExportOptions()
    text = document.characters() + layout.furniture_text(document, options)
    painter = draw.Painter
    if options.vertical:
        from . import vertical

        roles, shift = vertical.load_fonts(document, options, text)
        laid = vertical.build(document, options, roles, shift)
        painter = vertical.VerticalPainter
    else:
        roles = fonts.load(document, options.fonts, text, strict=options.strict_glyphs)
        laid = layout.build(document, options, roles)
    title = layout.document_title(document, options)
    meta = {
        "title": title,
        "author": layout.document_author(document, options),
        "subject": options.subject or "；".join(
            layout.typography.article_label(a, i) for i, a in enumerate(document.articles)
        ),
        "creator": CREATOR,
        "producer": f"{CREATOR} (ReportLab)",
        "created": stamp.moment(options, document.date),
        # The /ID: the same document and options give the same file, wherever it is built.
        "fingerprint": hashlib.sha256(f"{dumps(document, indent=None)}\n{options!r}".encode("utf-8", "surrogatepass")).digest(),
    }
    try:
        draw.render(Path(path), document, options, laid, roles, meta, painter)
    except HuoziError:
        raise
    except OSError as exc:
        raise ExportError(f"{path}: cannot write PDF ({exc.strerror or exc})") from None
