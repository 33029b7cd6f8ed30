"""The analyst's pages: a timeline comparing queries, every value of a facet, the export."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from articles.analysis import chart, export, facets, timeline
from articles.analysis.stories import InvalidParameter, Selection
from articles.search import clean_query, parse_filters

MAX_COMPARED = 4
VALUES_PAGE_SIZE = 50


def selection_of(request) -> Selection:
    """The request's query and filters; InvalidParameter when a parameter is wrong."""
    return Selection.from_params(request.GET)


def timeline_context(request, selection: Selection, base: str) -> dict:
    """What templates/articles/timeline.html draws: one series as bars that link to `base`
    filtered to their period. A bad interval, or one with too many periods, falls back
    to years; when even years are too many (dates centuries apart) the page says so and
    draws no chart."""
    try:
        interval = timeline.parse_interval(request.GET.get("interval"))
        counted = timeline.timeline(selection, interval)
    except InvalidParameter as invalid:
        interval = "year"
        try:
            counted = timeline.timeline(selection, interval)
        except InvalidParameter:
            counted = {"interval": interval, "total": None, "undated": 0, "buckets": []}  # not counted
        counted["error"] = str(invalid)
    share = request.GET.get("scale") == "share"
    return {
        "timeline": counted,
        "chart": chart.bars(counted, share, base, selection.as_pairs()),
        "share": share,
        "interval": interval,
        "intervals": timeline.INTERVALS,
    }


def compare(request):
    """/timeline/?q=A&q=B…: up to four queries (same filters) on one chart."""
    queries = [q for q in map(clean_query, request.GET.getlist("q")) if q][:MAX_COMPARED]
    error, series = "", []
    try:
        filters = parse_filters(request.GET)
        if filters.errors:
            raise InvalidParameter(filters.error_message())
        interval = timeline.parse_interval(request.GET.get("interval"))
        for query in queries:
            selection = Selection(query, filters)
            series.append(
                {
                    "label": query,
                    "timeline": timeline.timeline(selection, interval),
                    "base": reverse("search"),
                    "pairs": selection.as_pairs(),
                }
            )
    except InvalidParameter as invalid:
        error, series, interval = str(invalid), [], "month"
    share = request.GET.get("scale") == "share"
    context = {
        "queries": queries + [""] * (MAX_COMPARED - len(queries)),
        "series": series,
        "chart": chart.lines(series, share) if series else None,
        "share": share,
        "interval": interval,
        "intervals": timeline.INTERVALS,
        "error": error,
    }
    return render(request, "articles/compare.html", context, status=400 if error else 200)


def export_view(request):
    """/search/export?format=csv|jsonl|ris&q=…&<filters>: every matching story, streamed."""
    fmt = request.GET.get("format", "csv")
    if fmt not in export.FORMATS:
        return HttpResponse("format must be one of csv, jsonl, ris\n", status=400, content_type="text/plain")
    try:
        selection = selection_of(request)
    except InvalidParameter as invalid:
        return HttpResponse(f"{invalid}\n", status=400, content_type="text/plain; charset=utf-8")
    content_type, extension = export.FORMATS[fmt]
    records = export.records(selection, lambda pk: request.build_absolute_uri(reverse("article", args=[pk])))
    response = StreamingHttpResponse(export.render(records, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="newsarchive-export.{extension}"'
    return response


def facet_values(request, facet):
    """/search/values/<facet>/?q=…&<filters>&name=: every value of a facet, with a name box."""
    if facet not in facets.FACETS:
        raise Http404("no such facet")
    error = ""
    try:
        selection = selection_of(request)
    except InvalidParameter as invalid:
        selection, error = Selection(), str(invalid)
    name = request.GET.get("name", "")[:200]
    found = facets.values(selection, facet, name)
    page = _page(request, len(found))
    target = reverse("search") if selection.query else reverse("browse")
    kept = selection.as_pairs()
    items = [
        {"entry": entry, "url": target + "?" + urlencode([*_without(kept, facet), (facet, entry.id)])}
        for entry in found[(page - 1) * VALUES_PAGE_SIZE : page * VALUES_PAGE_SIZE]
    ]
    context = {
        "facet": facet,
        "items": items,
        "total": len(found),
        "name": name,
        "kept": kept,
        "selection": selection,
        "back_url": target + "?" + urlencode(kept),
        "page": page,
        "pages": max(1, -(-len(found) // VALUES_PAGE_SIZE)),
        "error": error,
    }
    return render(request, "articles/facet_values.html", context, status=400 if error else 200)


def _without(pairs, name):
    """A source filter is replaced by a new one; people and organizations are added (AND)."""
    return [(k, v) for k, v in pairs if not (name == "source" and k == "source")]


def _page(request, count: int) -> int:
    value = request.GET.get("page", "")
    pages = max(1, -(-count // VALUES_PAGE_SIZE))
    return min(int(value), pages) if value.isascii() and value.isdigit() and int(value) > 0 else 1
