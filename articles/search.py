"""Full-text search on PostgreSQL: the index recipe, query parsing, ranking, snippets."""

from django.db import connection

from articles.text import fold, segment


def _lexemes(text: str, weight: str, start: int) -> list[str]:
    words = segment(fold(text))
    return [f"'{w.replace(chr(39), chr(39) * 2)}':{min(start + i, 16383)}{weight}" for i, w in enumerate(words)]


def index_article(article) -> None:
    """Rebuild the article's search vector from our own tokens."""
    parts = _lexemes(article.title, "A", 1) + _lexemes(article.text, "C", 1000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET search_vector = %s::tsvector WHERE id = %s",
            [" ".join(parts), article.pk],
        )
