"""Re-cleaning the archive: learn the templates from every article's blocks, then clean
again, from its original bytes, each article whose text was cleaned with other rules or
other templates than those that now apply to it. Incremental (an article whose clean key
still holds is not read) and idempotent (a second run finds nothing to do)."""

import hashlib
from dataclasses import dataclass, field

from django.db import connection, transaction

from articles.ingest import store, templates
from articles.ingest.errors import RejectedFile
from articles.ingest.prepare import prepare, read
from articles.models import Article

# Templates in one statement: the same rule as templates.learn(), on the stored blocks;
# a story is counted once, whichever of its versions hold the block.
LEARN_SQL = """
WITH own AS (
    SELECT a.site AS publisher, b.key
    FROM articles_articleblock b JOIN articles_article a ON a.id = b.article_id
    WHERE a.site <> ''
    GROUP BY a.site, b.key
    HAVING count(DISTINCT COALESCE(a.canonical_id, a.id)) >= %(stories)s
)
INSERT INTO articles_template (publisher, key)
SELECT publisher, key FROM own
UNION ALL
SELECT '', key FROM own GROUP BY key HAVING count(*) >= %(publishers)s
"""
# The articles whose clean key differs from the one the templates give now (the same
# digest as templates.clean_key()).
STALE_SQL = """
SELECT a.id FROM articles_article a
LEFT JOIN LATERAL (
    SELECT string_agg(held.key::text, ',' ORDER BY held.key) AS keys
    FROM (SELECT DISTINCT b.key FROM articles_articleblock b
          JOIN articles_template t ON t.key = b.key AND t.publisher IN ('', a.site)
          WHERE b.article_id = a.id) AS held
) AS matched ON true
WHERE a.clean_key <> md5(%(version)s || ':' || COALESCE(matched.keys, ''))
ORDER BY a.id
"""


@dataclass
class Outcome:
    templates: int = 0
    stale: int = 0
    recleaned: int = 0
    changed: int = 0
    unreadable: list = field(default_factory=list)  # (article id, reason)


def learn() -> int:
    """Replace the templates by those the archive holds now; how many there are."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_template")
        cursor.execute(LEARN_SQL, {"stories": templates.PUBLISHER_STORIES, "publishers": templates.ARCHIVE_PUBLISHERS})
        return cursor.rowcount


def stale_ids() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(STALE_SQL, {"version": str(templates.RULES_VERSION)})
        return [pk for (pk,) in cursor.fetchall()]


def reclean(progress=None) -> Outcome:
    """Learn, then re-clean the stale articles; `progress(total)` as for an import."""
    outcome = Outcome(templates=learn())
    ids = stale_ids()
    outcome.stale = len(ids)
    meter = progress(len(ids)) if progress else None
    for pk in ids:
        article = Article.objects.only("id", "source_path", "original", "text").get(pk=pk)
        try:
            data = original_bytes(article)
            prepared = prepare(article.source_path, data, hashlib.sha256(data).hexdigest(), store.templates_for)
            store.store(prepared, run_id=None, force=True)
        except RejectedFile as error:
            outcome.unreadable.append((pk, str(error)))
        else:
            outcome.recleaned += 1
            outcome.changed += Article.objects.filter(pk=pk).exclude(text=article.text).exists()
        if meter:
            meter.advance(len(article.text))
    if meter:
        meter.close()
    return outcome


def original_bytes(article: Article) -> bytes:
    """The bytes the article was imported from: kept in storage, else its file if it is
    still there unchanged."""
    if article.original:
        with article.original.open("rb") as stored:
            return stored.read()
    data, file_hash = read(article.source_path)
    if file_hash != Article.objects.values_list("file_hash", flat=True).get(pk=article.pk):
        raise RejectedFile("no original kept, and its file has changed since it was imported")
    return data
