"""People and organizations as JSON: GET /api/people?q=, /api/organizations?q=
(paginated, with aliases and article counts) and /api/people/<id>, /api/organizations/<id>."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from articles.api.common import BadRequest, entity_brief, json_error, json_response, paginate
from articles.entities.queries import companions, matching, mentioned, mentions_of, merged_into, with_article_counts
from articles.models import EntityKind, Organization, Person

RECENT_ARTICLES = 20
MAX_QUERY_LENGTH = 200


def entity_json(entity, request):
    return {
        **entity_brief(entity, request),
        "description": entity.description,
        "reviewed": entity.reviewed,
        "article_count": entity.article_count,
    }


def _list(request, model):
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    # Only the mentioned: the list's total is the about page's count (articles.counts).
    entities = matching(with_article_counts(mentioned(model.objects.all())), query)
    entities = entities.order_by("-article_count", "name")
    try:
        page, total = paginate(request, entities)
    except BadRequest as error:
        return json_error(str(error))
    return json_response({"total": total, "results": [entity_json(e, request) for e in page]})


def _detail(request, model, pk):
    moved = merged_into(model, pk)
    if moved:
        return redirect(reverse(f"api-{moved.url_name}", args=[moved.pk]), permanent=True)
    entity = get_object_or_404(with_article_counts(model.objects.all()), pk=pk)
    data = entity_json(entity, request)
    data["articles"] = [
        {
            "id": mention.article_id,
            "title": mention.article.title,
            "published_at": mention.article.published_at.isoformat() if mention.article.published_at else None,
            "url": request.build_absolute_uri(mention.article.get_absolute_url()),
            "count": mention.count,
        }
        for mention in mentions_of(entity)[:RECENT_ARTICLES]
    ]
    for key, kind in (("people", EntityKind.PERSON), ("organizations", EntityKind.ORGANIZATION)):
        data[key] = [{"id": e.pk, "name": e.name, "articles_together": e.count} for e in companions(entity, kind)]
    return json_response(data)


def person_list(request):
    return _list(request, Person)


def organization_list(request):
    return _list(request, Organization)


def person_detail(request, pk):
    return _detail(request, Person, pk)


def organization_detail(request, pk):
    return _detail(request, Organization, pk)
