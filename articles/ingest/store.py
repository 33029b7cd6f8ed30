"""Saving one prepared file: one transaction, all or nothing — the article, its
entities, its index, its place among the versions of its story and its ImportRecord.

Versions: an article whose folded text matches another one's (exact fingerprint, or
near-duplicate clauses) joins that story; the story's canonical article is the version
with the richest metadata, re-chosen whenever a version arrives, changes or leaves.
Candidates are the articles sharing the most sketch keys (VersionKey), then compared
clause by clause. That step runs under a transaction-scoped advisory lock, so parallel
workers see each other's committed versions and never split a story.
"""

import datetime

from django.db import connection, transaction
from django.utils.text import slugify

from articles import entities, search
from articles.ingest import fingerprint
from articles.ingest.prepare import Prepared
from articles.models import Article, ImportRecord, VersionKey
from articles.text import to_simplified, to_traditional

Status = ImportRecord.Status
_VERSIONS_LOCK = 0x1A6E57  # any constant shared by every importer
# Near-duplicates dated further apart are different issues of a recurring piece (weekly
# bulletins share most of their wording), not versions of one story.
_VERSIONS_APART = datetime.timedelta(days=30)
_COPIED = (
    "text",
    "body_html",
    "published_at",
    "site",
    "publisher",
    "authors",
    "editors",
    "url",
    "cover_image",
    "categories",
    "tags",
)
_RICHNESS = ("published_at", "site", "publisher", "authors", "editors", "url", "cover_image", "categories", "tags")


def record(run_id, path: str, status: str, message: str = "", file_hash: str = "", article_id=None) -> None:
    if run_id:
        ImportRecord.objects.create(
            run_id=run_id, path=path, status=status, message=message, file_hash=file_hash, article_id=article_id
        )


def unchanged(run_id, path: str, file_hash: str) -> int | None:
    """The id of the article already imported from these very bytes (recorded as
    unchanged), or None."""
    article_id = Article.objects.filter(source_path=path, file_hash=file_hash).values_list("pk", flat=True).first()
    if article_id:
        record(run_id, path, Status.UNCHANGED, file_hash=file_hash, article_id=article_id)
    return article_id


