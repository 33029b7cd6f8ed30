"""Saved searches: a reader's query and filters under a name, what is new in them since
the reader last looked, and the newest matches (for the private feed and the digest).

A story is new when the article representing it was imported after that moment: a new
version of a story already seen is not a new story."""

from django.http import QueryDict
from django.utils import timezone

from articles.analysis.stories import InvalidParameter, Selection, fetch, matching
from articles.models import Article, SavedSearch

MAX_NAME_LENGTH = 200


def save(user, name: str, selection: Selection, email_digest: bool = False) -> SavedSearch:
    name = " ".join((name or "").split())[:MAX_NAME_LENGTH] or selection.query or "—"
    params = QueryDict(mutable=True)
    for key, value in selection.as_pairs():
        params.appendlist(key, value)
    if not params:
        raise InvalidParameter("a saved search needs a query or a filter")
    return SavedSearch.objects.create(
        user=user, name=name, params=params.urlencode(), email_digest=email_digest, last_seen_at=timezone.now()
    )


def selection_of(saved: SavedSearch) -> Selection:
    """The saved query and filters (an entity deleted since is found nowhere: no match)."""
    return Selection.from_params(QueryDict(saved.params), strict=False)


def new_count(saved: SavedSearch, since=None) -> int:
    selection = selection_of(saved)
    sql, params = matching(selection, "a.id, a.imported_at")
    since = since or saved.last_seen_at
    rows = fetch(f"SELECT count(*) FROM ({sql}) s WHERE s.imported_at > %s", [*params, since], bool(selection.query))
    return rows[0][0]


def newest(saved: SavedSearch, since=None, limit: int = 30) -> list[Article]:
    """The latest imported matching stories (after `since` when given), newest first."""
    selection = selection_of(saved)
    sql, params = matching(selection, "a.id, a.imported_at")
    after, extra = ("WHERE s.imported_at > %s", [since]) if since else ("", [])
    rows = fetch(
        f"SELECT s.id FROM ({sql}) s {after} ORDER BY s.imported_at DESC, s.id DESC LIMIT %s",
        [*params, *extra, limit],
        bool(selection.query),
    )
    articles = Article.objects.only("id", "title", "text", "site", "published_at", "imported_at", "updated_at")
    found = articles.in_bulk([row[0] for row in rows])
    return [found[row[0]] for row in rows]


def mark_seen(saved: SavedSearch) -> None:
    saved.last_seen_at = timezone.now()
    saved.save(update_fields=["last_seen_at"])
