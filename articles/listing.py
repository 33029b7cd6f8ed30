"""Choosing what to read: the browse filters, their choices, and related articles."""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from articles.models import Article, Entity, EntityKind, Mention
from articles.text import fold

CHOICES_SHOWN = 30
RELATED_SHOWN = 6


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


def _date(params, name, filters) -> date | None:
    try:
        return forms.DateField(required=False).clean(params.get(name, "")[:40])
    except ValidationError:
        filters.errors[name] = _("日期写成 2024-02-21 这样。")
        return None


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
    sites = Article.objects.exclude(site="").values_list("site", flat=True).distinct()
    return [site for site in sites if fold(site) == wanted]


def filter_articles(articles, filters: Filters):
    if filters.source:
        articles = articles.filter(site__in=filters.sites)
    if filters.date_from:
        articles = articles.filter(published_at__date__gte=filters.date_from)
    if filters.date_to:
        articles = articles.filter(published_at__date__lte=filters.date_to)
    for entity in (filters.person, filters.organization):
        if entity:
            articles = articles.filter(mentions__entity=entity)
    return articles


def source_choices(articles) -> list[dict]:
    """Sites with their article counts, most articles first."""
    rows = articles.exclude(site="").values("site").annotate(count=Count("id")).order_by("-count", "site")
    return [{"value": row["site"], "count": row["count"]} for row in rows[:CHOICES_SHOWN]]


def entity_choices(articles, kind: str, selected: Entity | None) -> list[dict]:
    """The entities mentioned in most of `articles` (the selected one always included)."""
    rows = (
        Mention.objects.filter(article__in=articles, entity__kind=kind)
        .values("entity_id", "entity__name")
        .annotate(count=Count("article", distinct=True))
        .order_by("-count", "entity__name")[:CHOICES_SHOWN]
    )
    choices = [{"value": row["entity_id"], "label": row["entity__name"], "count": row["count"]} for row in rows]
    if selected and all(choice["value"] != selected.pk for choice in choices):
        choices.insert(0, {"value": selected.pk, "label": selected.name, "count": None})
    return choices


def leading_entities(articles, per_article: int = 4) -> dict[int, list]:
    """For each article, the people and organizations it mentions most (one query)."""
    mentions = (
        Mention.objects.filter(article__in=[article.pk for article in articles])
        .select_related("entity")
        .order_by("article_id", "-count", "entity__name")
    )
    leading = {}
    for item in mentions:
        entities = leading.setdefault(item.article_id, [])
        if len(entities) < per_article:
            entities.append(item.entity)
    return leading


def related_articles(article, limit: int = RELATED_SHOWN):
    """Other stories that mention the most of this article's people and organizations."""
    entity_ids = list(article.mentions.values_list("entity_id", flat=True))
    if not entity_ids:
        return Article.objects.none()
    same_story = [article.pk, article.canonical_id or article.pk]
    return (
        Article.objects.canonical()
        .exclude(Q(pk__in=same_story) | Q(canonical_id__in=same_story))
        .filter(mentions__entity_id__in=entity_ids)
        .annotate(shared=Count("mentions", distinct=True))
        .order_by("-shared", F("published_at").desc(nulls_last=True), "-id")
        .only("id", "title", "published_at", "site", "script")[:limit]
    )
