"""Saving one parsed file as an article: one transaction, all or nothing."""

import hashlib

from django.db import transaction
from django.utils.text import slugify

from articles import entities, search
from articles.ingest.parsed import ParsedArticle
from articles.models import Article, ImportRecord
from articles.text import detect_script, fold

Status = ImportRecord.Status


def fingerprint(folded_text: str) -> str:
    compact = "".join(folded_text.split())
    return hashlib.sha256(compact.encode()).hexdigest()


def store(path: str, file_hash: str, parsed: ParsedArticle) -> tuple[str, Article | None]:
    """Create or update the article of `path`; return (status, article)."""
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(source_path=path).first()
        if article and article.file_hash == file_hash:
            return Status.UNCHANGED, article
        status = Status.UPDATED if article else Status.NEW
        article = article or Article(source_path=path)
        _fill(article, parsed, file_hash)
        article.save()
        entities.link_article(article)
        search.index_article(article)
    return status, article


def _fill(article: Article, parsed: ParsedArticle, file_hash: str) -> None:
    for field in (
        "title",
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
    ):
        setattr(article, field, getattr(parsed, field))
    article.title = article.title[:500]
    article.slug = slugify(article.title, allow_unicode=True)[:200]
    article.file_hash = file_hash
    article.script = detect_script(article.text)
    article.search_text = fold(f"{article.title}\n{article.text}")
    article.fingerprint = fingerprint(fold(article.text))
