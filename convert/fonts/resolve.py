"""Which faces serve a role in a script: the user's choice, then the bundled set, then the system's.

The chain is ordered; coverage falls back through it character by character.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from ..errors import FontError
from .face import FONT_SUFFIXES, FontFace, open_face, parse_spec

ROLES = ("body", "bold", "heading")
SCRIPTS = ("Hans", "Hant-TW", "Hant-HK")

# role → bundled file per glyph-form region (see fonts/README.md).
BUNDLED = {
    "body": "NotoSerifCJK-{region}-Regular.ttf",
    "bold": "NotoSerifCJK-{region}-Bold.ttf",
    "heading": "NotoSansCJK-{region}-Bold.ttf",
}
# Glyph forms to try per script, best first: a rare character borrows the other forms
# rather than going missing. HK files are used when present (the budget has none yet).
REGIONS = {"Hans": ("SC", "TC"), "Hant-TW": ("TC", "SC"), "Hant-HK": ("HK", "TC", "SC")}
# fontconfig patterns per role and language per script.
_FC_ROLE = {"body": "serif:weight=regular", "bold": "serif:weight=bold", "heading": "sans-serif:weight=bold"}
_FC_LANG = {"Hans": "zh-cn", "Hant-TW": "zh-tw", "Hant-HK": "zh-hk"}
_FC_FORMATS = {"TrueType", "CFF"}
SYSTEM_LIMIT = 3  # CJK faces per chain; more only slow coverage checks down


def bundled_dir() -> Path:
    env = os.environ.get("HUOZI_FONT_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "fonts"


def system_fonts_enabled() -> bool:
    return os.environ.get("HUOZI_NO_SYSTEM_FONTS", "") not in ("1", "true", "yes")


def bundled_faces(role: str, script: str) -> list[FontFace]:
    faces = []
    for region in REGIONS[script]:
        path = bundled_dir() / BUNDLED[role].format(region=region)
        if path.is_file():
            faces.append(_open_cached(str(path), 0, "bundled", path.stat().st_mtime_ns))
    return faces


@lru_cache(maxsize=None)
def _open_cached(path: str, index: int, source: str, mtime_ns: int) -> FontFace:
    return open_face(Path(path), index, source=source)


# --- fontconfig --------------------------------------------------------------------


def _fc(args: list[str]) -> list[list[str]]:
    import shutil
    import subprocess  # only when system fonts are asked for: ~5 ms of every start otherwise

    exe = shutil.which(args[0])
    if not exe:
        return []
    try:
        out = subprocess.run([exe, *args[1:]], capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.split("\t") for line in out.splitlines() if line.strip()]


def _fc_faces(rows: list[list[str]], lang: str | None, limit: int) -> list[FontFace]:
    faces: list[FontFace] = []
    for row in rows:
        if len(faces) >= limit:
            break
        if len(row) < 3 or row[2] not in _FC_FORMATS or Path(row[0]).suffix.lower() not in FONT_SUFFIXES:
            continue
        if lang and (len(row) < 4 or lang not in row[3].split("|")):
            continue
        try:
            path = Path(row[0])
            faces.append(_open_cached(str(path), int(row[1] or 0), "system", path.stat().st_mtime_ns))
        except (FontError, OSError, ValueError):
            continue  # an unreadable system font is simply not a candidate
    return faces


def system_faces(role: str, script: str) -> list[FontFace]:
    """Installed CJK faces in fontconfig's order of preference, plus one with Extension B."""
    if not system_fonts_enabled():
        return []
    lang = _FC_LANG[script]
    fmt = "%{file}\t%{index}\t%{fontformat}\t%{lang}\n"
    faces = _fc_faces(_fc(["fc-match", "-s", "-f", fmt, f"{_FC_ROLE[role]}:lang={lang}"]), lang, SYSTEM_LIMIT)
    faces += _fc_faces(_fc(["fc-list", "-f", "%{file}\t%{index}\t%{fontformat}\n", ":charset=20000"]), None, 1)
    return faces


def family_face(family: str, role: str) -> FontFace:
    """A face by family name: a bundled one, else fontconfig's (only on an exact family match)."""
    wanted = family.casefold()
    for script in SCRIPTS:
        for face in bundled_faces(role, script):
            if wanted in (face.family.casefold(), face.name.casefold()):
                return face
    if not system_fonts_enabled():
        raise FontError(f"font family {family!r} is not bundled (system fonts are off: HUOZI_NO_SYSTEM_FONTS=1)")
    weight = ":weight=bold" if role in ("bold", "heading") else ""
    rows = _fc(["fc-match", "-f", "%{file}\t%{index}\t%{fontformat}\t%{family}\n", f"{family}{weight}"])
    for row in rows:
        families = [f.casefold() for f in row[3].split(",")] if len(row) > 3 else []
        if wanted in families:
            try:
                return open_face(Path(row[0]), int(row[1] or 0), source="user")
            except ValueError:
                break
    raise FontError(f"font family {family!r} not found (fontconfig has no such family; give a font file path instead)")


def user_face(spec: str | os.PathLike, role: str) -> FontFace:
    text = os.fspath(spec).strip()
    if not text:
        raise FontError(f"--font-{role}: empty font name")
    path, selector = parse_spec(text)
    looks_like_file = path.suffix.lower() in FONT_SUFFIXES or os.sep in text or path.exists()
    if looks_like_file:
        return open_face(path, selector, source="user")
    return family_face(text, role)


# --- the chain ---------------------------------------------------------------------


def _user_spec(role: str, choice) -> str | None:
    if choice is None or isinstance(choice, (str, os.PathLike)):
        return os.fspath(choice) if choice is not None else None
    return getattr(choice, role, None)  # a FontChoice (body, bold, heading)


def resolve_chain(role: str, script: str, choice=None) -> list[FontFace]:
    """Faces for ``role`` in ``script``, best first: the user's, the bundled ones, the system's.

    ``choice`` is a FontChoice (its field for ``role`` is used) or a path/family string.
    """
    if role not in ROLES:
        raise ValueError(f"role {role!r}: expected one of {ROLES}")
    if script not in SCRIPTS:
        raise ValueError(f"script {script!r}: expected one of {SCRIPTS}")
    spec = _user_spec(role, choice)
    chain = list(_chain(role, script, spec, system_fonts_enabled(), str(bundled_dir()), os.environ.get("FONTCONFIG_FILE")))
    if not chain:
        raise FontError(f"no {role} font for {script}: bundled fonts missing in {bundled_dir()} and no system CJK font")
    return chain


@lru_cache(maxsize=64)
def _chain(role: str, script: str, spec: str | None, system: bool, bundled: str, fc_config: str | None) -> tuple[FontFace, ...]:
    # The last three arguments only key the cache: the environment they come from may change.
    faces: list[FontFace] = []
    if spec:
        faces.append(user_face(spec, role))
    faces += bundled_faces(role, script)
    faces += system_faces(role, script)
    seen, unique = set(), []
    for face in faces:
        if (face.path, face.index) not in seen:
            seen.add((face.path, face.index))
            unique.append(face)
    return tuple(unique)
