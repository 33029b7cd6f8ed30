"""Full-text search on PostgreSQL over our own tokens.

The index (`index_values`): every article gets a `search_vector` written as a tsvector
literal (config-free: no PostgreSQL parser ever sees Chinese) from `text.index_tokens`:
CJK character bigrams at their positions, jieba words of three or more characters, Latin
words; title weighted A, the names and aliases of the entities it mentions B, body C.
A small `head_vector` (title and entity names only) lets ranking test "is it in the
title?" on every match without reading the body's vector.

Matching is exact substring search on folded text, whatever PostgreSQL's limits do to
positions (16,383 at most, 256 per lexeme): a term matches through the GIN index by the
AND of its bigrams and words, without positions, which misses nothing; a term of more
than one lexeme (a fragment, a phrase) is then checked against `search_text` (folded
title and text), which admits no false hit. Positions only serve ranking.

Work is bounded. How many articles match is first estimated on a sample of ids (cheap
for a rare word, bounded for a common one). Up to a limit (EXACT_LIMIT) every match is
read: exact total and facets, matches pre-ordered cheaply (title or entity hit, then
recency), and only the first RANK_WINDOW stories get `ts_rank_cd` (weights, proximity).
Above it (a word in most articles) the total and facets are the sample's, scaled, and
the ranked window is the newest matches; the page says the counts are estimates.
Snippets are cut for the shown page only, from the shown text, highlighted through
`fold_with_offsets`.

PostgreSQL's planner does not know that testing a tsvector row by row means reading it
from TOAST (tens of microseconds each), so searches run with sequential scans off.
"""

import datetime
import html
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Left
from django.utils.safestring import SafeString, mark_safe

from articles.models import Alias, Article, Entity, EntityKind
from articles.text import (
    WORD_CHARACTER,
    bigrams,
    fold,
    fold_with_offsets,
    index_tokens,
    regional_forms,
    search_tokens,
    segment,
)

# --- the index ------------------------------------------------------------------------

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
        f"{_quote(lexeme)}:{','.join(kept)}" if kept else _quote(lexeme) for lexeme, kept in positions.items()
    )


def _quote(lexeme: str) -> str:
    """A lexeme as a quoted tsvector/tsquery operand: nothing in it is read as syntax."""
    if "'" in lexeme or "\\" in lexeme:
        lexeme = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{lexeme}'"


def entity_names(article) -> list[str]:
    """The folded names and aliases of the entities the article mentions, sorted: what its
    index holds besides the title and text (the import has them from the gazetteer)."""
    entities = Entity.objects.filter(mentions__article=article)
    names = {fold(name) for name in entities.values_list("name", flat=True)}
    names.update(Alias.objects.filter(entity__in=entities).values_list("folded", flat=True))
    return sorted(names)


def compose_search_text(title: str, folded_body: str) -> str:
    """What the fragment and phrase checks read: the folded title on the first line (a
    title never spans lines), then the already folded body."""
    return folded_title(title) + "\n" + folded_body


def folded_title(title: str) -> str:
    """The title as the first line of `search_text` holds it."""
    return fold(" ".join(title.split()))


def split_search_text(search_text: str) -> tuple[str, str]:
    """(folded title, folded body) of a `compose_search_text` value."""
    title, _, body = search_text.partition("\n")
    return title, body


def index_article(article, values: IndexValues | None = None) -> None:
    """Write the article's index (from its title, text and entities unless `values` are
    given). The entities code calls this after re-linking an article."""
    names = entity_names(article)
    folded_text = fold(article.text)
    values = values or index_values(article.title, names, folded_text)
    # The checks read search_text: an edit made outside the import (admin) refreshes it.
    search_text = compose_search_text(article.title, folded_text)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET search_vector = %s::tsvector, head_vector = %s::tsvector,"
            " search_text = CASE WHEN search_text = %s THEN search_text ELSE %s END WHERE id = %s",
            [values.vector, values.head, search_text, search_text, article.pk],
        )
    article.search_text = search_text
    article._indexed = (article.title, article.text, names)


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


