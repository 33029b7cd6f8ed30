"""Saving one prepared file: one transaction, all or nothing — the article, its
entities, its index, its place among the versions of its story and its ImportRecord.

Versions: an article whose folded text matches another one's (exact fingerprint, or
near-duplicate clauses) joins that story; the story's canonical article is the original
(marked 原创, else the earliest dated; then the richest metadata), re-chosen whenever a
version arrives, changes or leaves.
Candidates are the articles sharing the most sketch keys (VersionKey), then compared
clause by clause. That step runs under a transaction-scoped advisory lock, so parallel
workers see each other's committed versions and never split a story.

The statements every file runs are plain SQL (at the end of this module): the ORM's
compiler cost more than the statements themselves. Updates and stories, which few files
reach, use the ORM.
"""

import datetime
import os

import psycopg
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import entities, search
from articles.entities.editing import record_sightings
from articles.ingest import fingerprint, templates
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
    "date_only",
    "site",
    "publisher",
    "authors",
    "editors",
    "url",
    "cover_image",
    "categories",
    "tags",
    "is_original",
    "removed",
)
_RICHNESS = ("published_at", "site", "publisher", "authors", "editors", "url", "cover_image", "categories", "tags")


def record(run_id, path: str, status: str, message: str = "", file_hash: str = "", article_id=None) -> None:
    if run_id:
        _execute(
            "INSERT INTO articles_importrecord (run_id, path, file_hash, status, message, article_id, created_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [run_id, path, file_hash, status, message, article_id, timezone.now()],
        )


def rejected_before(path: str, file_hash: str, run_id) -> bool:
    """Whether the last earlier run that saw `path` rejected it with these same bytes."""
    rows = _execute(
        "SELECT status, file_hash FROM articles_importrecord WHERE path = %s AND run_id IS DISTINCT FROM %s"
        " ORDER BY id DESC LIMIT 1",
        [path, run_id],
    )
    return bool(rows) and rows[0] == (Status.REJECTED, file_hash)


def templates_for(publisher: str, keys: list[int]) -> set[int]:
    """Which of `keys` the archive knows as templates of `publisher` (or of every publisher)."""
    rows = _execute(
        "SELECT key FROM articles_template WHERE key = ANY(%s) AND publisher IN ('', %s)", [keys, publisher]
    )
    return {key for (key,) in rows}


def keep_original(prepared: Prepared) -> str:
    """Store the file's bytes (once per content: the name is their hash); the name."""
    extension = os.path.splitext(prepared.path)[1][:10]
    name = f"originals/{prepared.file_hash[:2]}/{prepared.file_hash}{extension}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(prepared.data))
    return name


def imported(path: str) -> tuple[int, str] | None:
    """(id, file hash) of the article already imported from `path`, or None."""
    rows = _execute("SELECT id, file_hash FROM articles_article WHERE source_path = %s", [path])
    return rows[0] if rows else None


def store(
    prepared: Prepared, run_id, force: bool = False, new_path: bool = False, keep_bytes: bool = True
) -> tuple[str, str, int | None]:
    """Create or update the article of `prepared.path`: (status, message, article id).

    `new_path`: no article had this path a moment ago, so none is looked up and locked;
    if one has arrived since, the INSERT breaks the path's unique key and the caller
    retries without it."""
    with transaction.atomic():
        rows = [] if new_path else _locked(prepared.path)
        if rows and rows[0][1] == prepared.file_hash and not force:
            record(run_id, prepared.path, Status.UNCHANGED, file_hash=prepared.file_hash, article_id=rows[0][0])
            return Status.UNCHANGED, "", rows[0][0]
        status = Status.UPDATED if rows else Status.NEW
        article = Article.objects.get(pk=rows[0][0]) if rows else Article(source_path=prepared.path)
        _fill(article, prepared)
        if keep_bytes:  # not in a dry run: its transaction is rolled back, files would stay
            article.original = keep_original(prepared)
        _write(article, status == Status.NEW, prepared.folded_text)
        _store_blocks(article, prepared, status == Status.NEW)
        # The commit need not wait for the disk (read at commit, so set here): a crash can
        # lose only the last moments of an import, never half of a file, and a re-run redoes them.
        _execute("SELECT pg_advisory_xact_lock(%s), set_config('synchronous_commit', 'off', true)", [_VERSIONS_LOCK])
        if status == Status.UPDATED:
            _leave_story(article)
            VersionKey.objects.filter(article=article).delete()
        root = _join_story(article, prepared)
        record_sightings(article, article._mentions)
        message = ""
        if root is not None:
            if root.pk == article.pk:
                message = "the canonical version of its story (the original)"
            else:
                message = f"a version of article {root.pk} ({root.source_file})"
            if status == Status.NEW:
                status = Status.DUPLICATE
        message = "; ".join(filter(None, [message, *prepared.parsed.notes]))
        record(run_id, prepared.path, status, message, prepared.file_hash, article.pk)
    return status, message, article.pk


