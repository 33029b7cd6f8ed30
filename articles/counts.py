"""What the archive holds, counted once for the about page and the API index.

The counts are the totals of the API's own lists, because they are made from the same
querysets: an article is a story (its versions are listed inside it, as on the browse
page), and a person or organization is one that some article mentions (the gazetteer
knows many names nobody has written about yet)."""

from articles.entities.queries import mentioned
from articles.models import Article, Organization, Person


def listed_articles():
    """The articles the API lists: one per story, as browsing shows them."""
    return Article.objects.canonical()


def archive_counts() -> dict[str, int]:
    return {
        "articles": listed_articles().count(),
        "versions": Article.objects.count(),
        "people": mentioned(Person.objects.all()).count(),
        "organizations": mentioned(Organization.objects.all()).count(),
        "sources": listed_articles().exclude(site="").values("site").distinct().count(),
    }
