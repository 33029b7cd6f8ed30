"""Choosing what to read: the browse filters' choices, cards and related articles (the
filters themselves are `articles.search.filters`, shared with search)."""

from django.db.models import Count, F, Q
from django.db.models.functions import Left

from articles.kept import kept
from articles.models import Article, EntityKind, Mention

CHOICES_SHOWN = 30
EXCERPT_LENGTH = 140
RELATED_SHOWN = 6
CANDIDATES_PER_ENTITY = 100


def source_choices(articles) -> list[dict]:
    """Sites with their article counts, most articles first."""
    rows = articles.exclude(site="").values("site").annotate(count=Count("id")).order_by("-count", "site")
    return [{"value": row["site"], "count": row["count"]} for row in rows[:CHOICES_SHOWN]]


def entity_choices(articles, kind: str) -> list[dict]:
    """The entities mentioned in most of `articles`."""
    rows = (
        Mention.objects.filter(article__in=articles, entity__kind=kind)
        .values("entity_id", "entity__name")
        .annotate(count=Count("article_id"))
        .order_by("-count", "entity__name")[:CHOICES_SHOWN]
    )
    return [{"value": row["entity_id"], "label": row["entity__name"], "count": row["count"]} for row in rows]


def filter_choices(filters) -> dict:
    """What the filter form offers (`filters` are the chosen `search.Filters`): sources,
    people and organizations with their counts (kept: `articles.kept`)."""

    def count_all():
        canonical = Article.objects.canonical()
        return {
            "sources": source_choices(canonical),
            "people": entity_choices(canonical, EntityKind.PERSON),
            "organizations": entity_choices(canonical, EntityKind.ORGANIZATION),
        }

    choices = kept("filter-choices", count_all)
    for name, selected in (("people", filters.person), ("organizations", filters.organization)):
        if selected and all(choice["value"] != selected.pk for choice in choices[name]):
            choices[name] = [{"value": selected.pk, "label": selected.name, "count": None}, *choices[name]]
    return choices


def describe_cards(articles, per_article: int = 4) -> None:
    """Give each listed article its `excerpt` and the people and organizations it
    mentions most (`leading_entities`), in two queries for the whole page (computing
    excerpts inside the paginated query would cut the text of every row it skips)."""
    ids = [article.pk for article in articles]
    excerpts = dict(Article.objects.filter(pk__in=ids).values_list("pk", Left("text", EXCERPT_LENGTH)))
    mentions = Mention.objects.filter(article__in=ids).select_related("entity")
    mentions = mentions.order_by("article_id", "-count", "entity__name")
    leading = {}
    for item in mentions:
        entities = leading.setdefault(item.article_id, [])
        if len(entities) < per_article:
            entities.append(item.entity)
    for article in articles:
        article.excerpt = excerpts.get(article.pk, "")
        article.leading_entities = leading.get(article.pk, [])


def related_articles(article, limit: int = RELATED_SHOWN):
    """Other stories that mention the most of this article's people and organizations.

    Candidates are the latest articles mentioning each of its entities (a bounded number
    each), so an entity found in half the archive does not make this scan half the archive."""
    entity_ids = list(article.mentions.values_list("entity_id", flat=True))
    candidates = set()
    for entity_id in entity_ids:
        latest = Mention.objects.filter(entity_id=entity_id).order_by("-article_id")
        candidates.update(latest.values_list("article_id", flat=True)[:CANDIDATES_PER_ENTITY])
    same_story = [article.pk, article.canonical_id or article.pk]
    return (
        Article.objects.canonical()
        .filter(pk__in=candidates)
        .exclude(Q(pk__in=same_story) | Q(canonical_id__in=same_story))
        .filter(mentions__entity_id__in=entity_ids)
        .annotate(shared=Count("mentions"))
        .order_by("-shared", F("published_at").desc(nulls_last=True), "-id")
        .only("id", "title", "published_at", "date_only", "published_offset", "site", "script")[:limit]
    )
