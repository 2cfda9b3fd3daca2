"""When an output says it was made: one rule for every exporter.

The same input and options must give the same bytes wherever a batch task runs (inline, a
process pool, a Dask worker on another machine), so no exporter reads the clock when it can
be told the time. In order:

1. the document's date: ``--date``, else the date the document declares (an issue date);
2. ``SOURCE_DATE_EPOCH`` (reproducible-builds.org), when set;
3. ``options.timestamp``: decided by the batch coordinator and handed to every task;
4. the fallback the exporter chooses: the clock for PDF and DOCX, a fixed epoch for EPUB.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone

# 2024-03-05, 2024/3/5, 2024.3, 2024年3月5日; only the leading date is read.
_DATE = re.compile(r"^\s*(\d{4})(?:\s*[-/.年]\s*(\d{1,2}))?(?:\s*[-/.月]\s*(\d{1,2}))?")


def parse_date(value: str | None) -> datetime | None:
    """The start of a written date's day (UTC); None when it is not a date."""
    match = _DATE.match(value or "")
    if not match:
        return None
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        return datetime(year, month, day, tzinfo=timezone.utc)
    except ValueError:
        return None


def source_date_epoch() -> datetime | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return datetime.fromtimestamp(int(value), timezone.utc)


def moment(options, declared: str | None = None, fallback: datetime | None = None) -> datetime:
    """The creation time to write (UTC, whole seconds): see the module's order.

    ``declared`` is the document's own date; ``fallback`` None means the clock.
    """
    when = parse_date(getattr(options, "date", None) or declared) or source_date_epoch()
    if when is None and getattr(options, "timestamp", None) is not None:
        when = datetime.fromtimestamp(int(options.timestamp), timezone.utc)
    if when is None:
        when = fallback or datetime.now(timezone.utc)
    return when.replace(microsecond=0)
