"""Atom feeds (Django's syndication framework): one per search and one per person or
organization, newest first. An entry's `updated` is the article's date (not when it was
imported) and its author is the article's, so a reader sorts and credits by the story."""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles import search
from articles.entities.queries import mentions_of, merged_into
from articles.models import Article, Organization, Person
from articles.text import xml_safe

FEED_SIZE = 30


class XmlSafeAtomFeed(Atom1Feed):
    """Atom with every text passed through xml_safe: a control character stored in a
    title (before the import removed them) would make the feed fail or be ill-formed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*_safe(args), **_safe(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*_safe(args), **_safe(kwargs))


def _safe(values):
    if isinstance(values, dict):
        return {key: xml_safe(value) if isinstance(value, str) else value for key, value in values.items()}
    return [xml_safe(value) if isinstance(value, str) else value for value in values]


class ArticleFeed(Feed):
    """What every feed of articles shares: entries dated and credited by the article."""

    feed_type = XmlSafeAtomFeed
    author_name = "newsarchive"

    def item_title(self, item):
        return item.title

    def item_author_name(self, item):
        # Atom wants an author per entry; a file that names nobody says so rather than
        # crediting the archive.
        return "、".join(item.authors) or item.publisher or item.site or "作者不详"

    def item_pubdate(self, item):
        return item.published_at or item.imported_at

    def item_updateddate(self, item):
        return item.published_at or item.imported_at


class SearchFeed(ArticleFeed):
    def get_object(self, request):
        """(the query, its filters): the feed of a search page follows the same filters."""
        return search.clean_query(request.GET.get("q", "")), search.parse_filters(request.GET)

    def title(self, obj):
        return f"“{obj[0]}” · newsarchive"

    def subtitle(self, obj):
        return f"新闻档案中匹配“{obj[0]}”的最新文章"

    def link(self, obj):
        q, filters = obj
        return reverse("search") + "?" + urlencode({"q": q, **filters.as_params()}, doseq=True)

    def feed_url(self, obj):
        """The feed's own address (rel="self"), query and filters included: a reader that
        follows it must get this search's feed again."""
        q, filters = obj
        return reverse("search-feed") + "?" + urlencode({"q": q, **filters.as_params()})

    def items(self, obj):
        q, filters = obj
        query = search.parse_query(q)
        fields = ("id", "title", "text", "published_at", "imported_at", "canonical_id", "source_path")
        articles = (
            search.filter_articles(Article.objects.all(), query, filters)
            .newest_first()
            .only(*fields, "authors", "publisher", "site")
        )
        stories = {}
        for article in articles[: FEED_SIZE * 2]:
            stories.setdefault(article.canonical_id or article.pk, article)
        patterns = search.snippet_patterns(query, search.matching_entities(query)) if query else []
        items = list(stories.values())[:FEED_SIZE]
        for article in items:
            article.snippet = search.snippet(article.text, patterns)
        return items

    def item_description(self, item):
        return item.snippet


class EntityFeed(ArticleFeed):
    """The newest articles mentioning one person or organization."""

    model = None  # Person or Organization

    def get_object(self, request, pk):
        return get_object_or_404(self.model, pk=pk)

    def __call__(self, request, pk):
        # An entity merged into another: its feed moved with it.
        moved = merged_into(self.model, pk)
        if moved:
            return redirect(moved.feed_url(), permanent=True)
        return super().__call__(request, pk=pk)

    def title(self, entity):
        return f"{entity.name} · newsarchive"

    def subtitle(self, entity):
        return f"新闻档案中提到“{entity.name}”的最新文章"

    def link(self, entity):
        return entity.get_absolute_url()

    def items(self, entity):
        return [mention.article for mention in mentions_of(entity)[:FEED_SIZE]]

    def item_description(self, item):
        return escape(item.text[:300])


class PersonFeed(EntityFeed):
    model = Person


class OrganizationFeed(EntityFeed):
    model = Organization
