"""Pages. Each view fetches, hands plain data to a template, and nothing more."""

from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef
from django.shortcuts import get_object_or_404, render

from articles import search
from articles.highlight import marked_paragraphs
from articles.listing import describe_cards, filter_choices, related_articles
from articles.models import Article, Mention, Organization, Person

PAGE_SIZE = 20
LISTED_FIELDS = ("id", "title", "published_at", "site", "publisher", "script")


def browse(request):
    filters = search.parse_filters(request.GET)
    articles = filters.apply(Article.objects.canonical()).newest_first()
    page = Paginator(articles.only(*LISTED_FIELDS), PAGE_SIZE).get_page(request.GET.get("page"))
    describe_cards(page.object_list)
    context = {"page": page, "filters": filters, **filter_choices(filters)}
    return render(request, "articles/browse.html", context)


def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
    people = list(_mentioned(Person, article))
    organizations = list(_mentioned(Organization, article))
    highlight = request.GET.get("highlight") == "1"
    context = {
        "article": article,
        # Only a web address is a link: an imported javascript: or data: URL is not.
        "original_url": article.url if article.url.lower().startswith(("https://", "http://")) else "",
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


def _mentioned_at_all(model) -> int:
    return model.objects.filter(Exists(Mention.objects.filter(entity=OuterRef("pk")))).count()


def about(request):
    context = {
        "articles": Article.objects.canonical().count(),
        "people": _mentioned_at_all(Person),
        "organizations": _mentioned_at_all(Organization),
        "sources": Article.objects.exclude(site="").values("site").distinct().count(),
    }
    return render(request, "articles/about.html", context)
