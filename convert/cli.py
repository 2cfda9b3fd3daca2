"""The ``huozi`` command line. Nothing imports this module but ``__main__``.

Every failure the user can cause ends in one line on stderr and a non-zero exit:
1 for bad input, 2 for bad usage; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import pipeline
from .errors import HuoziError, UsageError
from .export.options import ExportOptions, FontChoice
from .model import dumps
from .outline import outline

PROG = "huozi"


def _warn(message: str) -> None:
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _margins(value: str) -> tuple[float, float, float, float]:
    try:
        parts = [float(p) for p in _csv(value)]
    except ValueError:
        raise argparse.ArgumentTypeError("expected numbers in mm: inner,outer,top,bottom") from None
    if len(parts) == 1:
        parts *= 4
    if len(parts) != 4:
        raise argparse.ArgumentTypeError("expected 1 or 4 numbers in mm: inner,outer,top,bottom")
    return tuple(parts)  # type: ignore[return-value]


# --- parse -----------------------------------------------------------------


def _cmd_parse(args: argparse.Namespace) -> int:
    doc = pipeline.read(args.input, args.encoding)
    if not doc.articles:
        _warn(f"{args.input}: no text found (empty or whitespace only)")
    text = outline(doc) if args.outline else dumps(doc) + "\n"
    if args.output:
        from .atomic import write_text

        write_text(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return 0


# --- build -----------------------------------------------------------------


def export_options(args: argparse.Namespace) -> ExportOptions:
    return ExportOptions(
        page=args.page,
        margins=args.margins,
        font_size=args.font_size,
        leading=args.leading,
        bleed=args.bleed,
        crop_marks=args.crop_marks,
        article_break=args.article_break,
        toc=args.toc,
        title=args.title,
        author=args.author,
        date=args.date,
        embed_fonts=args.embed_fonts,
        vertical=args.vertical,
        fonts=FontChoice(args.font_body, args.font_bold, args.font_heading),
        strict_glyphs=args.strict_glyphs,
    )


def _cmd_build(args: argparse.Namespace) -> int:
    formats = _csv(args.to)
    variants = _csv(args.variant) or [pipeline.DEFAULT_VARIANT]
    from .transform.phrases import load_phrases
    from .transform.variants import check_variant

    for variant in variants:  # bad flags fail before any input is read
        check_variant(variant)
    if args.source_variant:
        check_variant(args.source_variant, what="source variant")
    phrases = load_phrases(args.phrases) if args.phrases else None
    options = export_options(args)
    out = Path(args.out)
    failed = 0
    for name in args.inputs:
        try:
            doc = pipeline.read(name, args.encoding)
            if not doc.articles:
                _warn(f"{name}: no text found (empty or whitespace only)")
            for variant in variants:
                converted = pipeline.convert_variant(
                    doc, variant, keep_quotes=args.keep_quotes, source=args.source_variant, phrases=phrases
                )
                for fmt in formats:
                    target = out / pipeline.output_name(Path(name).stem, variant, fmt)
                    pipeline.export(converted, fmt, target, options)
                    if not args.quiet:
                        print(target)
        except HuoziError as exc:
            if isinstance(exc, UsageError):
                raise
            print(f"{PROG}: error: {exc}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def _add_export_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("layout")
    g.add_argument("--page", default="a4", help="a4|a5|b5|16k|32k|letter|WxHmm (default a4)")
    g.add_argument("--margins", type=_margins, help="mm: inner,outer,top,bottom (mirrored on facing pages)")
    g.add_argument("--font-size", type=float, default=10.5, help="body size in pt (default 10.5)")
    g.add_argument("--leading", type=float, default=1.7, help="line height / font size (default 1.7)")
    g.add_argument("--bleed", type=float, default=0.0, help="bleed in mm")
    g.add_argument("--crop-marks", action="store_true", help="draw crop marks outside the trim")
    g.add_argument("--article-break", choices=("page", "continue"), default="page")
    g.add_argument("--toc", action=argparse.BooleanOptionalAction, default=None, help="table of contents")
    g.add_argument("--vertical", action="store_true", help="vertical typesetting (top to bottom, right to left)")
    g.add_argument("--horizontal", dest="vertical", action="store_false", help="horizontal typesetting (default)")
    m = p.add_argument_group("metadata")
    m.add_argument("--title")
    m.add_argument("--author")
    m.add_argument("--date")
    f = p.add_argument_group("fonts")
    f.add_argument("--font-body", metavar="PATH_OR_FAMILY")
    f.add_argument("--font-bold", metavar="PATH_OR_FAMILY")
    f.add_argument("--font-heading", metavar="PATH_OR_FAMILY")
    f.add_argument("--embed-fonts", action="store_true", help="EPUB: embed the body font, subset")
    f.add_argument("--strict-glyphs", action="store_true", help="a character no font has is an error")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Raw Chinese newspaper page dumps → structured articles, PDF, EPUB, DOCX.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse a page dump to JSON (or an outline)")
    p.add_argument("input")
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    p.add_argument("--outline", action="store_true", help="print a human-readable outline")
    p.add_argument("--encoding", help="override encoding detection (e.g. gb18030, big5)")
    p.set_defaults(func=_cmd_parse)

    b = sub.add_parser("build", help="convert page dumps to PDF, EPUB and DOCX")
    b.add_argument("inputs", nargs="+", metavar="INPUT")
    b.add_argument("--to", default="pdf", help="formats, comma-separated: pdf,epub,docx")
    b.add_argument("--out", default="out", help="output folder (default out/)")
    b.add_argument("--variant", default="", help="cn,t,hk,mo,tw,twp (several: one parse, many outputs)")
    b.add_argument("--keep-quotes", action="store_true", help="keep “” quotes in traditional output")
    b.add_argument("--source-variant", help="the input's variant (cn,t,hk,mo,tw,twp); detected by default")
    b.add_argument("--phrases", metavar="FILE", help="phrase file overriding OpenCC: source<TAB>target, or a word to keep")
    b.add_argument("--encoding")
    b.add_argument("-q", "--quiet", action="store_true")
    _add_export_flags(b)
    b.set_defaults(func=_cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except HuoziError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
