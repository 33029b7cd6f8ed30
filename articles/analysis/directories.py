"""Every person, organization and source with how many stories it is in and when the
latest appeared: the directory pages and their API.

Counting every mention of every entity takes a second or more at 100k articles, so the
counts are kept (`articles.kept`); the name filter, the order and the page are applied to
that list per request."""

from dataclasses import dataclass
from datetime import datetime

from articles.analysis.stories import STORY, choice, fetch
from articles.entities.queries import matching
from articles.kept import kept
from articles.models import Entity
from articles.text import fold

SORTS = ("name", "stories", "recent")
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Entry:
    id: int | str  # an entity's id, or a source's name
    name: str
    stories: int
    latest: datetime | None
    aliases: tuple = ()  # a person's or organization's other names


def parse_sort(value, default: str = "stories") -> str:
    return choice(value, SORTS, default, "sort")


def entities(kind: str, query: str = "", sort: str = "stories") -> list[Entry]:
    """People or organizations (`kind`) whose name or an alias contains `query`."""
    entries = kept(f"directory:{kind}", lambda: _entity_entries(kind))
    query = _clean(query)
    if query:
        wanted = set(matching(Entity.objects.filter(kind=kind), query).values_list("pk", flat=True))
        entries = [e for e in entries if e.id in wanted]
    return _sorted(entries, sort)


def sources(query: str = "", sort: str = "stories") -> list[Entry]:
    """Sites (in either script) whose name contains `query`."""
    entries = kept("directory:sources", _source_entries)
    query = fold(_clean(query))
    if query:
        entries = [e for e in entries if query in fold(e.name)]
    return _sorted(entries, sort)


def source(name: str) -> Entry | None:
    return next((e for e in kept("directory:sources", _source_entries) if e.name == name), None)


def _clean(query: str) -> str:
    return (query or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def _sorted(entries: list[Entry], sort: str) -> list[Entry]:
    if sort == "name":
        return sorted(entries, key=lambda e: (fold(e.name), e.name))
    if sort == "recent":
        return sorted(entries, key=lambda e: (e.latest is None, -(e.latest.timestamp() if e.latest else 0), e.name))
    return sorted(entries, key=lambda e: (-e.stories, e.name))


def _entity_entries(kind: str) -> list[Entry]:
    # The entities some article mentions: a gazetteer name no article has used yet is no
    # entry (and the about page counts what the directories list).
    rows = fetch(
        f"""SELECT e.id, e.name, count(DISTINCT {STORY}), max(a.published_at),
                   ARRAY(SELECT al.name FROM articles_alias al WHERE al.entity_id = e.id ORDER BY al.id)
            FROM articles_entity e
            JOIN articles_mention m ON m.entity_id = e.id
            JOIN articles_article a ON a.id = m.article_id
            WHERE e.kind = %s GROUP BY e.id, e.name""",
        [kind],
        searching=False,
    )
    return [Entry(*row[:4], tuple(row[4])) for row in rows]


def _source_entries() -> list[Entry]:
    rows = fetch(
        f"SELECT a.site, a.site, count(DISTINCT {STORY}), max(a.published_at)"
        " FROM articles_article a WHERE a.site <> '' GROUP BY a.site",
        [],
        searching=False,
    )
    return [Entry(*row) for row in rows]