def index_after_save(sender, instance, update_fields=None, **kwargs):
    """post_save receiver: index the article once its transaction commits (mentions and
    admin inlines are saved by then). Skipped when the save touched no indexed field or
    when the article was already indexed with the same content in this transaction."""
    if update_fields is not None and not {"title", "text"} & set(update_fields):
        return

    def index():
        if getattr(instance, "_indexed", None) != (instance.title, instance.text, entity_names(instance)):
            index_article(instance)

    transaction.on_commit(index)


# --- the query ------------------------------------------------------------------------

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"', "「": '"', "」": '"'})
# -"a phrase" (closed or not), or a bare word; a leading - excludes.
_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """One thing to find: a word, a fragment or a phrase, folded."""

    surface: str  # folded, whitespace collapsed
    tokens: tuple  # ((token, is_cjk), ...) as text.search_tokens gives them

    @property
    def lexemes(self) -> list[str]:
        """tsquery operands: bigrams of CJK runs (a lone character as a prefix), words."""
        found = []
        for token, cjk in self.tokens:
            grams = bigrams(token) if cjk else [token]
            # A lone character starts a bigram or ends a run: a prefix finds it either way.
            found.extend(_quote(g) + (":*" if cjk and len(g) == 1 else "") for g in grams)
        return list(dict.fromkeys(found))

    @property
    def needs_check(self) -> bool:
        """Several lexemes may all be in an article without being next to each other."""
        return len(self.lexemes) > 1 or len(self.tokens) > 1

    def match_tsquery(self) -> str:
        """AND of the lexemes, positions ignored: finds every article that has the term."""
        return "(" + " & ".join(self.lexemes) + ")"

    def phrase_tsquery(self) -> str:
        """The lexemes in order, each next to the one before (<->)."""
        parts = []
        for token, cjk in self.tokens:
            grams = bigrams(token) if cjk else [token]
            parts.append(" <-> ".join(_quote(g) + (":*" if len(g) == 1 and cjk else "") for g in grams))
        return " <-> ".join(parts)

    def rank_tsquery(self) -> str:
        """The phrase, or-ed with the term's long jieba words."""
        words = [w for token, cjk in self.tokens if cjk for w in segment(token) if len(w) > 2]
        return "(" + " | ".join([f"({self.phrase_tsquery()})", *map(_quote, dict.fromkeys(words))]) + ")"

    def check_sql(self) -> tuple[str, list]:
        """SQL that is true where `search_text` holds the term with its parts adjacent
        (strpos for plain text; a regex where spaces may vary or Latin meets CJK), or
        where the term is the name of an entity the article mentions (head_vector)."""
        head = "a.head_vector @@ %s::tsquery"
        pieces = self.surface.split(" ")
        if len(pieces) == 1 and not _mixes_scripts(self.surface):
            return f"(strpos(a.search_text, %s) > 0 OR {head})", [self.surface, self.phrase_tsquery()]
        pattern = _regex(pieces, _pg_escape, r"\s+", r"\s*")
        return f"(a.search_text ~ %s OR {head})", [pattern, self.phrase_tsquery()]

    def pattern(self) -> re.Pattern:
        """The same test in Python, to find the term in folded shown text."""
        if not self.needs_check and not self.tokens[0][1]:
            word = re.escape(self.tokens[0][0])
            return re.compile(rf"(?<!{WORD_CHARACTER}){word}(?!{WORD_CHARACTER})")
        if not self.needs_check:
            return re.compile(re.escape(self.tokens[0][0]))
        return re.compile(_regex(self.surface.split(" "), re.escape, r"\s+", r"\s*"))


def _mixes_scripts(text: str) -> bool:
    return len({cjk for _, cjk in search_tokens(text)}) > 1


def _regex(pieces, escape, space, seam) -> str:
    """Pieces joined by any whitespace; inside a piece, optional space where Latin meets CJK."""
    out = []
    for piece in pieces:
        chars = []
        for i, char in enumerate(piece):
            kinds = {_script(char), _script(piece[i - 1])} if i else set()
            if kinds == {"latin", "cjk"}:
                chars.append(seam)
            chars.append(escape(char))
        out.append("".join(chars))
    return space.join(out)


