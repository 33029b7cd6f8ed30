"""A timeline drawn as SVG geometry for a template: bars for one series, lines for a
comparison, with the same numbers as a table (for screen readers and for copying).

Nothing is drawn in the browser: the server gives every bar its box and its link."""

from urllib.parse import urlencode

WIDTH, HEIGHT = 720, 180
LEFT, BOTTOM, TOP = 44, 22, 8  # room for the axis labels
COLOURS = ("#2563eb", "#dc2626", "#059669", "#d97706")
LABELS_SHOWN = 8
MAX_BAR_WIDTH = 48  # a period or two alone are not drawn as walls


def value_of(bucket: dict, share: bool) -> float:
    """A bucket's count, or its share of all stories then (in %)."""
    if not share:
        return bucket["count"]
    return 100 * bucket["count"] / bucket["all"] if bucket["all"] else 0.0


def period_url(base: str, pairs, bucket: dict) -> str:
    """`base` filtered to the bucket's period, other parameters kept (a page's own from/to replaced)."""
    kept = [(k, v) for k, v in pairs if k not in ("from", "to", "page")]
    return base + "?" + urlencode([*kept, ("from", bucket["start"]), ("to", bucket["end"])])


def bars(timeline: dict, share: bool, base: str, pairs) -> dict:
    """One series: {"width", "height", "bars": [...], "ticks": [...], "labels": [...]}."""
    buckets = timeline["buckets"]
    values = [value_of(b, share) for b in buckets]
    top = max(values, default=0) or 1
    slot = (WIDTH - LEFT) / max(len(buckets), 1)
    plot = HEIGHT - BOTTOM - TOP
    drawn = []
    for i, (bucket, value) in enumerate(zip(buckets, values, strict=True)):
        height = plot * value / top
        width = min(max(slot * 0.8, 1), MAX_BAR_WIDTH)
        drawn.append(
            {
                "x": round(LEFT + (i + 0.5) * slot - width / 2, 1),
                "y": round(TOP + plot - height, 1),
                "width": round(width, 1),
                "height": round(height, 1),
                "bucket": bucket,
                "value": _shown(value, share),
                "url": period_url(base, pairs, bucket),
            }
        )
    return {"width": WIDTH, "height": HEIGHT, "bars": drawn, **_axes(buckets, top, share, slot)}


def lines(series: list[dict], share: bool) -> dict:
    """Several series on shared buckets: [{"label", "timeline", "base", "pairs"}] → polylines."""
    starts = sorted({b["start"] for s in series for b in s["timeline"]["buckets"]})
    slot = (WIDTH - LEFT) / max(len(starts), 1)
    plot = HEIGHT - BOTTOM - TOP
    by_start = [{b["start"]: b for b in s["timeline"]["buckets"]} for s in series]
    top = max((value_of(b, share) for buckets in by_start for b in buckets.values()), default=0) or 1
    drawn = []
    for colour, one, buckets in zip(COLOURS, series, by_start, strict=False):
        points = []
        for i, start in enumerate(starts):
            bucket = buckets.get(start) or {"start": start, "end": start, "count": 0, "all": 0}
            value = value_of(bucket, share)
            x, y = LEFT + (i + 0.5) * slot, TOP + plot - plot * value / top
            url = period_url(one["base"], one["pairs"], bucket) if start in buckets else ""
            points.append({"x": round(x, 1), "y": round(y, 1), "value": _shown(value, share), "url": url})
        path = " ".join(f"{p['x']},{p['y']}" for p in points)
        drawn.append(
            {"label": one["label"], "colour": colour, "points": points, "path": path, "total": one["timeline"]["total"]}
        )
    shared = [{"start": start} for start in starts]
    rows = [
        {"start": start, "values": [line["points"][i]["value"] for line in drawn]} for i, start in enumerate(starts)
    ]
    return {"width": WIDTH, "height": HEIGHT, "lines": drawn, "rows": rows, **_axes(shared, top, share, slot)}


def _axes(buckets, top: float, share: bool, slot: float) -> dict:
    plot = HEIGHT - BOTTOM - TOP
    ticks = [
        {"y": round(TOP + plot - plot * f, 1), "label": _shown(top * f, share)} for f in (0, 0.5, 1) if top or not f
    ]
    every = max(1, -(-len(buckets) // LABELS_SHOWN))
    labels = [
        {"x": round(LEFT + (i + 0.5) * slot, 1), "text": bucket["start"]}
        for i, bucket in enumerate(buckets)
        if i % every == 0
    ]
    return {"ticks": ticks, "labels": labels, "baseline": HEIGHT - BOTTOM, "left": LEFT}


def _shown(value: float, share: bool) -> str:
    return f"{value:.1f}%" if share else f"{value:g}"
