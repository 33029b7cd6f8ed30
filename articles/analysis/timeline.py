"""Attention over time: how many matching stories each day, week, month or year, beside
how many stories the whole archive has then (to normalise).

Buckets run in the archive's time zone, from the first to the last bucket that holds a
match, empty ones included (a chart must show the gaps). Undated stories are counted in
`total` and `undated`, never in a bucket: buckets + undated = total = the search total."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max

from articles.analysis.stories import InvalidParameter, Selection, choice, fetch, matching
from articles.models import Article, Mention

INTERVALS = ("day", "week", "month", "year")
MAX_BUCKETS = 1500
KEPT_SECONDS = 300


def parse_interval(value, default: str = "month") -> str:
    return choice(value, INTERVALS, default, "interval")


def timeline(selection: Selection, interval: str = "month") -> dict:
    """{"interval", "total", "undated", "buckets": [{"start", "end", "count", "all"}]}.

    Counts are kept a few minutes (under a key that changes when an article is added): a
    search page draws the same chart for each page of results it shows."""
    key = f"timeline:{interval}:{_archive_state()}:{urlencode(selection.as_pairs())}"
    counts = dict(cache.get_or_set(key, lambda: list(_counts(selection, interval).items()), KEPT_SECONDS))
    undated = counts.pop(None, 0)
    total = undated + sum(counts.values())
    everything = _all_counts(interval) if counts else {}
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


def _all_counts(interval: str) -> dict:
    """Every story of the archive per bucket: the same for every query."""
    key = f"timeline:{interval}:{_archive_state()}:"
    return dict(cache.get_or_set(key, lambda: list(_counts(Selection(), interval).items()), KEPT_SECONDS))


def _archive_state() -> str:
    """Changes when an article or a mention is added or removed (an edit in the admin
    shows when the few minutes are over)."""
    articles = Article.objects.aggregate(Max("id"), Count("id"))
    mentions = Mention.objects.aggregate(Max("id"))
    return f"{articles['id__max']}:{articles['id__count']}:{mentions['id__max']}"


def next_start(start: datetime.date, interval: str) -> datetime.date:
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