def _script(char: str) -> str | None:
    tokens = search_tokens(char)
    return ("cjk" if tokens[0][1] else "latin") if tokens else None


def _pg_escape(char: str) -> str:
    """PostgreSQL ARE: an ASCII character that is not a letter or digit is escaped."""
    return "\\" + char if char.isascii() and not char.isalnum() else char


@dataclass(frozen=True)
class Query:
    """A parsed search-box query: AND of groups, each an OR of terms, minus exclusions."""

    groups: tuple = ()  # ((Term, ...), ...)
    excluded: tuple = ()  # (Term, ...)

    def __bool__(self):
        return bool(self.groups)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def match_tsquery(self) -> str:
        parts = ["(" + " | ".join(t.match_tsquery() for t in group) + ")" for group in self.groups]
        parts += ["!" + t.match_tsquery() for t in self.excluded if not t.needs_check]
        return " & ".join(parts)

    def rank_tsquery(self) -> str:
        return " & ".join("(" + " | ".join(t.rank_tsquery() for t in group) + ")" for group in self.groups)

    def where_sql(self) -> tuple[str, list]:
        """The WHERE condition on `articles_article a` that matches exactly: the GIN
        index finds the candidates, the checks drop those without the adjacent text."""
        checks, params = self.checks_sql()
        return f"a.search_vector @@ %s::tsquery AND {checks}", [self.match_tsquery(), *params]

    def checks_sql(self) -> tuple[str, list]:
        """The checks alone ("TRUE" when every term is one lexeme)."""
        sql, params = [], []
        for group in self.groups:
            if any(t.needs_check for t in group):
                alternatives = []
                for term in group:
                    if term.needs_check:
                        check, check_params = term.check_sql()
                    else:
                        check, check_params = "a.search_vector @@ %s::tsquery", [term.match_tsquery()]
                    alternatives.append(check)
                    params.extend(check_params)
                sql.append("(" + " OR ".join(alternatives) + ")")
        for term in self.excluded:
            if term.needs_check:
                check, check_params = term.check_sql()
                sql.append(f"NOT ({check})")
                params.extend(check_params)
        return " AND ".join(sql) or "TRUE", params


def parse_query(raw: str) -> Query:
    """Words (AND), "quoted phrases", OR between terms, -exclusion; anything else is text.
    Every term is folded; a term with nothing searchable in it (punctuation, emoji) is dropped."""
    raw = clean_query(raw).translate(_QUOTES)
    groups, excluded, pending_or = [], [], False
    for match in _QUERY_PART.finditer(raw):
        minus, phrase, word = match.groups()
        if word == "OR" or word == "|":
            pending_or = bool(groups)
            continue
        if word is not None:
            minus, text = ("-", word[1:]) if word.startswith("-") and len(word) > 1 else ("", word)
        else:
            text = phrase
        term = _term(text)
        if term is None:
            continue
        spellings = _with_regional_forms(term)
        if minus:
            excluded.extend(spellings)
        elif pending_or:
            groups[-1].extend(spellings)
        else:
            groups.append(spellings)
        pending_or = False
        if len(groups) + len(excluded) >= MAX_TERMS:
            break
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


def clean_query(raw: str) -> str:
    """The query as it may be shown back: cut to MAX_QUERY_LENGTH, no control characters."""
    return _CONTROL.sub(" ", (raw or "")[:MAX_QUERY_LENGTH]).strip()


def _with_regional_forms(term: Term) -> list[Term]:
    """The term and its spellings in the other regions' usage (軟體 and 软件): a term
    finds an article that uses any of them."""
    return [term, *(other for form in regional_forms(term.surface) if (other := _term(form)))]


def _term(text: str) -> Term | None:
    surface = " ".join(fold(text).split())
    tokens = tuple(search_tokens(surface))
    return Term(surface, tokens) if tokens else None


# --- filters ----------------------------------------------------------------------------


class InvalidSearch(ValueError):
    """A search parameter that cannot be understood (said to the user, never a 500)."""


