"""Pages. Each view fetches, hands plain data to a template, and nothing more."""

from django.core.paginator import Paginator
from django.db.models import F
from django.db.models.functions import Left
from django.shortcuts import get_object_or_404, render

from articles.highlight import marked_paragraphs
from articles.listing import (
    entity_choices,
    filter_articles,
    leading_entities,
    parse_filters,
    related_articles,
    source_choices,
)
from articles.models import Article, EntityKind, Organization, Person

PAGE_SIZE = 20
LISTED_FIELDS = ("id", "title", "published_at", "site", "publisher", "script")
EXCERPT_LENGTH = 140


def browse(request):
    filters = parse_filters(request.GET)
    canonical = Article.objects.canonical()
    articles = filter_articles(canonical, filters).newest_first()
    listed = articles.only(*LISTED_FIELDS).annotate(excerpt=Left("text", EXCERPT_LENGTH))
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    leading = leading_entities(page.object_list)
    for article in page.object_list:
        article.leading_entities = leading.get(article.pk, [])
    context = {
        "page": page,
        "filters": filters,
        "sources": source_choices(canonical),
        "people": entity_choices(canonical, EntityKind.PERSON, filters.person),
        "organizations": entity_choices(canonical, EntityKind.ORGANIZATION, filters.organization),
    }
    return render(request, "articles/browse.html", context)


def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
    people = list(_mentioned(Person, article))
    organizations = list(_mentioned(Organization, article))
    highlight = request.GET.get("highlight") == "1"
    context = {
        "article": article,
        "versions": list(article.versions()),
        "people": people,
        "organizations": organizations,
        "highlight": highlight,
        "marked_text": marked_paragraphs(article.text, _names(people, organizations)) if highlight else None,
        "related": related_articles(article),
    }
    return render(request, "articles/article.html", context)


def _mentioned(model, article):
    return (
        model.objects.filter(mentions__article=article)
        .annotate(count=F("mentions__count"))
        .prefetch_related("aliases")
        .order_by("-count", "name")
    )


def _names(people, organizations) -> dict[str, str]:
    """Every name and alias of the entities, with the CSS class its marks get."""
    names = {}
    for label, entities in (("person", people), ("organization", organizations)):
        for entity in entities:
            for name in [entity.name, *(alias.name for alias in entity.aliases.all())]:
                names.setdefault(name, label)
    return names


def about(request):
    context = {
        "articles": Article.objects.canonical().count(),
        "people": Person.objects.count(),
        "organizations": Organization.objects.count(),
        "sources": Article.objects.exclude(site="").values("site").distinct().count(),
    }
    return render(request, "articles/about.html", context)
