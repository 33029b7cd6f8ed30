"""The filters of browse, search, the API and the feeds: one parser, one error rule.

`parse_filters` reads source, person, organization (both repeatable: every one must be
mentioned), from and to (YYYY-MM-DD) and kind (`images`: picture posts only, `text`:
without them) from request parameters. A value that makes no sense is never an error
page: it is left out and explained in `Filters.errors` ({parameter: message}); the pages
show the message beside its field, the API answers 400 with it. An entity id that is well
formed but names no
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
IMAGES, TEXT = "images", "text"
KINDS = ("", IMAGES, TEXT)


MAX_ENTITY_FILTERS = 8  # person= and organization= values one request may combine


@dataclass(frozen=True)
class Filters:
    source: str = ""  # as asked for, or the stored name it matched
    sites: tuple[str, ...] = ()  # the stored site names equal to `source` in either script
    # person= and organization= may repeat: an article must mention every one of them.
    person_ids: tuple[int, ...] = ()
    organization_ids: tuple[int, ...] = ()
    people: tuple[Entity, ...] = ()  # the entities of person_ids that exist
    organizations: tuple[Entity, ...] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    kind: str = ""  # "images" (picture posts, 图片文章), "text" (the others) or "" (all)
    errors: dict = field(default_factory=dict, compare=False)  # {parameter: message}

    @property
    def narrows(self) -> bool:
        """Whether an index finds the articles that pass (a source, an entity, a date),
        so that they can be listed without testing every article."""
        return bool(self.sites or self.person_ids or self.organization_ids or self.date_from or self.date_to)

    # The first person and organization: what the browse form's single choice shows.
    @property
    def person(self) -> Entity | None:
        return self.people[0] if self.people else None

    @property
    def organization(self) -> Entity | None:
        return self.organizations[0] if self.organizations else None

    @property
    def missing(self) -> dict:
        """{parameter: message} for the entity ids that name nothing."""
        asked = {"person": (self.person_ids, self.people), "organization": (self.organization_ids, self.organizations)}
        return {name: _("没有找到这一项。") for name, (ids, found) in asked.items() if len(found) < len(ids)}

    @property
    def notes(self) -> dict:
        """What a page says beside each field: its error, or that its entity is unknown."""
        return {**self.missing, **self.errors}

    @property
    def active(self) -> bool:
        return bool(self.as_params())

    def as_params(self) -> dict:
        """The filters as request parameters (what links that keep them carry); person and
        organization are lists (urlencode them with doseq=True)."""
        values = {
            "source": self.source,
            "person": list(self.person_ids),
            "organization": list(self.organization_ids),
            "from": self.date_from and self.date_from.isoformat(),
            "to": self.date_to and self.date_to.isoformat(),
            "kind": self.kind,
        }
        return {key: value for key, value in values.items() if value}

    def as_pairs(self) -> list[tuple[str, str]]:
        """(name, value) for every parameter, a repeated one once per value: hidden inputs."""
        pairs = []
        for name, value in self.as_params().items():
            pairs.extend((name, str(v)) for v in (value if isinstance(value, list) else [value]))
        return pairs

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
        for entity_id in (*self.person_ids, *self.organization_ids):
            articles = articles.filter(mentions__entity_id=entity_id)  # one join each: AND
        if self.kind:
            articles = articles.filter(image_only=self.kind == IMAGES)
        return articles

    def count_sql(self) -> tuple[str, list]:
        """SQL counting the articles that pass these filters, with its parameters. A filter
        that is one entity alone is counted among its mentions (one per article it is
        mentioned in): its own index answers, where the condition on articles joins every
        article id."""
        conditions, params = self._conditions()
        if conditions == [_MENTIONED]:
            return "SELECT count(*) FROM articles_mention m WHERE m.entity_id = %s", params
        return f"SELECT count(*) FROM articles_article a WHERE {' AND '.join(conditions) or 'TRUE'}", params

    def where_sql(self) -> tuple[str, list]:
        """The same filters as a condition on `articles_article a`, with its parameters."""
        conditions, params = self._conditions()
        return " AND ".join(conditions) or "TRUE", params

    def _conditions(self) -> tuple[list[str], list]:
        sql, params = [], []
        if self.source:
            sql.append("a.site = ANY(%s)")
            params.append(list(self.sites))
        if self.missing:
            sql.append("FALSE")  # no such person (or organization): nothing mentions it
        for entity_id in (*self.person_ids, *self.organization_ids):
            sql.append(_MENTIONED)
            params.append(entity_id)
        if self.date_from:
            sql.append("a.published_at >= %s")
            params.append(start_of(self.date_from))
        if self.date_to:
            sql.append("a.published_at < %s")
            params.append(start_of(self.date_to + datetime.timedelta(days=1)))
        if self.kind:
            sql.append("a.image_only" if self.kind == IMAGES else "NOT a.image_only")
        return sql, params


_MENTIONED = "EXISTS (SELECT 1 FROM articles_mention m WHERE m.article_id = a.id AND m.entity_id = %s)"


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
    person_ids = _ids(params, "person", errors)
    organization_ids = _ids(params, "organization", errors)
    kind = _clean(params.get("kind"))
    if kind not in KINDS:
        errors["kind"] = _("只能是 images（图片文章）或 text（文字文章），已忽略。")
        kind = ""
    return Filters(
        source=sites[0] if sites else source,
        sites=sites,
        person_ids=person_ids,
        organization_ids=organization_ids,
        people=_entities(person_ids, EntityKind.PERSON),
        organizations=_entities(organization_ids, EntityKind.ORGANIZATION),
        date_from=date_from,
        date_to=date_to,
        kind=kind,
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


def _ids(params, name, errors) -> tuple[int, ...]:
    """Every well-formed `name` value, repeats dropped, in the order given."""
    values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
    ids = []
    for value in map(_clean, values):
        if not value:
            continue
        if not (value.isascii() and value.isdigit() and len(value) <= 18):
            errors[name] = _("这里应是一个编号，已忽略。")
        elif int(value) not in ids:
            ids.append(int(value))
    if len(ids) > MAX_ENTITY_FILTERS:
        errors[name] = _("最多同时筛选 %(n)s 项，其余已忽略。") % {"n": MAX_ENTITY_FILTERS}
    return tuple(ids[:MAX_ENTITY_FILTERS])


def _entities(ids, kind) -> tuple[Entity, ...]:
    found = Entity.objects.filter(kind=kind, pk__in=ids).in_bulk() if ids else {}
    return tuple(found[pk] for pk in ids if pk in found)


def _sites_named(source: str) -> list[str]:
    """The stored site names equal to `source` in either script (a page shown in the
    other script sends the converted name back)."""
    wanted = fold(source)
    sites = Article.objects.exclude(site="").order_by("site").values_list("site", flat=True).distinct()
    return [site for site in sites if fold(site) == wanted]
