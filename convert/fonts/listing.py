"""The text of ``huozi fonts``: the resolved chain per role and, for a document, what each face lacks."""

from __future__ import annotations

from .coverage import check_coverage, locate, renders
from .resolve import ROLES, resolve_chain, system_fonts_enabled

_SHOWN = 30  # characters listed per face before "… and N more"


def _chars(chars: list[str]) -> str:
    shown = " ".join(f"U+{ord(c):04X} {c}" for c in chars[:_SHOWN])
    return shown + (f" … and {len(chars) - _SHOWN} more" if len(chars) > _SHOWN else "")


def describe_chains(script: str, choice=None, *, text: str | None = None, document=None,
                    source: str | None = None) -> tuple[str, int]:
    """(report, number of characters no face has). ``text`` is checked when given."""
    lines = [f"script {script}" + ("" if system_fonts_enabled() else " (system fonts off: HUOZI_NO_SYSTEM_FONTS=1)")]
    wanted = sorted({c for c in text if renders(c)}) if text is not None else []
    if text is not None:
        lines.append(f"checking {source or 'input'}: {len(wanted)} distinct characters")
    unresolved: set[str] = set()
    for role in ROLES:
        chain = resolve_chain(role, script, choice)
        lines.append(f"{role}:")
        for number, face in enumerate(chain, 1):
            lines.append(f"  {number}. {face}")
            if text is not None:
                lacks = sorted(face.missing(wanted))
                lines.append(f"     lacks {len(lacks)}" + (f": {_chars(lacks)}" if lacks else ""))
        if text is not None:
            missing = check_coverage(text, chain)
            unresolved.update(missing)
            for char, count in missing.items():
                where = locate(char, document, text)
                lines.append(f"  no face has U+{ord(char):04X} {char} ({count}×" + (f", first in {where})" if where else ")"))
    if text is not None:
        lines.append(f"{len(unresolved)} characters have no font" if unresolved else "every character has a font")
    return "\n".join(lines) + "\n", len(unresolved)