def store(prepared: Prepared, run_id, dry_run: bool = False, force: bool = False) -> tuple[str, str, int | None]:
    """Create or update the article of `prepared.path`: (status, message, article id)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            # The commit need not wait for the disk: a crash can lose only the last
            # moments of an import, never half of a file, and a re-run redoes them.
            cursor.execute("SET LOCAL synchronous_commit = off")
        article = Article.objects.select_for_update().filter(source_path=prepared.path).first()
        if article and article.file_hash == prepared.file_hash and not force:
            record(run_id, prepared.path, Status.UNCHANGED, file_hash=prepared.file_hash, article_id=article.pk)
            return Status.UNCHANGED, "", article.pk
        status = Status.UPDATED if article else Status.NEW
        article = article or Article(source_path=prepared.path)
        _fill(article, prepared)
        _write(article, status == Status.NEW)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_VERSIONS_LOCK])
        if status == Status.UPDATED:
            _leave_story(article)
            VersionKey.objects.filter(article=article).delete()
        VersionKey.objects.bulk_create(VersionKey(article=article, key=key) for key in prepared.sketch)
        root = _join_story(article, prepared)
        message = ""
        if root is not None:
            if root.pk == article.pk:
                message = "the canonical version of its story (the richest metadata)"
            else:
                message = f"a version of article {root.pk} ({root.source_file})"
            if status == Status.NEW:
                status = Status.DUPLICATE
        record(run_id, prepared.path, status, message, prepared.file_hash, article.pk)
        if dry_run:
            transaction.set_rollback(True)
    return status, message, article.pk


def _write(article: Article, new: bool) -> None:
    """Save the article with its index and its mentions. The mentions are found first, so
    the row is written once, index included (an insert then an update would write every
    article, its big texts and its index entries twice)."""
    mentions = entities.find_mentions(article)
    names = entities.mentioned_names(mentions)
    values = search.index_values(article.title, names, article.text)
    article.search_vector, article.head_vector = values.vector, values.head
    if new:
        # bulk_create sends no post_save: the index it would schedule is already written.
        Article.objects.bulk_create([article])
    else:
        article.save()
    entities.save_mentions(article, mentions, new=new)
    article._indexed = (article.title, article.text, names)


def _fill(article: Article, prepared: Prepared) -> None:
    parsed = prepared.parsed
    for name in _COPIED:
        setattr(article, name, getattr(parsed, name))
    # Fields with a length limit: a name is cut, an address too long to be real is dropped.
    article.site, article.publisher = parsed.site[:200], parsed.publisher[:200]
    article.url = parsed.url if len(parsed.url) <= 2000 else ""
    article.cover_image = parsed.cover_image if len(parsed.cover_image) <= 2000 else ""
    article.title = parsed.title[:500]
    article.title_derived = prepared.title_derived
    article.slug = slugify(article.title, allow_unicode=True)[:200]
    article.file_hash = prepared.file_hash
    article.script = prepared.script
    # from the stored title, which may have been cut above
    article.search_text = search.compose_search_text(article.title, _body_of(prepared.search_text))
    article.fingerprint = prepared.fingerprint


# --- versions ----------------------------------------------------------------------


def _join_story(article: Article, prepared: Prepared) -> Article | None:
    """Join the story the article matches; return its canonical article, or None when
    the article stands alone."""
    match = _find_version(article, prepared)
    if match is None:
        return None
    root_id = match.canonical_id or match.pk
    story = list(Article.objects.filter(pk=root_id)) + list(Article.objects.filter(canonical_id=root_id))
    story.append(article)
    return _choose_canonical(story)


def _leave_story(article: Article) -> None:
    """A changed article leaves its story (it may join it again): its versions follow
    the richest of them instead."""
    followers = list(Article.objects.filter(canonical=article))
    if followers:
        _choose_canonical(followers)
    if article.canonical_id:
        article.canonical = None
        article.save(update_fields=["canonical"])


def _find_version(article: Article, prepared: Prepared) -> Article | None:
    exact = Article.objects.filter(fingerprint=article.fingerprint).exclude(pk=article.pk).order_by("pk").first()
    if exact or not prepared.sketch:
        return exact
    with connection.cursor() as cursor:
        # Ordered by the subquery's own columns, the candidates are dated one by one from
        # the most shared and the scan stops at the limit, rather than dating every article
        # that shares one key (boilerplate clauses are shared by thousands).
        cursor.execute(
            """
            SELECT a.id, a.search_text, a.title_derived
            FROM (SELECT article_id, count(*) AS shared FROM articles_versionkey
                  WHERE key = ANY(%(keys)s) AND article_id <> %(id)s
                  GROUP BY article_id ORDER BY shared DESC, article_id) AS k
            JOIN articles_article a ON a.id = k.article_id
            WHERE a.published_at IS NULL OR %(date)s::timestamptz IS NULL
               OR abs(extract(epoch FROM a.published_at - %(date)s::timestamptz)) <= %(apart)s
            ORDER BY k.shared DESC, k.article_id
            LIMIT %(limit)s
            """,
            {
                "keys": prepared.sketch,
                "id": article.pk,
                "date": article.published_at,
                "apart": _VERSIONS_APART.total_seconds(),
                "limit": fingerprint.CANDIDATES,
            },
        )
        own_title = "" if article.title_derived else _title_of(article.search_text)
        for candidate_id, search_text, title_derived in cursor.fetchall():
            title = "" if title_derived else _title_of(search_text)
            if fingerprint.titles_agree(own_title, title) and fingerprint.similar(
                prepared.clauses, fingerprint.clauses(_body_of(search_text))
            ):
                return Article.objects.get(pk=candidate_id)
    return None


def _body_of(search_text: str) -> str:
    return search.split_search_text(search_text)[1]


def _title_of(search_text: str) -> str:
    return search.split_search_text(search_text)[0]


def _richness(article: Article) -> tuple:
    filled = sum(1 for name in _RICHNESS if getattr(article, name))
    return (filled + (not article.title_derived), -article.pk)


def _choose_canonical(story: list[Article]) -> Article:
    """Make the richest version canonical, point the others at it, and give versions
    without a title of their own the canonical's title, in their own script."""
    root = max(story, key=_richness)
    for version in story:
        changed = []
        canonical_id = None if version is root else root.pk
        if version.canonical_id != canonical_id:
            version.canonical_id = canonical_id
            changed.append("canonical")
        if version.title_derived and not root.title_derived:
            title = (to_traditional if version.script == "hant" else to_simplified)(root.title)
            if title != version.title:
                version.title = title
                version.slug = slugify(title, allow_unicode=True)[:200]
                changed += ["title", "slug"]
        if changed:
            version.save(update_fields=changed)
            if "title" in changed:
                search.index_article(version)  # the index and search_text follow the new title
    return root
