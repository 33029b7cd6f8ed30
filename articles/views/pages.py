"""Pages. Each view fetches, hands plain data to a template, and nothing more."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Organization, Person

PAGE_SIZE = 20


def browse(request):
    articles = (
        Article.objects.canonical().newest_first().only("id", "title", "published_at", "site", "publisher", "text")
    )
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/browse.html", {"page": page})


def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
    context = {
        "article": article,
        "versions": article.versions(),
        "people": Person.objects.filter(mentions__article=article).order_by("-mentions__count", "name"),
        "organizations": Organization.objects.filter(mentions__article=article).order_by("-mentions__count", "name"),
    }
    return render(request, "articles/article.html", context)


def _entity_detail(request, model, pk):
    entity = get_object_or_404(model, pk=pk)
    articles = Article.objects.filter(mentions__entity=entity).newest_first()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/entity.html", {"entity": entity, "page": page})


def person_detail(request, pk):
    return _entity_detail(request, Person, pk)


def organization_detail(request, pk):
    return _entity_detail(request, Organization, pk)
