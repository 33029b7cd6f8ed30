"""The search page: /search/?q=…&page=&source=&person=&organization=&from=&to=."""

import datetime

from django.shortcuts import render

from articles import search

PAGE_SIZE = 20
FILTERABLE_YEARS = (1900, 2200)  # what the from/to filters accept
FACET_TITLES = {"source": "来源", "year": "年份", "person": "人物", "organization": "机构"}


def search_page(request):
    error = ""
    try:
        filters = search.Filters.from_params(request.GET)
    except search.InvalidSearch as invalid:
        filters, error = search.Filters(), str(invalid)
    result = search.search(request.GET.get("q", ""), filters, _page_number(request.GET.get("page")), PAGE_SIZE)
    context = {
        "result": result,
        "q": result.query,
        "error": error,
        "facets": _facet_sections(request, result),
        "first_position": (result.page - 1) * result.page_size + 1,
        "previous_url": _link(request, page=result.page - 1) if result.page > 1 else "",
        "next_url": _link(request, page=result.page + 1) if result.page < result.num_pages else "",
        "filters_active": bool(filters.as_params()),
        "clear_filters_url": _link(request, source=None, person=None, organization=None, **{"from": None, "to": None}),
    }
    return render(request, "articles/search.html", context, status=400 if error else 200)


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
                if not FILTERABLE_YEARS[0] <= year <= FILTERABLE_YEARS[1]:
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
