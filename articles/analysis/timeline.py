"""Attention over time: how many matching stories each day, week, month or year, beside
how many stories the whole archive has then (to normalise).

Buckets run in the archive's time zone, from the first to the last bucket that holds a
match, empty ones included (a chart must show the gaps). Undated stories are counted in
`total` and `undated`, never in a bucket: buckets + undated = total = the search total."""

import datetime
from urllib.parse import urlencode

from django.conf import settings

from articles.analysis.stories import InvalidParameter, Selection, choice, fetch, matching
from articles.kept import archive_state, kept

INTERVALS = ("day", "week", "month", "year")
MAX_BUCKETS = 1500


def parse_interval(value, default: str = "month") -> str:
    return choice(value, INTERVALS, default, "interval")


def timeline(selection: Selection, interval: str = "month") -> dict:
    """{"interval", "total", "undated", "buckets": [{"start", "end", "count", "all"}]}.

    Counts are kept (`articles.kept`): a search page draws the
    same chart for each page of results it shows."""
    state = archive_state()
    counts = _kept(selection, interval, state)
    undated = counts.pop(None, 0)
    total = undated + sum(counts.values())
    everything = _kept(Selection(), interval, state) if counts else {}
    starts = _starts(min(counts), max(counts), interval) if counts else []
    if len(starts) > MAX_BUCKETS:
        raise InvalidParameter(f"more than {MAX_BUCKETS} {interval}s: choose a longer interval or a shorter period")
    buckets = [
        {
            "start": start.isoformat(),
            "end": (next_start(start, interval) - datetime.timedelta(days=1)).isoformat(),
            "count": counts.get(start, 0),
            "all": everything.get(start, 0),
        }
        for start in starts
    ]
    return {"interval": interval, "total": total, "undated": undated, "buckets": buckets}


def _counts(selection: Selection, interval: str) -> dict:
    """{bucket start (a date, None for undated): matching stories}."""
    sql, params = matching(selection, "a.published_at")
    rows = fetch(
        f"SELECT date_trunc(%s, s.published_at AT TIME ZONE %s)::date, count(*) FROM ({sql}) s GROUP BY 1",
        [interval, settings.TIME_ZONE, *params],
        searching=bool(selection.query),
    )
    return dict(rows)


def _kept(selection: Selection, interval: str, state: str) -> dict:
    name = f"timeline:{interval}:{urlencode(selection.as_pairs())}"
    return dict(kept(name, lambda: list(_counts(selection, interval).items()), state))


def next_start(start: datetime.date, interval: str) -> datetime.date:
    """The start of the period after `start`'s (the calendar's last day after year 9999's
    periods: a date stored before the import refused such dates must not break a chart)."""
    try:
        return _period_after(start, interval)
    except (OverflowError, ValueError):
        return datetime.date.max


def _period_after(start: datetime.date, interval: str) -> datetime.date:
    if interval == "day":
        return start + datetime.timedelta(days=1)
    if interval == "week":
        return start + datetime.timedelta(days=7)
    if interval == "month":
        return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def _starts(first: datetime.date, last: datetime.date, interval: str) -> list[datetime.date]:
    starts, start = [], first
    while start <= last and len(starts) <= MAX_BUCKETS:
        starts.append(start)
        start = next_start(start, interval)
    return starts
