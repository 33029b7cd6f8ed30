"""People and organizations as JSON: GET /api/people?q=, /api/organizations?q=
(paginated, with aliases and article counts) and /api/people/<id>, /api/organizations/<id>."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from articles.analysis import directories, stories
from articles.analysis.stories import Selection
from articles.api.analysis import directory_list
from articles.api.common import entity_brief, json_response, published_json
from articles.entities.queries import companions, mentions_of, merged_into, with_article_counts
from articles.models import EntityKind, Organization, Person
from articles.search import parse_filters

RECENT_ARTICLES = 20


def entity_json(entity, request):
    return {
        **entity_brief(entity, request),
        "description": entity.description,
        "reviewed": entity.reviewed,
        "article_count": entity.article_count,
    }


def _list(request, model, kind):
    """The directory of people or organizations: q= (name or alias), sort=name|stories|recent."""
    return directory_list(
        request,
        lambda query, sort: directories.entities(kind, query, sort),
        lambda entry: reverse(kind, args=[entry.id]),
        lambda page: _extra(page, model),
    )


def _extra(page, model) -> dict:
    """The fields the entity list had before it was a directory (article_count: stories)."""
    entities = model.objects.prefetch_related("aliases").in_bulk([e.id for e in page])
    return {
        e.id: {
            "kind": entities[e.id].kind,
            "aliases": [a.name for a in entities[e.id].aliases.all()],
            "description": entities[e.id].description,
            "reviewed": entities[e.id].reviewed,
            "article_count": e.stories,
        }
        for e in page
    }


def _detail(request, model, pk):
    moved = merged_into(model, pk)
    if moved:
        return redirect(reverse(f"api-{moved.url_name}", args=[moved.pk]), permanent=True)
    entity = get_object_or_404(with_article_counts(model.objects.all()), pk=pk)
    data = entity_json(entity, request)
    # Stories, versions once: the number the directory, search and timeline give.
    filters = parse_filters({entity.kind: str(entity.pk)})
    data["article_count"] = stories.count(Selection(filters=filters))
    data["articles"] = [
        {
            "id": mention.article_id,
            "title": mention.article.title,
            "published_at": published_json(mention.article.published),
            "url": request.build_absolute_uri(mention.article.get_absolute_url()),
            "count": mention.count,
        }
        for mention in mentions_of(entity)[:RECENT_ARTICLES]
    ]
    together = companions(entity)
    for key, kind in (("people", EntityKind.PERSON), ("organizations", EntityKind.ORGANIZATION)):
        data[key] = [{"id": e.pk, "name": e.name, "articles_together": e.count} for e in together[kind]]
    return json_response(data)


def person_list(request):
    return _list(request, Person, EntityKind.PERSON)


def organization_list(request):
    return _list(request, Organization, EntityKind.ORGANIZATION)


def person_detail(request, pk):
    return _detail(request, Person, pk)


def organization_detail(request, pk):
    return _detail(request, Organization, pk)
