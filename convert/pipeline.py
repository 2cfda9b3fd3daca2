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


def overrides_file(path: str | Path, explicit: str | Path | None = None) -> Path | None:
    """The editor's corrections for an input: ``explicit``, else its ``<stem>.huozi.toml`` if present."""
    from .parse.overrides import sidecar

    if explicit:
        return Path(explicit)
    side = sidecar(path)
    return side if side.is_file() else None


def overrides_bytes(path: str | Path, explicit: str | Path | None = None) -> bytes:
    """The corrections' bytes (empty when none), for resume keys that must change when they do."""
    found = overrides_file(path, explicit)
    return read_bytes(found) if found else b""


def read(path: str | Path, encoding: str | None = None, overrides: str | Path | None = None) -> Document:
    """Read and parse one page dump, applying the corrections ``overrides_file`` finds;
    each correction that no longer matches the input is an ``OverrideWarning``."""
    import warnings

    from .parse.overrides import OverrideWarning, load
    from .transform import tag_language

    path = Path(path)
    text = decode(read_bytes(path), encoding, name=str(path))
    found = overrides_file(path, overrides)
    session = load(found).session() if found else None
    doc = parse_text(text, session)
    for message in session.stale() if session else ():
        warnings.warn(message, OverrideWarning, stacklevel=2)
    # A traditional dump must say so (lang tag, fonts) even before any conversion.
    return tag_language(replace(doc, source=path.stem))


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
