"""The search page: /search/?q=…&page=&sort=&source=&person=…&organization=…&from=&to=
(person and organization repeatable: every one must be mentioned)."""

import datetime
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from articles import search
from articles.analysis.stories import Selection
from articles.search.filters import FIRST_YEAR, LAST_YEAR
from articles.views.analysis import timeline_context

PAGE_SIZE = 20
FACET_TITLES = {"source": "来源", "year": "年份", "person": "人物", "organization": "机构"}
REPEATED = ("person", "organization")  # several values combine with AND


def search_page(request):
    filters = search.parse_filters(request.GET)
    # A filter left out is said above the results (and the answer is a 400, so that a
    # script reading the page notices); the other filters still apply.
    notes = list(filters.notes.values())
    sort = request.GET.get("sort") or "relevance"
    bad_sort = sort not in search.SORTS
    if bad_sort:
        notes.append(_("排序方式不明，已按相关度排序。"))
        sort = "relevance"
    error = " ".join(notes)
    result = search.search(request.GET.get("q", ""), filters, _page_number(request.GET.get("page")), PAGE_SIZE, sort)
    selection = Selection(result.query, filters)
    context = {
        "result": result,
        "q": result.query,
        "error": error,
        "only_exclusions": search.parse_query(result.query).only_exclusions,
        "sort": sort,
        "sorts": search.SORTS,
        "pairs": selection.as_pairs(),
        "filter_pairs": filters.as_pairs(),
        "chips": filter_chips(request, filters),
        "facets": _facet_sections(request, result),
        "first_position": (result.page - 1) * result.page_size + 1,
        "previous_url": _link(request, page=result.page - 1) if result.page > 1 else "",
        "next_url": _link(request, page=result.page + 1) if result.page < result.num_pages else "",
        "filters_active": filters.active,
        "feed_query": "?" + urlencode({"q": result.query, **filters.as_params()}, doseq=True),
        "clear_filters_url": _link(request, source=None, person=None, organization=None, **{"from": None, "to": None}),
    }
    if result.query:
        context.update(timeline_context(request, selection, reverse("search")))
    return render(request, "articles/search.html", context, status=400 if filters.errors or bad_sort else 200)


def filter_chips(request, filters) -> list[dict]:
    """One removable chip per active filter: its label and this page's address without it."""
    names = {entity.pk: entity.name for entity in (*filters.people, *filters.organizations)}
    chips = []
    if filters.source:
        chips.append({"kind": "source", "label": filters.source, "url": _link(request, source=None)})
    for kind in REPEATED:
        for entity_id in getattr(filters, f"{kind}_ids"):
            label = names.get(entity_id, f"#{entity_id}")
            chips.append({"kind": kind, "label": label, "url": _without_value(request, kind, entity_id)})
    for name, day in (("from", filters.date_from), ("to", filters.date_to)):
        if day:
            chips.append({"kind": name, "label": day.isoformat(), "url": _link(request, **{name: None})})
    return chips


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


def _without_value(request, name, value) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.setlist(name, [v for v in params.getlist(name) if v != str(value)])
    return "?" + params.urlencode()


def _with_value(request, name, value) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.appendlist(name, str(value))
    return "?" + params.urlencode()


def _facet_sections(request, result) -> list[dict]:
    """Each facet with a link per value that filters by it (or, when selected, removes it);
    a person or organization is added to those already chosen (AND)."""
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
            elif name in REPEATED:
                is_selected = int(value["value"]) in getattr(result.filters, f"{name}_ids")
                change = _without_value if is_selected else _with_value
                url = change(request, name, value["value"])
            else:
                is_selected = str(selected.get(name, "")) == value["value"]
                url = _link(request, **{name: None if is_selected else value["value"]})
            items.append({**value, "url": url, "selected": is_selected})
        if items:
            more = reverse("facet-values", args=[name]) + _link(request) if name != "year" else ""
            sections.append({"name": name, "title": FACET_TITLES[name], "items": items, "more_url": more})
    return sections