@dataclass(frozen=True)
class Filters:
    source: str = ""
    person: int | None = None
    organization: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @classmethod
    def from_params(cls, params) -> "Filters":
        """From request parameters: source, person, organization, from, to (YYYY-MM-DD)."""
        return cls(
            source=_clean_param(params.get("source", ""))[:200],
            person=_id_param(params.get("person"), "person"),
            organization=_id_param(params.get("organization"), "organization"),
            date_from=_date_param(params.get("from"), "from"),
            date_to=_date_param(params.get("to"), "to"),
        )

    def where_sql(self) -> tuple[str, list]:
        sql, params = [], []
        if self.source:
            sql.append("a.site = %s")
            params.append(self.source)
        for kind, entity_id in ((EntityKind.PERSON, self.person), (EntityKind.ORGANIZATION, self.organization)):
            if entity_id is not None:
                sql.append(
                    "EXISTS (SELECT 1 FROM articles_mention m JOIN articles_entity e ON e.id = m.entity_id"
                    " WHERE m.article_id = a.id AND m.entity_id = %s AND e.kind = %s)"
                )
                params.extend([entity_id, kind])
        if self.date_from:
            sql.append("a.published_at >= %s")
            params.append(_start_of(self.date_from))
        if self.date_to:
            sql.append("a.published_at < %s")
            params.append(_start_of(self.date_to + datetime.timedelta(days=1)))
        return " AND ".join(sql) or "TRUE", params

    def as_params(self) -> dict:
        values = {
            "source": self.source,
            "person": self.person,
            "organization": self.organization,
            "from": self.date_from and self.date_from.isoformat(),
            "to": self.date_to and self.date_to.isoformat(),
        }
        return {key: value for key, value in values.items() if value}


def _clean_param(value) -> str:
    return _CONTROL.sub("", value or "").strip()


def _id_param(value, name) -> int | None:
    value = _clean_param(value)
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise InvalidSearch(f"{name} must be the id of a {name}")
    return int(value)


def _date_param(value, name) -> datetime.date | None:
    value = _clean_param(value)
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidSearch(f"{name} must be a date like 2024-03-01") from None
    if not 1900 <= day.year <= 2200:
        raise InvalidSearch(f"{name} must be a date between 1900 and 2200")
    return day


