"""The filters of browse, search, the API and the feeds: one parser, one error rule.

`parse_filters` reads source, person, organization, from and to (YYYY-MM-DD) from request
parameters. A value that makes no sense is never an error page: it is left out and
explained in `Filters.errors` ({parameter: message}); the pages show the message beside
its field, the API answers 400 with it. An entity id that is well formed but names no
person (or organization) is no error: the filter stands and matches nothing, and the
pages say why (`Filters.missing`). The same filters narrow a queryset (`apply`, for
browse) or the search plans' SQL (`where_sql`), with the same meaning: a day runs from
midnight to midnight in the archive's time zone, a source matches its name in either
script, an entity filter keeps the articles that mention it.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Entity, EntityKind
from articles.search.query import CONTROL_CHARACTERS
from articles.text import fold

FIRST_YEAR, LAST_YEAR = 1900, 2200  # the dates a filter accepts (PostgreSQL's and Python's range are wider)
MAX_SOURCE_LENGTH = 200


@dataclass(frozen=True)
class Filters:
    source: str = ""  # as asked for, or the stored name it matched
    sites: tuple[str, ...] = ()  # the stored site names equal to `source` in either script
    person_id: int | None = None
    organization_id: int | None = None
    person: Entity | None = None  # the entity of person_id, when there is one
    organization: Entity | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    errors: dict = field(default_factory=dict, compare=False)  # {parameter: message}

    @property
    def missing(self) -> dict:
        """{parameter: message} for the entity ids that name nothing."""
        asked = {"person": (self.person_id, self.person), "organization": (self.organization_id, self.organization)}
        return {name: _("没有找到这一项。") for name, (pk, found) in asked.items() if pk is not None and not found}

    @property
    def notes(self) -> dict:
        """What a page says beside each field: its error, or that its entity is unknown."""
        return {**self.missing, **self.errors}

    @property
    def active(self) -> bool:
        return bool(self.as_params())

    def as_params(self) -> dict:
        """The filters as request parameters (what links that keep them carry)."""
        values = {
            "source": self.source,
            "person": self.person_id,
            "organization": self.organization_id,
            "from": self.date_from and self.date_from.isoformat(),
            "to": self.date_to and self.date_to.isoformat(),
        }
        return {key: value for key, value in values.items() if value}

    def error_message(self) -> str:
        """All errors in one line, each named by its parameter (the API's 400)."""
        return "; ".join(f"{name}: {message}" for name, message in self.errors.items())

    def apply(self, articles):
        """`articles` (a queryset) narrowed by these filters."""
        if self.source:
            articles = articles.filter(site__in=self.sites)
        # Whole days in the archive's time zone, as bounds the published_at index can use.
        if self.date_from:
            articles = articles.filter(published_at__gte=start_of(self.date_from))
        if self.date_to:
            articles = articles.filter(published_at__lt=start_of(self.date_to + datetime.timedelta(days=1)))
        for entity_id in (self.person_id, self.organization_id):
            if entity_id is not None:
                articles = articles.filter(mentions__entity_id=entity_id)
        return articles

    def where_sql(self) -> tuple[str, list]:
        """The same filters as a condition on `articles_article a`, with its parameters."""
        sql, params = [], []
        if self.source:
            sql.append("a.site = ANY(%s)")
            params.append(list(self.sites))
        for entity, entity_id in ((self.person, self.person_id), (self.organization, self.organization_id)):
            if entity_id is not None and entity is None:
                sql.append("FALSE")  # no such person (or organization): nothing mentions it
            elif entity_id is not None:
                sql.append("EXISTS (SELECT 1 FROM articles_mention m WHERE m.article_id = a.id AND m.entity_id = %s)")
                params.append(entity_id)
        if self.date_from:
            sql.append("a.published_at >= %s")
            params.append(start_of(self.date_from))
        if self.date_to:
            sql.append("a.published_at < %s")
            params.append(start_of(self.date_to + datetime.timedelta(days=1)))
        return " AND ".join(sql) or "TRUE", params


def parse_filters(params) -> Filters:
    """Filters from request parameters; what makes no sense is left out and explained."""
    errors = {}
    source = _clean(params.get("source"))[:MAX_SOURCE_LENGTH]
    sites = tuple(_sites_named(source)) if source else ()
    date_from = _date(params, "from", errors)
    date_to = _date(params, "to", errors)
    if date_from and date_to and date_to < date_from:
        errors["to"] = _("止日期早于起日期，已忽略。")
        date_to = None
    person_id = _id(params, "person", errors)
    organization_id = _id(params, "organization", errors)
    return Filters(
        source=sites[0] if sites else source,
        sites=sites,
        person_id=person_id,
        organization_id=organization_id,
        person=_entity(person_id, EntityKind.PERSON),
        organization=_entity(organization_id, EntityKind.ORGANIZATION),
        date_from=date_from,
        date_to=date_to,
        errors=errors,
    )


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the archive's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _clean(value) -> str:
    return CONTROL_CHARACTERS.sub("", value or "").strip()


def _date(params, name, errors) -> datetime.date | None:
    value = _clean(params.get(name))[:40]
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        errors[name] = _("日期写成 2024-02-21 这样。")
        return None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors[name] = _("日期应在 %(first)s 年到 %(last)s 年之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        return None
    return day


def _id(params, name, errors) -> int | None:
    value = _clean(params.get(name))
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        errors[name] = _("这里应是一个编号，已忽略。")
        return None
    return int(value)


def _entity(entity_id, kind) -> Entity | None:
    return None if entity_id is None else Entity.objects.filter(kind=kind, pk=entity_id).first()


def _sites_named(source: str) -> list[str]:
    """The stored site names equal to `source` in either script (a page shown in the
    other script sends the converted name back)."""
    wanted = fold(source)
    sites = Article.objects.exclude(site="").order_by("site").values_list("site", flat=True).distinct()
    return [site for site in sites if fold(site) == wanted]
