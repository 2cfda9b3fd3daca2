"""The error family. Each carries a one-line message the CLI prints as is."""


class HuoziError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = 1

    def __str__(self) -> str:  # keep it to one line whatever was passed in
        return " ".join(super().__str__().split())


class InputError(HuoziError):
    """The input cannot be read: missing, binary, undecodable."""


class UsageError(HuoziError):
    """Bad flags or option values."""

    exit_code = 2


class FontError(HuoziError):
    """A font cannot be found, read or used, or a glyph is missing under --strict-glyphs."""


class ExportError(HuoziError):
    """An exporter failed to write its output."""
