"""The search page: /search/?q=…&page=&source=&person=&organization=&from=&to=."""

import datetime
from urllib.parse import urlencode

from django.shortcuts import render

from articles import search
from articles.search.filters import FIRST_YEAR, LAST_YEAR

PAGE_SIZE = 20
FACET_TITLES = {"source": "来源", "year": "年份", "person": "人物", "organization": "机构"}


def search_page(request):
    filters = search.parse_filters(request.GET)
    # A filter left out is said above the results (and the answer is a 400, so that a
    # script reading the page notices); the other filters still apply.
    error = " ".join(filters.notes.values())
    result = search.search(request.GET.get("q", ""), filters, _page_number(request.GET.get("page")), PAGE_SIZE)
    context = {
        "result": result,
        "q": result.query,
        "error": error,
        "only_exclusions": search.parse_query(result.query).only_exclusions,
        "facets": _facet_sections(request, result),
        "first_position": (result.page - 1) * result.page_size + 1,
        "previous_url": _link(request, page=result.page - 1) if result.page > 1 else "",
        "next_url": _link(request, page=result.page + 1) if result.page < result.num_pages else "",
        "filters_active": filters.active,
        "feed_query": "?" + urlencode({"q": result.query, **filters.as_params()}),
        "clear_filters_url": _link(request, source=None, person=None, organization=None, **{"from": None, "to": None}),
    }
    return render(request, "articles/search.html", context, status=400 if filters.errors else 200)


def _page_number(value) -> int:
    """A page number from the address; anything odd is the first page."""
    return int(value) if value and value.isascii() and value.isdigit() and 0 < int(value) <= search.MAX_PAGE else 1


def _link(request, **changes) -> str:
    """This search's address with some parameters changed (None removes one); a new
    filter starts again from the first page."""
    params = request.GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = str(value)
    return "?" + params.urlencode()


def _facet_sections(request, result) -> list[dict]:
    """Each facet with a link per value that filters by it (or, when selected, removes it)."""
    selected = result.filters.as_params()
    sections = []
    for name, values in result.facets.items():
        items = []
        for value in values:
            if name == "year":
                year = int(value["value"])
                if not FIRST_YEAR <= year <= LAST_YEAR:
                    continue  # a row stored with an absurd date before the import refused them
                span = {"from": datetime.date(year, 1, 1).isoformat(), "to": datetime.date(year, 12, 31).isoformat()}
                is_selected = all(selected.get(k) == v for k, v in span.items())
                url = _link(request, **({"from": None, "to": None} if is_selected else span))
            else:
                is_selected = str(selected.get(name, "")) == value["value"]
                url = _link(request, **{name: None if is_selected else value["value"]})
            items.append({**value, "url": url, "selected": is_selected})
        if items:
            sections.append({"name": name, "title": FACET_TITLES[name], "items": items})
    return sections
