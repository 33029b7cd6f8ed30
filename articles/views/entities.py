"""Person and organization pages: names, aliases, the articles that mention them, and
the people and organizations most often mentioned with them."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from articles.entities.queries import companions, mentions_of
from articles.models import EntityKind, Organization, Person

PAGE_SIZE = 20


def _entity_detail(request, model, pk):
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
