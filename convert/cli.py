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


def _read_input(args: argparse.Namespace):
    """Read one input; corrections that no longer match it are one-line warnings."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = pipeline.read(args.input, args.encoding, args.overrides)
    for warning in caught:
        _warn(str(warning.message))
    return doc


def _cmd_parse(args: argparse.Namespace) -> int:
    doc = _read_input(args)
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
    from . import batch
    from .export import FORMATS
    from .progress import Progress

    for fmt in formats:  # an unknown format is a usage error before any work starts
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers {args.workers}: expected 1 or more")
    kwargs = {"keep_quotes": args.keep_quotes, "source": args.source_variant, "phrases": phrases}
    settings = batch.Settings(
        formats=tuple(dict.fromkeys(formats)),
        variants=tuple(dict.fromkeys(variants)),
        options=options,
        encoding=args.encoding,
        variant_kwargs=tuple(sorted(kwargs.items())),
        overrides=args.overrides,
    )
    if args.overrides:  # a bad file fails before any work starts
        from .parse.overrides import load

        load(args.overrides)
    out = Path(args.out)
    job = batch.Batch(
        inputs=batch.discover(args.inputs, out),
        out=out,
        settings=settings,
        workers=args.workers or batch.default_workers(),
        dask=args.dask,
        resume=args.resume,
        force=args.force,
        book=args.book,
        author=args.author,
        date=args.date,
    )
    if not job.inputs:
        raise UsageError(f"no *.txt input found in {', '.join(args.inputs)}")
    if args.overrides and len(job.inputs) > 1:
        raise UsageError("--overrides names lines of one input; for several, put <stem>.huozi.toml next to each")
    with Progress(batch.book_total(job), quiet=args.quiet) as progress:
        outcome = batch.run(job, progress)
    if args.report:
        batch.write_report(Path(args.report), job, outcome)
    failed = outcome.failed
    if not args.quiet:
        summary = outcome.report(job)["summary"]
        counts = ", ".join(f"{v} {k}" for k, v in summary.items() if k not in ("inputs", "outputs_built"))
        rate = summary["inputs"] / outcome.seconds if outcome.seconds else 0.0
        print(f"{PROG}: {summary['inputs']} inputs: {counts}; {summary['outputs_built']} outputs written "
              f"in {outcome.seconds:.1f} s ({rate:.1f} inputs/s)")
    if failed:
        print(f"{PROG}: {len(failed)} failed:", file=sys.stderr)
        for result in failed:
            error = result["error"]
            # Input errors already name their file; say it once.
            print(f"  {error}" if error.startswith(f"{result['input']}:") else f"  {result['input']}: {error}", file=sys.stderr)
    return 1 if failed else 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    from .inspect import examine

    report = examine(args.input, args.encoding, args.overrides, args.outputs if args.html else None)
    for message in report.stale:
        _warn(message)
    if args.html:
        from .atomic import write_text
        from .inspect.html import render as html

        write_text(Path(args.html), html(report))
    if not args.html or args.show:
        from rich.console import Console

        from .inspect.terminal import render

        console = Console()
        if not console.is_terminal:  # piped or saved: room for the dump beside the parse
            console = Console(width=160)
        render(report, console, only_doubtful=args.doubtful)
    else:
        print(f"{args.html}: {report.summary()}")
    return 0


def _cmd_config(args: argparse.Namespace) -> int:
    from . import config

    path = config.find_file(["--config", args.config] if args.config else [])
    sys.stdout.write(config.show(args.build_parser, path))
    return 0


def _cmd_fonts(args: argparse.Namespace) -> int:
    from .export.typography import font_script
    from .fonts.listing import describe_chains

    doc = pipeline.read(args.check, args.encoding) if args.check else None
    script = args.script or (font_script(doc.lang) if doc else "Hans")
    report, missing = describe_chains(
        script, FontChoice(args.font_body, args.font_bold, args.font_heading),
        text=doc.characters() if doc else None, document=doc, source=args.check)
    sys.stdout.write(report)
    return 1 if missing else 0


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
    p.add_argument("--overrides", metavar="FILE", help="an editor's corrections (default: <stem>.huozi.toml beside INPUT)")
    p.set_defaults(func=_cmd_parse)

    i = sub.add_parser("inspect", help="show the parser's decisions beside the dump (terminal, or --html)")
    i.add_argument("input")
    i.add_argument("--html", metavar="REPORT.html", help="write one self-contained HTML page")
    i.add_argument("--show", action="store_true", help="with --html, print the terminal view too")
    i.add_argument("--outputs", default="out", metavar="DIR", help="where built outputs are, for PDF thumbnails (default out/)")
    i.add_argument("--doubtful", action="store_true", help="terminal: only the rows with a doubtful decision")
    i.add_argument("--overrides", metavar="FILE", help="an editor's corrections (default: <stem>.huozi.toml beside INPUT)")
    i.add_argument("--encoding")
    i.set_defaults(func=_cmd_inspect)

    b = sub.add_parser("build", help="convert page dumps to PDF, EPUB and DOCX")
    b.add_argument("inputs", nargs="+", metavar="INPUT")
    b.add_argument("--to", default="pdf", help="formats, comma-separated: pdf,epub,docx")
    b.add_argument("--out", default="out", help="output folder (default out/)")
    b.add_argument("--variant", default="", help="cn,t,hk,mo,tw,twp (several: one parse, many outputs)")
    b.add_argument("--keep-quotes", action="store_true", help="keep “” quotes in traditional output")
    b.add_argument("--source-variant", help="the input's variant (cn,t,hk,mo,tw,twp); detected by default")
    b.add_argument("--phrases", metavar="FILE", help="phrase file overriding OpenCC: source<TAB>target, or a word to keep")
    b.add_argument("--encoding")
    b.add_argument("--overrides", metavar="FILE", help="an editor's corrections for the one INPUT (default: <stem>.huozi.toml beside each)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress; errors and warnings still shown")
    r = b.add_argument_group("batch")
    r.add_argument("--workers", type=int, help="parallel worker processes (default: all cores)")
    r.add_argument("--dask", metavar="ADDRESS", help="run on a Dask cluster: tcp://HOST:PORT, or 'local'")
    r.add_argument("--resume", action=argparse.BooleanOptionalAction, default=True,
                   help="skip outputs already built from the same input and options (default on)")
    r.add_argument("--force", action="store_true", help="rebuild every output")
    r.add_argument("--report", metavar="FILE.json", help="write a JSON report: outputs, timings, warnings, errors")
    r.add_argument("--book", metavar="TITLE", help="merge all inputs, in natural order, into one book")
    r.add_argument("--config", metavar="FILE", help="settings file (default: ./huozi.toml if present)")
    _add_export_flags(b)
    b.set_defaults(func=_cmd_build)

    c = sub.add_parser("config", help="show the effective build settings (defaults ← huozi.toml)")
    c.add_argument("--show", action="store_true", help="print the settings as TOML (the default action)")
    c.add_argument("--config", metavar="FILE", help="settings file (default: ./huozi.toml if present)")
    c.set_defaults(func=_cmd_config, build_parser=b)

    f = sub.add_parser("fonts", help="list the fonts per role; with --check, the characters each lacks")
    f.add_argument("--script", choices=("Hans", "Hant-TW", "Hant-HK"), help="glyph forms (default: the input's, else Hans)")
    f.add_argument("--check", metavar="INPUT", help="a page dump whose characters are checked against each font")
    f.add_argument("--encoding")
    for role in ("body", "bold", "heading"):
        f.add_argument(f"--font-{role}", metavar="PATH_OR_FAMILY")
    f.set_defaults(func=_cmd_fonts)
    return parser


def main(argv: list[str] | None = None) -> int:
    from . import config

    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        config.apply(parser, argv)  # huozi.toml values become the defaults of `build`
    except HuoziError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
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