def _write(article: Article, new: bool, folded_text: str) -> None:
    """Save the article with its index and its mentions. The mentions are found first, so
    the row is written once, index included (an insert then an update would write every
    article, its big texts and its index entries twice)."""
    mentions = entities.find_mentions(article)
    names = entities.mentioned_names(mentions)
    search.fill_index(article, names, folded_text)  # from the stored title, which _fill may have cut
    if new:
        # No post_save is sent: the index it would schedule is already written.
        _insert(article)
    else:
        article.save()
    entities.save_mentions(article, mentions, new=new)
    article._mentions = mentions  # its sightings are recorded once the story is known


def _fill(article: Article, prepared: Prepared) -> None:
    parsed = prepared.parsed
    for name in _COPIED:
        setattr(article, name, getattr(parsed, name))
    # Fields with a length limit: a name is cut, an address too long to be real is dropped.
    article.site, article.publisher = parsed.site[:200], parsed.publisher[:200]
    article.url = parsed.url if len(parsed.url) <= 2000 and _is_web_address(parsed.url) else ""
    article.cover_image = parsed.cover_image if len(parsed.cover_image) <= 2000 else ""
    article.title = parsed.title[:500]
    article.title_derived = prepared.title_derived
    article.image_only = prepared.image_only
    offset = parsed.published_at.utcoffset() if parsed.published_at else None
    article.published_offset = None if offset is None else int(offset.total_seconds() // 60)
    article.clean_key = templates.clean_key(parsed.template_keys)
    article.slug = slugify(article.title, allow_unicode=True)[:200]
    article.file_hash = prepared.file_hash
    article.tagged_at = None  # new text: discovery's background pass reads it again
    article.script = prepared.script
    article.fingerprint = prepared.fingerprint


def _store_blocks(article: Article, prepared: Prepared, new: bool) -> None:
    """The body's block keys, which the archive learns its templates from."""
    if not new:
        _execute("DELETE FROM articles_articleblock WHERE article_id = %s", [article.pk])
    if prepared.parsed.block_keys:
        _execute(
            "INSERT INTO articles_articleblock (article_id, key) SELECT %s, unnest(%s::bigint[])",
            [article.pk, prepared.parsed.block_keys],
        )


def _is_web_address(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def reason_for(error: Exception) -> str:
    """What a person is told when storing a file failed on the database's side."""
    if "too long for tsvector" in str(error):  # SQLSTATE 54000, program limit exceeded
        return (
            "the text holds too many distinct words for PostgreSQL's full-text index (at most 1 MB"
            " of them); split the file, or lower IMPORT_MAX_TEXT_CHARS to refuse such files sooner"
        )
    return f"could not be imported: {type(error).__name__}: {str(error).strip()}"


# --- versions ----------------------------------------------------------------------


def _join_story(article: Article, prepared: Prepared) -> Article | None:
    """Join the story the article matches; return its canonical article, or None when
    the article stands alone."""
    match = _store_keys_and_find_version(article, prepared)
    if match is None:
        return None
    root_id = match.canonical_id or match.pk
    story = list(Article.objects.filter(pk=root_id)) + list(Article.objects.filter(canonical_id=root_id))
    story.append(article)
    return _choose_canonical(story)


def _leave_story(article: Article) -> None:
    """A changed article leaves its story (it may join it again): its versions follow
    the original among them instead."""
    followers = list(Article.objects.filter(canonical=article))
    if followers:
        _choose_canonical(followers)
    if article.canonical_id:
        article.canonical = None
        article.save(update_fields=["canonical"])


# In one statement: the article's sketch keys are stored (its own rows are not needed
# here: a statement does not see its own writes), an exact duplicate is looked up, and
# so are the candidates: the articles sharing the most keys, within 30 days. Each key
# brings its PER_KEY newest articles at most (an index gives them in that order), so the
# work stays bounded as the archive grows, though a boilerplate clause can be shared by
# thousands of articles; a story with more versions than that is found through any of them.
_VERSION_LOOKUP = """
WITH stored AS (
    INSERT INTO articles_versionkey (article_id, key) SELECT %(id)s, unnest(%(keys)s::bigint[])
)
(SELECT true, id, '', false FROM articles_article
 WHERE fingerprint = %(fingerprint)s AND id <> %(id)s ORDER BY id LIMIT 1)
UNION ALL
(SELECT false, a.id, a.title, a.title_derived
 FROM (SELECT shares.article_id, count(*) AS shared
       FROM unnest(%(keys)s::bigint[]) AS sketch(key)
       CROSS JOIN LATERAL (SELECT article_id FROM articles_versionkey
                           WHERE key = sketch.key AND article_id <> %(id)s
                           ORDER BY article_id DESC LIMIT %(per_key)s) AS shares
       GROUP BY shares.article_id ORDER BY shared DESC, shares.article_id) AS k
 JOIN articles_article a ON a.id = k.article_id
 WHERE a.published_at IS NULL OR %(date)s::timestamptz IS NULL
    OR abs(extract(epoch FROM a.published_at - %(date)s::timestamptz)) <= %(apart)s
 ORDER BY k.shared DESC, k.article_id
 LIMIT %(limit)s)
"""
PER_KEY = 100


def _store_keys_and_find_version(article: Article, prepared: Prepared) -> Article | None:
    """Store the article's sketch keys; return the article it is a version of, if any."""
    rows = _execute(
        _VERSION_LOOKUP,
        {
            "id": article.pk,
            "keys": prepared.sketch,
            "fingerprint": article.fingerprint,
            "date": article.published_at,
            "apart": _VERSIONS_APART.total_seconds(),
            "per_key": PER_KEY,
            "limit": fingerprint.CANDIDATES,
        },
    )
    exact = [pk for is_exact, pk, _, _ in rows if is_exact]
    if exact:
        return Article.objects.get(pk=exact[0])
    # Titles first: most candidates share only boilerplate with the article, and their
    # titles rule them out without reading their texts. A title agreeing but for its
    # wording is enough for a candidate whose text is nearly the same (a retitled repost).
    own_title = "" if article.title_derived else search.folded_title(article.title)
    agreeing = {}  # candidate: its title's wording agrees too
    for _, pk, title, title_derived in rows:
        other_title = "" if title_derived else search.folded_title(title)
        if fingerprint.titles_agree(own_title, other_title, reworded=True):
            agreeing[pk] = fingerprint.titles_agree(own_title, other_title)
    if not agreeing:
        return None
    texts = dict(_execute("SELECT id, search_text FROM articles_article WHERE id = ANY(%s)", [list(agreeing)]))
    for pk, worded_alike in agreeing.items():
        other = fingerprint.clauses(search.folded_body(texts[pk]))
        if (
            fingerprint.similar(prepared.clauses, other)
            if worded_alike
            else fingerprint.near_identical(prepared.clauses, other)
        ):
            return Article.objects.get(pk=pk)
    return None


def _precedence(article: Article) -> tuple:
    """The original first (marked 原创, else the earliest dated), then the richest metadata."""
    earliest = -article.published_at.timestamp() if article.published_at else float("-inf")
    filled = sum(1 for name in _RICHNESS if getattr(article, name))
    return (article.is_original, earliest, filled + (not article.title_derived), -article.pk)


def _choose_canonical(story: list[Article]) -> Article:
    """Make the original version canonical, point the others at it, and give versions
    without a title of their own the canonical's title, in their own script."""
    root = max(story, key=_precedence)
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


# --- the statements every file runs -------------------------------------------------

_ARTICLE_FIELDS = [field for field in Article._meta.concrete_fields if not field.primary_key]
_INSERT_ARTICLE = "INSERT INTO {} ({}) VALUES ({}) RETURNING id".format(
    Article._meta.db_table,
    ", ".join(connection.ops.quote_name(field.column) for field in _ARTICLE_FIELDS),
    ", ".join(["%s"] * len(_ARTICLE_FIELDS)),
)


def _insert(article: Article) -> None:
    values = [field.get_db_prep_save(field.pre_save(article, True), connection) for field in _ARTICLE_FIELDS]
    article.pk = _execute(_INSERT_ARTICLE, values)[0][0]
    article._state.adding, article._state.db = False, connection.alias


def _locked(path: str) -> list[tuple[int, str]]:
    """(id, file hash) of the article of `path`, locked until the transaction ends."""
    return _execute("SELECT id, file_hash FROM articles_article WHERE source_path = %s FOR UPDATE", [path])


def _execute(sql: str, params) -> list[tuple]:
    """Run one statement on Django's connection; its rows, if it returns any.

    Its parameters are bound by the server, not quoted into the SQL by the client (Django's
    way with psycopg): an article's text, HTML and index (often a hundred kilobytes) travel
    as they are, and psycopg prepares a statement it has run a few times, so the server
    plans each of these once per connection instead of once per file. (Being psycopg's own
    cursor, it is not seen by Django's query log or assertNumQueries.)"""
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []
