"""Directories: /people/, /organizations/, /sources/ (each with a filter box, an order
and pages) and a page per source with its timeline and latest stories."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from articles.analysis import directories
from articles.analysis.stories import InvalidParameter, Selection
from articles.models import Article, EntityKind
from articles.search import Filters
from articles.views.analysis import timeline_context

PAGE_SIZE = 50
LATEST_SHOWN = 20


def _directory(request, kind: str):
    query = request.GET.get("q", "")[: directories.MAX_QUERY_LENGTH]
    try:
        sort = directories.parse_sort(request.GET.get("sort"))
    except InvalidParameter:
        sort = "stories"
    entries = directories.sources(query, sort) if kind == "source" else directories.entities(kind, query, sort)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"entry": e, "aliases": [a for a in e.aliases if a != e.name], "url": _url(kind, e.id)}
        for e in page.object_list
    ]
    context = {"kind": kind, "page": page, "rows": rows, "q": query, "sort": sort, "sorts": directories.SORTS}
    return render(request, "articles/directory.html", context)


def _url(kind: str, key) -> str:
    name = {EntityKind.PERSON: "person", EntityKind.ORGANIZATION: "organization"}.get(kind, "source")
    return reverse(name, args=[key])


def people(request):
    return _directory(request, EntityKind.PERSON)


def organizations(request):
    return _directory(request, EntityKind.ORGANIZATION)


def sources(request):
    return _directory(request, "source")


def source_detail(request, name):
    entry = directories.source(name)
    if entry is None:
        raise Http404("no such source")
    # The stored name itself: no need to look the site up in either script.
    selection = Selection(filters=Filters(source=entry.name, sites=(entry.name,)))
    context = {
        "entry": entry,
        "latest": latest_stories(selection.filters, LATEST_SHOWN),
        "selection": selection,
        **timeline_context(request, selection, reverse("browse")),
    }
    return render(request, "articles/source.html", context)


def latest_stories(filters, limit: int) -> list[Article]:
    """The newest stories passing `filters`, each once (as its newest article passing them)."""
    newest = filters.apply(Article.objects.all()).newest_first()
    newest = newest.only("id", "title", "site", "published_at", "script", "canonical_id")[: limit * 3]
    stories = {}
    for article in newest:
        stories.setdefault(article.canonical_id or article.pk, article)
    return list(stories.values())[:limit]
