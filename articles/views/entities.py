"""Person and organization pages: names, aliases, the articles that mention them, and
the people and organizations most often mentioned with them."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from articles.entities.queries import companions, mentions_of, merged_into
from articles.models import EntityKind, Organization, Person

PAGE_SIZE = 20


def _entity_detail(request, model, pk):
    moved = merged_into(model, pk)  # ids are never reused: a merged id is nobody else's
    if moved:
        return redirect(moved, permanent=True)
    entity = get_object_or_404(model.objects.prefetch_related("aliases"), pk=pk)
    page = Paginator(mentions_of(entity), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "entity": entity,
        "page": page,
        "people": companions(entity, EntityKind.PERSON),
        "organizations": companions(entity, EntityKind.ORGANIZATION),
    }
    return render(request, "articles/entity.html", context)


def person_detail(request, pk):
    return _entity_detail(request, Person, pk)


def organization_detail(request, pk):
    return _entity_detail(request, Organization, pk)
