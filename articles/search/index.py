"""The index of an article, and its upkeep.

Every article gets a `search_vector` written as a tsvector literal (config-free: no
PostgreSQL parser ever sees Chinese) from `text.index_tokens`: CJK character bigrams at
their positions, jieba words of three or more characters, Latin words; title weighted A,
the names and aliases of the entities it mentions B, body C. A small `head_vector` (title
and entity names only) lets ranking test "is it in the title?" on every match without
reading the body's vector. `search_text` (the folded title on its first line, then the
folded body) is what the fragment and phrase checks read.

This module is the one writer of those three columns: the import fills them before its
single INSERT (`fill_index`), everything else calls `index_article` (entity edits,
versions that take a new title, `reindex`), and `articles.search.signals` re-indexes an
article saved anywhere else (the admin) once its transaction commits.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction

from articles.models import Alias, Article, Entity
from articles.text import fold, index_tokens

MAX_POSITION = 16383  # PostgreSQL's cap on a position in a tsvector
MAX_POSITIONS_PER_LEXEME = 256  # and on how many one lexeme keeps
SECTION_GAP = 10  # keeps a phrase from spanning the title and the body when ranking


@dataclass(frozen=True)
class IndexValues:
    """The two tsvector literals of one article: plain strings, so workers can make them."""

    vector: str
    head: str


def index_values(title: str, entity_names, folded_text: str) -> IndexValues:
    """The index of an article from its shown title, its entities' names and aliases
    (`entity_names()`) and its folded text (`text.fold`: the import has it already)."""
    names = "\n".join(dict.fromkeys(entity_names))
    positions = defaultdict(list)  # lexeme -> ["12A", ...]
    start = _add_section(positions, fold(title), "A", 1)
    start = _add_section(positions, fold(names), "B", start)
    head = _tsvector_literal(positions)  # the title and names alone: the same positions
    _add_section(positions, folded_text, "C", start)
    return IndexValues(vector=_tsvector_literal(positions), head=head)


def _add_section(positions, folded: str, weight: str, start: int) -> int:
    """Add a section's lexemes at positions from `start`; the next section's start."""
    tokens = index_tokens(folded, start)
    labels = _POSITION_LABELS[weight]
    for lexeme, position in tokens:
        kept = positions[lexeme]
        if position <= MAX_POSITION and len(kept) < MAX_POSITIONS_PER_LEXEME:
            kept.append(labels[position])
    return max((position for _, position in tokens), default=start) + SECTION_GAP


# "12A", "12B", "12C" for every position a tsvector keeps: made once, not per lexeme.
_POSITION_LABELS = {weight: [f"{p}{weight}" for p in range(MAX_POSITION + 1)] for weight in "ABC"}


def _tsvector_literal(positions) -> str:
    return " ".join(
        f"{quote_lexeme(lexeme)}:{','.join(kept)}" if kept else quote_lexeme(lexeme)
        for lexeme, kept in positions.items()
    )


def quote_lexeme(lexeme: str) -> str:
    """A lexeme as a quoted tsvector/tsquery operand: nothing in it is read as syntax."""
    if "'" in lexeme or "\\" in lexeme:
        lexeme = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{lexeme}'"


# --- search_text -------------------------------------------------------------------------


def compose_search_text(title: str, folded_body: str) -> str:
    """What the fragment and phrase checks read: the folded title on the first line (a
    title never spans lines), then the already folded body."""
    return folded_title(title) + "\n" + folded_body


def folded_title(title: str) -> str:
    """The title as the first line of `search_text` holds it."""
    return fold(" ".join(title.split()))


def folded_body(search_text: str) -> str:
    """The folded body of a `compose_search_text` value."""
    return search_text.partition("\n")[2]


# --- upkeep ------------------------------------------------------------------------------


def entity_names(article) -> list[str]:
    """The folded names and aliases of the entities the article mentions, sorted: what its
    index holds besides the title and text (the import has them from the gazetteer)."""
    entities = Entity.objects.filter(mentions__article=article)
    names = {fold(name) for name in entities.values_list("name", flat=True)}
    names.update(Alias.objects.filter(entity__in=entities).values_list("folded", flat=True))
    return sorted(names)


def fill_index(article, names, folded_text: str) -> None:
    """Set the article's search_text and both vectors in memory, before it is written
    (the import's one INSERT carries them)."""
    article.search_text = compose_search_text(article.title, folded_text)
    values = index_values(article.title, names, folded_text)
    article.search_vector, article.head_vector = values.vector, values.head
    _remember(article, names)


def index_article(article) -> None:
    """Write the article's index from its title, text and entities as the database has
    them now (after an edit, a re-link or a new title)."""
    names = entity_names(article)
    folded_text = fold(article.text)
    values = index_values(article.title, names, folded_text)
    search_text = compose_search_text(article.title, folded_text)
    with connection.cursor() as cursor:
        # search_text is rewritten only when it changed: it is the article's largest column.
        cursor.execute(
            "UPDATE articles_article SET search_vector = %s::tsvector, head_vector = %s::tsvector,"
            " search_text = CASE WHEN search_text = %s THEN search_text ELSE %s END WHERE id = %s",
            [values.vector, values.head, search_text, search_text, article.pk],
        )
    article.search_text = search_text
    _remember(article, names)


def reindex(queryset, report=lambda done, total: None, batch_size=100) -> int:
    """Rebuild the index of every article in `queryset`; report progress; return the count."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = Article.objects.filter(pk__in=ids[start : start + batch_size]).only("pk", "title", "text")
        with transaction.atomic():
            for article in batch:
                index_article(article)
        report(min(start + batch_size, len(ids)), len(ids))
    return len(ids)


# An article object remembers what its index was made from, so that the post_save
# receiver does not index again what the import (or index_article) just indexed.
_INDEXED = "_search_index_made_from"


def _remember(article, names) -> None:
    setattr(article, _INDEXED, (article.title, article.text, list(names)))


def is_current(article) -> bool:
    """Was this object's index made from its present title, text and entities?"""
    return getattr(article, _INDEXED, None) == (article.title, article.text, entity_names(article))
