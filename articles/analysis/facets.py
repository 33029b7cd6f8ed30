"""Every value of a facet (source, person, organization) among the matching stories,
with its story count, so that none is out of reach: the search page shows the first
few, this gives the rest, filtered by name and a page at a time.

A value's count is the number of stories its filter would leave, so it is counted over
every matching article (a version may name someone its canonical article does not)."""

from articles.analysis import directories
from articles.analysis.directories import Entry
from articles.analysis.stories import Selection, fetch, matched_articles
from articles.entities.queries import matching
from articles.models import Entity
from articles.text import fold

FACETS = ("source", "person", "organization")


def values(selection: Selection, facet: str, name: str = "") -> list[Entry]:
    """The facet's values among the stories `selection` matches, most stories first."""
    if not selection.query and not selection.filters.as_params():
        # The whole archive: the directory has these counts already.
        found = directories.sources(name) if facet == "source" else directories.entities(facet, name)
        return [e for e in found if e.stories]
    sql, params = matched_articles(selection, "a.id, a.site, a.published_at")
    if facet == "source":
        rows = fetch(
            f"SELECT site, site, count(DISTINCT story), max(published_at) FROM ({sql}) m"
            " WHERE site <> '' GROUP BY site ORDER BY 3 DESC, 1",
            params,
            bool(selection.query),
        )
        wanted = fold(name.strip())
        return [Entry(*row) for row in rows if wanted in fold(row[0])]
    rows = fetch(
        f"""SELECT e.id, e.name, count(DISTINCT m.story), max(m.published_at) FROM ({sql}) m
            JOIN articles_mention mn ON mn.article_id = m.id JOIN articles_entity e ON e.id = mn.entity_id
            WHERE e.kind = %s GROUP BY e.id ORDER BY 3 DESC, 2""",
        [*params, facet],
        bool(selection.query),
    )
    entries = [Entry(*row) for row in rows]
    if name.strip():
        named = set(matching(Entity.objects.filter(kind=facet), name).values_list("pk", flat=True))
        entries = [e for e in entries if e.id in named]
    return entries
