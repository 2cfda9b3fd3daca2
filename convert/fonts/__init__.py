"""Fonts: resolve faces per role × script, check coverage, hand exporters TrueType files.

    chain = resolve_chain("body", "Hans", options.fonts)   # user → bundled → system
    missing = check_coverage(document.characters(), chain)
    report_missing(missing, strict=options.strict_glyphs, document=document)
    path = chain[0].truetype(chars)                         # TrueType, index 0, cached

Bundled fonts (fonts/, TrueType subsets of Noto Serif/Sans CJK) need no set-up;
CFF fonts from users or the system are converted for the characters used and cached.
"""

from .coverage import check_coverage, face_for, locate, renders, report_missing, reset_reported, split_runs
from .face import FontFace, open_face
from .outlines import cache_dir
from .resolve import ROLES, SCRIPTS, bundled_dir, resolve_chain, system_fonts_enabled

__all__ = [
    "FontFace", "ROLES", "SCRIPTS", "bundled_dir", "cache_dir", "check_coverage", "face_for", "locate",
    "open_face", "renders", "report_missing", "reset_reported", "resolve_chain", "split_runs",
    "system_fonts_enabled",
]
