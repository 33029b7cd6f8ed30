"""Answers kept in the cache while the archive stays as it is.

Counting over every mention or every story takes from tenths of a second to more than a
second at 100k articles, and the answer only changes with an import or an edit: the
directories, the timelines, the filter choices and the entity pages keep theirs a few
minutes under a key that changes when the archive does. (An article removed or re-dated
in the admin shows once the few minutes are over.)"""

import hashlib

from django.core.cache import cache
from django.db import connection

KEPT_SECONDS = 300


def archive_state() -> str:
    """A key that changes when articles, mentions or entities are added, or an entity is
    edited (a merge, an alias, a block)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT (SELECT max(id) FROM articles_article), (SELECT max(id) FROM articles_mention),
                      (SELECT extract(epoch FROM max(updated_at)) FROM articles_entity),
                      (SELECT count(*) FROM articles_entity)"""
        )
        return ":".join(map(str, cursor.fetchone()))


def kept(name: str, compute, state: str | None = None):
    """`compute()`, or what it gave for `name` while the archive was as it is now. Pass
    `state` when one answer reads several kept parts (they then agree with each other).
    The key is hashed: a long name (a query) must fit a shared cache's keys (memcached: 250)."""
    digest = hashlib.sha256(name.encode()).hexdigest()
    return cache.get_or_set(f"kept:{digest}:{state or archive_state()}", compute, KEPT_SECONDS)
