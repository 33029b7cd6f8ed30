"""The JSON API beside the pages: the same data, as plain dictionaries."""

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from articles.models import Article, EntityKind

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class BadRequest(ValueError):
    pass


def positive_int(value, name, default, maximum=None):
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number") from None
    if number < 1 or (maximum and number > maximum):
        limit = f" and at most {maximum}" if maximum else ""
        raise BadRequest(f"{name} must be at least 1{limit}")
    return number


def paginate(request, queryset):
    """(page of objects, total) from `page` and `page_size` (at most 100) parameters."""
    page_number = positive_int(request.GET.get("page"), "page", 1)
    page_size = positive_int(request.GET.get("page_size"), "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    paginator = Paginator(queryset, page_size)
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        return [], paginator.count
    return list(page.object_list), paginator.count


def entity_json(entity):
    return {
        "id": entity.pk,
        "name": entity.name,
        "aliases": [alias.name for alias in entity.aliases.all()],
    }


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
        "people": [entity_json(e) for e in entities if e.kind == EntityKind.PERSON],
        "organizations": [entity_json(e) for e in entities if e.kind == EntityKind.ORGANIZATION],
    }


def _with_entities(queryset):
    return queryset.prefetch_related("mentions__entity__aliases")


def json_error(message, status=400):
    return JsonResponse({"error": message}, status=status)


def article_list(request):
    try:
        articles, total = paginate(request, _with_entities(Article.objects.newest_first()))
    except BadRequest as error:
        return json_error(str(error))
    return JsonResponse(
        {"total": total, "results": [article_json(a, request) for a in articles]},
        json_dumps_params={"ensure_ascii": False},
    )


def article_detail(request, pk):
    article = get_object_or_404(_with_entities(Article.objects.all()), pk=pk)
    return JsonResponse(article_json(article, request), json_dumps_params={"ensure_ascii": False})
