"""Atom feeds (Django's syndication framework): one per search and one per person or
organization, newest first."""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles import search
from articles.entities.queries import mentions_of
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


class SearchFeed(Feed):
    feed_type = XmlSafeAtomFeed

    def get_object(self, request):
        """(the query, its filters): the feed of a search page follows the same filters."""
        return search.clean_query(request.GET.get("q", "")), search.parse_filters(request.GET)

    def title(self, obj):
        return f"“{obj[0]}” · newsarchive"

    def subtitle(self, obj):
        return f"新闻档案中匹配“{obj[0]}”的最新文章"

    def link(self, obj):
        q, filters = obj
        return reverse("search") + "?" + urlencode({"q": q, **filters.as_params()})

    def items(self, obj):
        q, filters = obj
        query = search.parse_query(q)
        articles = (
            search.filter_articles(Article.objects.all(), query, filters)
            .newest_first()
            .only("id", "title", "text", "published_at", "updated_at", "canonical_id", "source_path")
        )
        stories = {}
        for article in articles[: FEED_SIZE * 2]:
            stories.setdefault(article.canonical_id or article.pk, article)
        patterns = [term.pattern() for term in query.terms]
        items = list(stories.values())[:FEED_SIZE]
        for article in items:
            article.snippet = search.snippet(article.text, patterns)
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.snippet

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class EntityFeed(Feed):
    """The newest articles mentioning one person or organization."""

    feed_type = XmlSafeAtomFeed
    model = None  # Person or Organization

    def get_object(self, request, pk):
        return get_object_or_404(self.model, pk=pk)

    def title(self, entity):
        return f"{entity.name} · newsarchive"

    def subtitle(self, entity):
        return f"新闻档案中提到“{entity.name}”的最新文章"

    def link(self, entity):
        return entity.get_absolute_url()

    def items(self, entity):
        return [mention.article for mention in mentions_of(entity)[:FEED_SIZE]]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.text[:300])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class PersonFeed(EntityFeed):
    model = Person


class OrganizationFeed(EntityFeed):
    model = Organization
