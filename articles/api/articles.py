"""Articles as JSON: GET /api/articles and GET /api/articles/<id>."""

from collections import defaultdict

from django.db.models import Q
from django.shortcuts import get_object_or_404

from articles.api.common import BadRequest, entity_brief, json_error, json_response, paginate
from articles.counts import listed_articles
from articles.models import Article, EntityKind


def versions_of(articles) -> dict[int, list[dict]]:
    """Each article's other versions (`Article.version_brief`), for a page in one query."""
    roots = {article.canonical_id or article.pk for article in articles}
    stories = defaultdict(list)
    members = Article.objects.filter(Q(pk__in=roots) | Q(canonical_id__in=roots)).only(*Article.VERSION_FIELDS)
    for member in members.order_by("pk"):
        stories[member.canonical_id or member.pk].append(member.version_brief())
    return {
        article.pk: [v for v in stories[article.canonical_id or article.pk] if v["id"] != article.pk]
        for article in articles
    }


def article_json(article, request, versions):
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
        # Only a web address: a javascript: or data: URL stored before the import refused them is not given out.
        "original_url": article.url if article.url.lower().startswith(("https://", "http://")) else "",
        "text": article.text,
        "versions": versions,
        "people": [entity_brief(e, request) for e in entities if e.kind == EntityKind.PERSON],
        "organizations": [entity_brief(e, request) for e in entities if e.kind == EntityKind.ORGANIZATION],
    }


def _with_entities(queryset):
    return queryset.prefetch_related("mentions__entity__aliases")


def article_list(request):
    try:
        articles, total = paginate(request, _with_entities(listed_articles().newest_first()))
    except BadRequest as error:
        return json_error(str(error))
    versions = versions_of(articles)
    return json_response({"total": total, "results": [article_json(a, request, versions[a.pk]) for a in articles]})


def article_detail(request, pk):
    article = get_object_or_404(_with_entities(Article.objects.all()), pk=pk)
    return json_response(article_json(article, request, versions_of([article])[article.pk]))
