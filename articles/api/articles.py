"""Articles as JSON: GET /api/articles and GET /api/articles/<id>."""

from collections import defaultdict

from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from articles import search
from articles.analysis import stories
from articles.analysis.stories import InvalidParameter, choice
from articles.api.common import BadRequest, entity_brief, json_error, json_response, paginate, published_json
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
        "published_at": published_json(article.published),
        "image_only": article.image_only,
        "original": article.is_original,
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
    """One entry per story (its canonical article, listing the other versions), as browsing
    shows them, filtered as /api/search filters (source, person repeated, organization
    repeated, from, to: a story matches when one of its versions does), sort=-date|date.
    `total` and `stories` are the same count, the one search and timeline report."""
    filters = search.parse_filters(request.GET)
    if filters.errors:
        return json_error(filters.error_message())
    try:
        sort = choice(request.GET.get("sort"), ("-date", "date"), "-date", "sort")
        articles, total = paginate(request, _with_entities(_filtered(filters, sort)))
    except (BadRequest, InvalidParameter) as error:
        return json_error(str(error))
    versions = versions_of(articles)
    return json_response(
        {
            "total": total,
            "stories": stories.count(stories.Selection(filters=filters)),
            "results": [article_json(a, request, versions[a.pk]) for a in articles],
        }
    )


def _filtered(filters, sort: str):
    articles = listed_articles().newest_first()
    if sort == "date":
        articles = articles.order_by(F("published_at").asc(nulls_last=True), "id")
    where, params = filters.where_sql()
    if where != "TRUE":
        matching = f"SELECT COALESCE(a.canonical_id, a.id) FROM articles_article a WHERE {where}"
        articles = articles.filter(pk__in=RawSQL(matching, params))
    return articles


def article_detail(request, pk):
    article = get_object_or_404(_with_entities(Article.objects.all()), pk=pk)
    return json_response(article_json(article, request, versions_of([article])[article.pk]))
