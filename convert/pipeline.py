"""The one place the whole flow is written: read → parse → transform → export."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .atomic import atomic_path
from .decode import decode
from .errors import InputError
from .model import Document
from .parse import parse_text

# Output file suffix per variant; the default (no conversion) adds none.
DEFAULT_VARIANT = "cn"


def read_bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def read(path: str | Path, encoding: str | None = None) -> Document:
    """Read and parse one page dump."""
    from .transform import tag_language

    path = Path(path)
    text = decode(read_bytes(path), encoding, name=str(path))
    # A traditional dump must say so (lang tag, fonts) even before any conversion.
    return tag_language(replace(parse_text(text), source=path.stem))


def convert_variant(doc: Document, variant: str | None, **kwargs) -> Document:
    """Apply a Chinese variant; ``None`` or the default on simplified text is the identity."""
    if not variant:
        return doc
    from .transform import variant as to_variant

    return to_variant(doc, variant, **kwargs)


def output_name(stem: str, variant: str | None, fmt: str) -> str:
    if variant and variant != DEFAULT_VARIANT:
        return f"{stem}.{variant}.{fmt}"
    return f"{stem}.{fmt}"


def export(doc: Document, fmt: str, target: Path, options) -> Path:
    """Write one format atomically: the target appears whole or not at all."""
    from .export import writer_for

    write = writer_for(fmt)
    target = Path(target)
    with atomic_path(target) as tmp:
        write(doc, tmp, options)
    return target
