"""``huozi inspect``: what the parser decided about one page dump, for an editor to check.

``examine`` parses with a trace (and the editor's overrides, if any) and builds the
report; ``terminal.render`` prints it with rich, ``html.render`` writes one
self-contained page (with thumbnails of the PDF already built from this input).
"""

from __future__ import annotations

from pathlib import Path

from .report import Report


def examine(path: str | Path, encoding: str | None = None, overrides: str | Path | None = None,
            outputs: str | Path | None = None, pages: int = 3) -> Report:
    from dataclasses import replace

    from .. import pipeline
    from ..decode import decode
    from ..parse.overrides import load
    from ..parse.passes import run
    from ..parse.trace import Trace
    from . import report, thumbs

    path = Path(path)
    text = decode(pipeline.read_bytes(path), encoding, name=str(path))
    found = pipeline.overrides_file(path, overrides)
    session = load(found).session() if found else None
    trace = Trace()
    document = replace(run(text, trace, session), source=path.stem)
    result = report.build(path, text, document, trace.decisions)
    if session is not None:
        result.overrides, result.applied, result.stale = str(found), list(session.applied), session.stale()
    if outputs is not None:
        result.outputs = [p.name for p in thumbs.outputs_of(path.stem, Path(outputs))]
        result.thumbnails = thumbs.render(path.stem, Path(outputs), pages)
    return result


__all__ = ["Report", "examine"]
