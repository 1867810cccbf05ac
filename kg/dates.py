"""Event dates from DATE entity text, relative to the article's publication date."""

from __future__ import annotations

import re
from datetime import date as Date, timedelta

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}


def parse_date(text: str, published: str | None) -> str | None:
    """ISO date (YYYY, YYYY-MM or YYYY-MM-DD) for a DATE entity, or None if it names no point in time."""
    t = text.lower().replace(",", " ").replace(".", " ")
    words = t.split()
    pub = Date.fromisoformat(published) if published else None
    year = next((int(w) for w in words if re.fullmatch(r"(1[89]|20|21)\d\d", w)), None)
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    day = next((int(w.rstrip("stndrh")) for w in words
                if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", w) and 1 <= int(re.sub(r"\D", "", w)) <= 31), None)
    if any(w in ("years", "months", "weeks", "days", "decades", "year-long") for w in words) and not month:
        return None  # a duration ("35 years")
    if re.search(r"\d{4}-\d{2}-\d{2}", t):
        return re.search(r"\d{4}-\d{2}-\d{2}", t).group()
    if month and year:
        if day:
            try:
                return Date(year, month, day).isoformat()
            except ValueError:
                return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}"
    if year and not month and len(words) <= 3:
        return f"{year:04d}"
    if pub is None:
        return None
    if month and day:
        y = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
        try:
            return Date(y, month, day).isoformat()
        except ValueError:
            return None
    for w in words:
        if w in WEEKDAYS:
            delta = (pub.weekday() - WEEKDAYS[w]) % 7
            if "next" in words:
                delta = -((WEEKDAYS[w] - pub.weekday()) % 7 or 7)
            return (pub - timedelta(days=delta)).isoformat()
    if "yesterday" in words:
        return (pub - timedelta(days=1)).isoformat()
    if "today" in words or "tonight" in words:
        return pub.isoformat()
    if "tomorrow" in words:
        return (pub + timedelta(days=1)).isoformat()
    if month and not year:
        y = pub.year if month <= pub.month else pub.year - 1
        return f"{y:04d}-{month:02d}"
    return None
