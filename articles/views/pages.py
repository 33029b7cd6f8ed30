"""Pages. Each view fetches, hands plain data to a template, and nothing more."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.html import linebreaks

from articles import search
from articles.analysis import stories
from articles.body import shown_body
from articles.counts import archive_counts
from articles.highlight import marked_paragraphs
from articles.listing import describe_cards, filter_choices, related_articles
from articles.models import Article, Organization, Person
from articles.views.access import staff

PAGE_SIZE = 20
LISTED_FIELDS = (
    *("id", "title", "published_at", "date_only", "published_offset", "site", "publisher", "script"),
    "image_only",
)


def browse(request):
    """The stories passing the filters, newest first (sort=date: oldest first). Each story
    is listed once, as the search, timeline and directories count it."""
    filters = search.parse_filters(request.GET)
    oldest_first = request.GET.get("sort") == "date"
    articles = stories.articles(stories.Selection(filters=filters), Article.objects.all())
    articles = (
        articles.order_by(F("published_at").asc(nulls_last=True), "id") if oldest_first else articles.newest_first()
    )
    page = Paginator(articles.only(*LISTED_FIELDS), PAGE_SIZE).get_page(request.GET.get("page"))
    describe_cards(page.object_list)
    context = {
        "page": page,
        "filters": filters,
        "oldest_first": oldest_first,
        "more_people": filters.people[1:],
        "more_organizations": filters.organizations[1:],
        "filter_query": urlencode(filters.as_pairs()),
        **filter_choices(filters),
    }
    return render(request, "articles/browse.html", context)


def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
    people = list(_mentioned(Person, article))
    organizations = list(_mentioned(Organization, article))
    highlight = request.GET.get("highlight") == "1"
    if highlight:
        body = marked_paragraphs(article.text, _names(people, organizations))
    else:
        body = article.body_html or linebreaks(article.text, autoescape=True)
    context = {
        "article": article,
        # Only a web address is a link: an imported javascript: or data: URL is not.
        "original_url": article.url if article.url.lower().startswith(("https://", "http://")) else "",
        "versions": [version.version_brief() for version in article.versions().only(*Article.VERSION_FIELDS)],
        "people": people,
        "organizations": organizations,
        "highlight": highlight,
        "body": shown_body(body),
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


@staff
def article_original(request, pk):
    """The imported file, byte for byte, under its own name (staff only)."""
    article = get_object_or_404(Article.objects.only("source_path", "original"), pk=pk)
    if not article.original:
        raise Http404("no original kept for this article")
    return FileResponse(
        article.original.open("rb"),
        as_attachment=True,
        filename=article.source_file,
        content_type="application/octet-stream",
    )


def about(request):
    return render(request, "articles/about.html", archive_counts())


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    return redirect(static("favicon.svg"), permanent=True)