def _start_of(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def filter_articles(queryset, query, filters: Filters | None = None):
    """`queryset` narrowed to the articles matching `query` (a string or a Query)."""
    query = parse_query(query) if isinstance(query, str) else query
    if not query:
        return queryset.none()
    where, params = query.where_sql()
    filter_where, filter_params = (filters or Filters()).where_sql()
    sql = f"SELECT a.id FROM articles_article a WHERE {where} AND {filter_where}"
    matching = RawSQL(sql, [*params, *filter_params])
    return queryset.filter(pk__in=matching)


# --- searching ---------------------------------------------------------------------------

MAX_PAGE = 10_000  # deeper pages are refused (the API) or show the first (the page)
RANK_WINDOW = 100  # stories that get a full rank; the rest follow in pre-order
FACET_SIZE = 10
SNIPPET_LENGTH = 120


@dataclass
class Hit:
    id: int
    title: str
    url: str
    source_file: str
    site: str
    published_at: datetime.datetime | None
    snippet: SafeString
    score: float
    versions: list


@dataclass
class SearchResult:
    query: str
    filters: Filters
    total: int = 0
    page: int = 1
    page_size: int = 20
    results: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    entities: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    estimated: bool = False  # total and facet counts scaled from a sample (very common words)
    took_ms: float = 0.0

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


# Ranking, shared by both plans: the pre-ordered stories (id, rn, published_at,
# head_hit) get a full rank when among the first RANK_WINDOW; the page is cut from that.
_RANKED_PAGE = """
scored AS (
    SELECT p.id, p.rn, p.published_at, p.head_hit,
           CASE WHEN p.rn <= %(window)s
                THEN ts_rank_cd('{{0.1, 0.2, 0.6, 1.0}}', a.search_vector, %(rank)s::tsquery, 32) END AS rank
    FROM preorder p JOIN articles_article a ON a.id = p.id
),
ordered AS (
    SELECT id, head_hit::int + COALESCE(rank, 0) AS score,
           row_number() OVER (
               ORDER BY rn > %(window)s, head_hit DESC, round(rank::numeric, 2) DESC NULLS LAST,
                        published_at DESC NULLS LAST, rn
           ) AS position
    FROM scored
)
"""

# Facets, shared by both plans: counted over `stories` (and `matched` for entities).
_FACETS = """
    (SELECT coalesce(json_agg(json_build_array(site, n)), '[]') FROM (
        SELECT site, count(*) AS n FROM stories WHERE site <> '' GROUP BY site ORDER BY n DESC, site LIMIT %(facets)s
    ) f),
    (SELECT coalesce(json_agg(json_build_array(year, n)), '[]') FROM (
        SELECT extract(year FROM published_at AT TIME ZONE %(tz)s)::int AS year, count(*) AS n
        FROM stories WHERE published_at IS NOT NULL GROUP BY 1 ORDER BY 1 DESC
    ) f),
    (SELECT coalesce(json_agg(json_build_array(id, kind, name, n)), '[]') FROM (
        SELECT id, kind, name, n FROM (
            SELECT e.id, e.kind, e.name, count(DISTINCT m.story) AS n,
                   row_number() OVER (PARTITION BY e.kind ORDER BY count(DISTINCT m.story) DESC, e.name) AS r
            FROM matched m
            JOIN articles_mention mn ON mn.article_id = m.id
            JOIN articles_entity e ON e.id = mn.entity_id
            GROUP BY e.id
        ) counted WHERE r <= %(facets)s
    ) f)
"""

# Exact plan: every match is read (a few thousand at most), counted and pre-ordered.
_EXACT_SQL = (
    """
WITH matched AS MATERIALIZED (
    SELECT a.id, COALESCE(a.canonical_id, a.id) AS story, a.site, a.published_at,
           COALESCE(a.head_vector @@ %(match)s::tsquery, FALSE) AS head_hit
    FROM articles_article a
    WHERE {where} AND {filters}
),
stories AS MATERIALIZED (
    SELECT DISTINCT ON (story) * FROM matched ORDER BY story, head_hit DESC, (id = story) DESC
),
preorder AS (
    SELECT s.*, row_number() OVER (ORDER BY head_hit DESC, published_at DESC NULLS LAST, id DESC) AS rn
    FROM (
        SELECT * FROM stories ORDER BY head_hit DESC, published_at DESC NULLS LAST, id DESC LIMIT %(depth)s
    ) s
),
"""
    + _RANKED_PAGE
    + """
SELECT
    (SELECT count(*) FROM stories),
    (SELECT coalesce(json_agg(json_build_array(id, score) ORDER BY position), '[]')
     FROM ordered WHERE position > %(offset)s AND position <= %(offset)s + %(limit)s),
"""
    + _FACETS
)

# Estimated plan, for very common words. The total and the facets are counted on a
# sample (SAMPLE_SLICES evenly spread id ranges, SAMPLE_FRACTION of all ids) and scaled.
_SAMPLE_SQL = (
    """
WITH matched AS MATERIALIZED (
    SELECT a.id, COALESCE(a.canonical_id, a.id) AS story, a.site, a.published_at
    FROM articles_article a
    WHERE a.search_vector @@ %(match)s::tsquery AND {filters} AND ({slices})
),
stories AS MATERIALIZED (
    SELECT DISTINCT ON (story) * FROM matched ORDER BY story, (id = story) DESC
)
SELECT
    (SELECT count(*) FROM stories),
    (SELECT count(*) FROM articles_article a WHERE ({slices}) AND {filters}),
"""
    + _FACETS
)
# The ranked window is the newest matches: only articles published since `since` (chosen
# from the sample's density to hold a few times the window) are looked at, so a word in
# every article costs no more than a rarer one; the checks (which read search_text) run
# on those few rows only. The filters narrow the candidates before any tsvector is read:
# testing one means reading it from TOAST, which the planner does not count, so it would
# test every recent article and only then keep those of the filtered organization.
_WINDOW_SQL = (
    """
WITH candidates AS MATERIALIZED (
    SELECT a.id, a.published_at FROM articles_article a WHERE {filters} AND a.published_at >= %(since)s
),
newest AS MATERIALIZED (
    SELECT a.id FROM candidates c JOIN articles_article a ON a.id = c.id
    WHERE a.search_vector @@ %(match)s::tsquery
    ORDER BY c.published_at DESC LIMIT %(depth)s + %(depth)s / 2
),
recent AS (
    SELECT a.id, COALESCE(a.canonical_id, a.id) AS story, a.published_at,
           COALESCE(a.head_vector @@ %(match)s::tsquery, FALSE) AS head_hit
    FROM newest JOIN articles_article a ON a.id = newest.id
    WHERE {checks}
    ORDER BY a.published_at DESC LIMIT %(depth)s
),
preorder AS (
    SELECT s.*, row_number() OVER (ORDER BY published_at DESC, id DESC) AS rn
    FROM (SELECT DISTINCT ON (story) * FROM recent ORDER BY story, (id = story) DESC) s
),
"""
    + _RANKED_PAGE
    + """
SELECT coalesce(json_agg(json_build_array(id, score) ORDER BY position), '[]')
FROM ordered WHERE position > %(offset)s AND position <= %(offset)s + %(limit)s
"""
)

EXACT_LIMIT = 5000  # estimated matches up to which every match is read: exact totals and facets
CHECKED_EXACT_LIMIT = 500  # the same when candidates must be checked against search_text
SAMPLE_SLICES = 20
SAMPLE_FRACTION = 0.02


def search(raw_query: str, filters: Filters | None = None, page: int = 1, page_size: int = 20) -> SearchResult:
    """Everything the search page and the API show for one query, as plain data."""
    started = time.perf_counter()
    filters = filters or Filters()
    query = parse_query(raw_query)
    result = SearchResult(query=clean_query(raw_query), filters=filters, page=page, page_size=page_size)
    if not query:
        return result
    result.entities = matching_entities(query)
    total, page_rows, sites, years, entity_rows, scale = _run(query, filters, page, page_size)
    result.estimated = scale != 1
    result.total = _scaled(total, scale)
    result.results = _hits(query, page_rows, result.entities)
    result.facets = _facets(
        [(site, _scaled(n, scale)) for site, n in sites],
        [(year, _scaled(n, scale)) for year, n in years],
        [(*entity, _scaled(n, scale)) for *entity, n in entity_rows],
    )
    if not total:
        result.suggestions = suggestions(query)
    result.took_ms = (time.perf_counter() - started) * 1000
    return result


def _scaled(count: int, scale: float) -> int:
    return round(count * scale)


def _run(query: Query, filters: Filters, page: int, page_size: int):
    """Choose the plan by counting candidates (up to the limit), run it; return its row
    and the factor that scales its counts (1 when exact)."""
    from django.conf import settings

    where, where_params = query.where_sql()
    checks, checks_params = query.checks_sql()
    filter_where, filter_params = filters.where_sql()
    offset = (page - 1) * page_size
    named = {
        "match": query.match_tsquery(),
        "rank": query.rank_tsquery(),
        "window": RANK_WINDOW,
        "depth": max(RANK_WINDOW, offset + page_size),
        "offset": offset,
        "limit": page_size,
        "facets": FACET_SIZE,
        "tz": settings.TIME_ZONE,
    }
    # Positional parameters of the WHERE clauses become named ones, so that one dict
    # carries them all.
    positional = [*where_params, *checks_params, *filter_params]
    names = iter(f"p{i}" for i in range(len(positional)))
    where, checks, filter_where = (
        re.sub("%s", lambda _: f"%({next(names)})s", sql) for sql in (where, checks, filter_where)
    )
    named.update({f"p{i}": value for i, value in enumerate(positional)})
    checked = any(term.needs_check for term in query.terms)
    limit = CHECKED_EXACT_LIMIT if checked else EXACT_LIMIT
    with transaction.atomic(), connection.cursor() as cursor:
        # A sequential scan tests every row's tsvector, read from TOAST, which the
        # planner does not count: for a word in most articles it would pick one.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # How common the query is, from an evenly spread sample of ids: cheap for a
        # rare word (its GIN matches are few), bounded for a common one (the sample is).
        slices, scale = _sample_slices(cursor)
        cursor.execute(_SAMPLE_SQL.format(filters=filter_where, slices=slices), named)
        total, sampled, sites, years, entity_rows = cursor.fetchone()
        if total * scale <= limit:
            cursor.execute(_EXACT_SQL.format(where=where, filters=filter_where), named)
            return (*cursor.fetchone(), 1)
        named["since"] = _since(cursor, filter_where, named, needed=3 * named["depth"] * sampled / max(total, 1))
        cursor.execute(_WINDOW_SQL.format(checks=checks, filters=filter_where), named)
        return total, cursor.fetchone()[0], sites, years, entity_rows, scale


def _since(cursor, filter_where: str, named: dict, needed: float):
    """The publication date after which `needed` articles passing the filters appeared."""
    cursor.execute(
        f"SELECT a.published_at FROM articles_article a WHERE a.published_at IS NOT NULL AND {filter_where}"
        " ORDER BY a.published_at DESC OFFSET %(needed)s LIMIT 1",
        {**named, "needed": int(needed)},
    )
    row = cursor.fetchone()
    return row[0] if row else datetime.datetime.min.replace(tzinfo=datetime.UTC)


def _sample_slices(cursor) -> tuple[str, float]:
    """SQL for SAMPLE_SLICES id ranges spread evenly over all ids, and 1 / their share."""
    cursor.execute("SELECT min(id), max(id) FROM articles_article")
    low, high = cursor.fetchone()
    if low is None:  # an empty archive
        return "FALSE", 1
    span = high - low + 1
    width = max(1, int(span * SAMPLE_FRACTION / SAMPLE_SLICES))
    starts = [low + i * span // SAMPLE_SLICES for i in range(SAMPLE_SLICES)]
    ranges = " OR ".join(f"a.id BETWEEN {start} AND {start + width - 1}" for start in starts)
    return ranges, span / (width * SAMPLE_SLICES)


def _hits(query: Query, page_rows, entities) -> list[Hit]:
    """The page's results; snippets mark the query's terms and the other names of the
    entities the query names (an article found through 陈信翰 may say Mark Chen)."""
    ids = [row[0] for row in page_rows]
    # Snippets come from the start of long texts: a 2 MB article is not read whole.
    articles = (
        Article.objects.only("id", "title", "site", "published_at", "source_path", "canonical_id")
        .annotate(text_start=Left("text", SNIPPET_SOURCE))
        .in_bulk(ids)
    )
    versions = _versions(articles.values())
    names = {alias.name for entity in entities for alias in entity.aliases.all()}
    terms = query.terms + [term for term in map(_term, names) if term]
    patterns = [term.pattern() for term in terms]
    hits = []
    for article_id, score in page_rows:
        article = articles[article_id]
        hits.append(
            Hit(
                id=article.pk,
                title=article.title,
                url=article.get_absolute_url(),
                source_file=article.source_file,
                site=article.site,
                published_at=article.published_at,
                snippet=snippet(article.text_start, patterns),
                score=round(score, 4),
                versions=versions.get(article.pk, []),
            )
        )
    return hits


def _versions(articles) -> dict[int, list[dict]]:
    """For each article, the other copies of its story: [{"id", "source_file"}]."""
    story_of = {a.pk: a.canonical_id or a.pk for a in articles}
    members = defaultdict(list)
    copies = Article.objects.filter(Q(pk__in=story_of.values()) | Q(canonical_id__in=story_of.values()))
    for copy in copies.only("id", "source_path", "canonical_id").order_by("pk"):
        members[copy.canonical_id or copy.pk].append(copy)
    return {
        article_id: [{"id": c.pk, "source_file": c.source_file} for c in members[story] if c.pk != article_id]
        for article_id, story in story_of.items()
    }


def _facets(sites, years, entity_rows) -> dict:
    return {
        "source": [{"value": site, "label": site, "count": n} for site, n in sites],
        "year": [{"value": str(year), "label": str(year), "count": n} for year, n in years],
        "person": [
            {"value": str(i), "label": name, "count": n} for i, kind, name, n in entity_rows if kind == "person"
        ],
        "organization": [
            {"value": str(i), "label": name, "count": n} for i, kind, name, n in entity_rows if kind == "organization"
        ],
    }


# --- snippets ------------------------------------------------------------------------------

SNIPPET_SOURCE = 20_000  # characters of a text that snippets are looked for in
_BEFORE, _AFTER = 40, 200  # shown characters around the first match that get folded with offsets


def snippet(text: str, patterns, length: int = SNIPPET_LENGTH) -> SafeString:
    """A piece of the shown `text` around the first match, HTML-escaped, with every match
    in it wrapped in <mark>. Matching runs on folded text, so a simplified query marks
    traditional text. Only the text around the first match is folded with offsets: fold
    keeps almost every character's length, so a folded position is close to the shown one."""
    folded = fold(text)
    first = min((m.start() for p in patterns if (m := p.search(folded))), default=None)
    if first is None:
        return _marked(text, [], length)
    piece = text[max(0, first - _BEFORE) : first + _AFTER]
    spans = _spans(piece, patterns)
    if not spans:  # lengths changed a lot before the match
        piece, spans = text, _spans(text, patterns)
    return _marked(piece, spans, length, cut_before=first > _BEFORE)


def _spans(shown: str, patterns) -> list[tuple[int, int]]:
    """Spans of shown text whose folded form matches, leftmost-longest, not overlapping."""
    folded, offsets = fold_with_offsets(shown)
    found = []
    for pattern in patterns:
        for match in pattern.finditer(folded):
            if match.end() > match.start():
                found.append((offsets[match.start()], offsets[match.end() - 1] + 1))
    found.sort(key=lambda span: (span[0], -span[1]))
    spans = []
    for start, end in found:
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def _marked(shown: str, spans, length: int, cut_before: bool = False) -> SafeString:
    begin = max(0, spans[0][0] - length // 4) if spans else 0
    end = min(len(shown), begin + length)
    out, cursor = [], begin
    for start, stop in spans:
        if start >= end:
            break
        out.append(html.escape(shown[cursor:start]))
        out.append("<mark>" + html.escape(shown[start:stop]) + "</mark>")
        cursor = stop
    out.append(html.escape(shown[cursor:end]) if cursor < end else "")
    body = " ".join("".join(out).split())
    return mark_safe(("…" if begin > 0 or cut_before else "") + body + ("…" if end < len(shown) else ""))


# --- entities and suggestions -------------------------------------------------------------


def matching_entities(query: Query) -> list[Entity]:
    """People and organizations whose name or an alias is the query, or one of its terms."""
    surfaces = {t.surface for t in query.terms} | {" ".join(t.surface for t in query.terms)}
    matches = Q(aliases__folded__in=surfaces)
    for surface in surfaces:
        matches |= Q(name__iexact=surface)
    entities = Entity.objects.filter(matches).distinct().order_by("kind", "name")
    return list(entities.prefetch_related("aliases")[:5])


def suggestions(query: Query, limit: int = 5) -> list[str]:
    """Other queries to try when nothing matched: close entity names (trigram similarity
    of aliases), then the query without its last term, then the words of a long term."""
    from django.contrib.postgres.search import TrigramSimilarity

    whole = " ".join(t.surface for t in query.terms)
    close = (
        Alias.objects.annotate(similarity=TrigramSimilarity("folded", whole))
        .filter(similarity__gt=0.2)
        .order_by("-similarity")
        .values_list("entity__name", flat=True)[: limit * 2]
    )
    found = list(dict.fromkeys(close))
    terms = query.terms
    if len(terms) > 1:
        found.append(" ".join(t.surface for t in terms[:-1]))
    elif terms and len(terms[0].surface) > 2:
        found.extend(w for w in segment(terms[0].surface) if len(w) > 1 and w != terms[0].surface)
    return [s for s in dict.fromkeys(found) if s and s != whole][:limit]
