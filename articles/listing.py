"""Choosing what to read: the browse filters, their choices, and related articles."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Entity, EntityKind, Mention
from articles.text import fold

CHOICES_SHOWN = 30
EXCERPT_LENGTH = 140
CHOICES_KEPT_SECONDS = 300
RELATED_SHOWN = 6
CANDIDATES_PER_ENTITY = 100


@dataclass
class Filters:
    source: str = ""
    sites: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    person: Entity | None = None
    organization: Entity | None = None
    errors: dict = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.source or self.date_from or self.date_to or self.person or self.organization)


# The dates a filter can name (the archive holds none outside them); a day near the end
# of the calendar would overflow when its next day is computed.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def _date(params, name, filters) -> date | None:
    try:
        day = forms.DateField(required=False).clean(params.get(name, "")[:40])
    except ValidationError:
        filters.errors[name] = _("日期写成 2024-02-21 这样。")
        return None
    if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        filters.errors[name] = _("日期要在 1900 年到 2200 年之间。")
        return None
    return day


def _entity(params, name, kind, filters) -> Entity | None:
    raw = params.get(name, "")
    if not raw:
        return None
    entity = Entity.objects.filter(kind=kind, pk=int(raw)).first() if raw.isascii() and raw.isdigit() else None
    if entity is None:
        filters.errors[name] = _("没有找到这一项，已忽略。")
    return entity


def parse_filters(params) -> Filters:
    """Filters from query parameters; a value that makes no sense is reported and ignored."""
    source = params.get("source", "").strip()[:200]
    filters = Filters(source=source)
    if source:
        filters.sites = _sites_named(source)
        filters.source = filters.sites[0] if filters.sites else source
    filters.date_from = _date(params, "from", filters)
    filters.date_to = _date(params, "to", filters)
    filters.person = _entity(params, "person", EntityKind.PERSON, filters)
    filters.organization = _entity(params, "organization", EntityKind.ORGANIZATION, filters)
    return filters


def _sites_named(source: str) -> list[str]:
    """The stored site names equal to `source` in either script (a page shown in the
    other script sends the converted name back)."""
    wanted = fold(source)
    sites = Article.objects.exclude(site="").order_by("site").values_list("site", flat=True).distinct()
    return [site for site in sites if fold(site) == wanted]


def filter_articles(articles, filters: Filters):
    if filters.source:
        articles = articles.filter(site__in=filters.sites)
    # Whole days in the archive's time zone, as bounds the published_at index can use.
    if filters.date_from:
        articles = articles.filter(published_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        articles = articles.filter(published_at__lt=_start_of(filters.date_to + timedelta(days=1)))
    for entity in (filters.person, filters.organization):
        if entity:
            articles = articles.filter(mentions__entity=entity)
    return articles


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


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


def filter_choices(filters: Filters) -> dict:
    """What the filter form offers: sources, people and organizations with their counts.

    Counting every mention of every entity takes about a second at 100k articles, and
    the answer only changes with an import or an edit, so it is kept for a few minutes
    under a key that changes when articles or mentions are added."""
    newest_article = Article.objects.aggregate(Max("id"))["id__max"]
    newest_mention = Mention.objects.aggregate(Max("id"))["id__max"]

    def count_all():
        canonical = Article.objects.canonical()
        return {
            "sources": source_choices(canonical),
            "people": entity_choices(canonical, EntityKind.PERSON),
            "organizations": entity_choices(canonical, EntityKind.ORGANIZATION),
        }

    key = f"filter-choices:{newest_article}:{newest_mention}"
    choices = cache.get_or_set(key, count_all, CHOICES_KEPT_SECONDS)
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
        .only("id", "title", "published_at", "site", "script")[:limit]
    )
