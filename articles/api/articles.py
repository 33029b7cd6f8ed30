"""Articles as JSON: GET /api/articles and GET /api/articles/<id>."""

from django.shortcuts import get_object_or_404

from articles.api.common import BadRequest, entity_brief, json_error, json_response, paginate
from articles.models import Article, EntityKind


def article_json(article, request):
    entities = [mention.entity for mention in article.mentions.all()]
    return {
        "id": article.pk,
        "title": article.title,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "source": article.site,
        "publisher": article.publisher,
        "authors": article.authors,
        "source_file": article.source_file,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "original_url": article.url,
        "text": article.text,
        "versions": [{"id": v.pk, "source_file": v.source_file} for v in article.versions()],
        "people": [entity_brief(e, request) for e in entities if e.kind == EntityKind.PERSON],
        "organizations": [entity_brief(e, request) for e in entities if e.kind == EntityKind.ORGANIZATION],
    }


def _with_entities(queryset):
    return queryset.prefetch_related("mentions__entity__aliases")


def article_list(request):
    try:
        articles, total = paginate(request, _with_entities(Article.objects.newest_first()))
    except BadRequest as error:
        return json_error(str(error))
    return json_response({"total": total, "results": [article_json(a, request) for a in articles]})


def article_detail(request, pk):
    article = get_object_or_404(_with_entities(Article.objects.all()), pk=pk)
    return json_response(article_json(article, request))
