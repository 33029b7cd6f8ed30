"""The SQL of the search plans (see `engine`): the exact plan, the sample that estimates
how common a query is, and the window of newest matches for very common words. Each is a
format string for its WHERE pieces ({where}, {checks}, {filters}, {sample}) and takes its
values as named parameters."""

# Ranking, shared by both plans: the first RANK_WINDOW pre-ordered stories (id, rn,
# published_at) get a score (`ranking.score_sql`, over `a` and `t.s`, the start of the
# folded text, sliced from TOAST once: OFFSET 0 keeps the planner from pulling the slice
# up into each of the score's references to it, which read it from TOAST again each
# time); the rest follow in pre-order. Scores within 0.05 of each
# other are a tie (length normalisation alone moves them that much), broken by the newest.
RANKED_PAGE = """
scored AS MATERIALIZED (  -- scored once: inlined, the planner would score it per joined row
    SELECT p.id, ({score}) AS rank
    FROM preorder p JOIN articles_article a ON a.id = p.id
    CROSS JOIN LATERAL (SELECT left(a.search_text, %(tf_chars)s) AS s OFFSET 0) t
    WHERE p.rn <= %(window)s
),
ordered AS (
    SELECT p.id, COALESCE(s.rank, 0) AS score,
           row_number() OVER (
               ORDER BY p.rn > %(window)s, round(s.rank::numeric, 1) DESC NULLS LAST,
                        p.published_at DESC NULLS LAST, p.rn
           ) AS position
    FROM preorder p LEFT JOIN scored s ON s.id = p.id
)
"""

# Facets, shared by both plans: counted over `stories` (and `matched` for entities: the
# (story, entity) pairs are made distinct and counted by entity id before any entity row
# is read, which is a hash aggregate where counting DISTINCT per entity row was a sort).
FACETS = """
    (SELECT coalesce(json_agg(json_build_array(site, n)), '[]') FROM (
        SELECT site, count(*) AS n FROM stories WHERE site <> '' GROUP BY site ORDER BY n DESC, site LIMIT %(facets)s
    ) f),
    (SELECT coalesce(json_agg(json_build_array(year, n)), '[]') FROM (
        SELECT extract(year FROM published_at AT TIME ZONE %(tz)s)::int AS year, count(*) AS n
        FROM stories WHERE published_at IS NOT NULL GROUP BY 1 ORDER BY 1 DESC
    ) f),
    (SELECT coalesce(json_agg(json_build_array(id, kind, name, n)), '[]') FROM (
        SELECT id, kind, name, n FROM (
            SELECT e.id, e.kind, e.name, c.n,
                   row_number() OVER (PARTITION BY e.kind ORDER BY c.n DESC, e.name) AS r
            FROM (
                SELECT entity_id, count(*) AS n FROM (
                    SELECT DISTINCT m.story, mn.entity_id
                    FROM matched m JOIN articles_mention mn ON mn.article_id = m.id
                ) pairs GROUP BY entity_id
            ) c JOIN articles_entity e ON e.id = c.entity_id
        ) counted WHERE r <= %(facets)s
    ) f)
"""

# Exact plan: every match is read (a few thousand at most), counted and pre-ordered.
EXACT_SQL = (
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
    + RANKED_PAGE
    + """
SELECT
    (SELECT count(*) FROM stories),
    (SELECT coalesce(json_agg(json_build_array(id, score) ORDER BY position), '[]')
     FROM ordered WHERE position > %(offset)s AND position <= %(offset)s + %(limit)s),
"""
    + FACETS
)

# Estimated plan, for very common words. The facets (and, above the counts' caps, the
# total) are counted on a sample (`sample`: 2 % of the articles, 500 to 2,000, by a hash of the id
# that is the GIN index's second column) and scaled. The query's sampled matches come from
# the GIN index alone (the word's and the sample's posting lists intersected), so no
# tsvector is read from TOAST; the filters then narrow those few rows, which carry every
# column `Filters.where_sql` reads, as `a`. {passing} counts the sample's articles that pass
# the filters (how dense the matches are among them): SAMPLE_PASSING, or the sample's size
# when there are no filters.
SAMPLE_SQL = (
    """
WITH sampled AS MATERIALIZED (
    SELECT a.id, COALESCE(a.canonical_id, a.id) AS story, a.site, a.published_at, a.image_only
    FROM articles_article a WHERE a.search_vector @@ %(match)s::tsquery AND {sample}
),
matched AS MATERIALIZED (
    SELECT a.id, a.story, a.site, a.published_at FROM sampled a WHERE {filters}
),
stories AS MATERIALIZED (
    SELECT DISTINCT ON (story) * FROM matched ORDER BY story, (id = story) DESC
)
SELECT
    (SELECT count(*) FROM stories),
    (SELECT count(*) FROM matched WHERE id = story),
    {passing},
"""
    + FACETS
)
SAMPLE_PASSING = "(SELECT count(*) FROM articles_article a WHERE {sample} AND {filters})"
# The ranked window is the newest matches: only articles published since `since` (chosen
# from the sample's density to hold a few times the window) are looked at, so a word in
# every article costs no more than a rarer one; the checks (which read search_text) run
# on those few rows only. The filters narrow the candidates before any tsvector is read:
# testing one means reading it from TOAST, which the planner does not count, so it would
# test every recent article and only then keep those of the filtered organization.
# {candidates} is that date bound (with filters that narrow; {retest} then tests the
# word), the date bound and the word together (without them: PostgreSQL ANDs the date and
# GIN indexes; {retest} is TRUE), or every match through the GIN index (the window
# widened to the whole archive, or the matches fewer than the recent articles).
# It also returns how many matches and stories the window held, so that the engine can
# widen a window that was too narrow for the page.
WINDOW_SQL = (
    """
WITH candidates AS MATERIALIZED (
    SELECT a.id, a.published_at FROM articles_article a WHERE {filters} AND {candidates}
),
newest AS MATERIALIZED (
    SELECT a.id FROM candidates c JOIN articles_article a ON a.id = c.id
    WHERE {retest}
    ORDER BY c.published_at DESC NULLS LAST, c.id DESC LIMIT %(newest)s
),
recent AS (
    SELECT a.id, COALESCE(a.canonical_id, a.id) AS story, a.published_at,
           COALESCE(a.head_vector @@ %(match)s::tsquery, FALSE) AS head_hit
    FROM newest JOIN articles_article a ON a.id = newest.id
    WHERE {checks}
),
preorder AS (  -- the newest `depth` stories: the page and the ranked window need no more
    SELECT s.*, row_number() OVER (ORDER BY published_at DESC NULLS LAST, id DESC) AS rn
    FROM (SELECT DISTINCT ON (story) * FROM recent ORDER BY story, (id = story) DESC) s
    ORDER BY published_at DESC NULLS LAST, id DESC LIMIT %(depth)s
),
"""
    + RANKED_PAGE
    + """
SELECT (SELECT count(*) FROM newest), (SELECT count(*) FROM preorder),
       (SELECT coalesce(json_agg(json_build_array(id, score) ORDER BY position), '[]')
        FROM ordered WHERE position > %(offset)s AND position <= %(offset)s + %(limit)s)
"""
)

# How many stories an estimated plan has, without checking every candidate: the GIN
# index's candidates in a sample drawn for the count ({sample}, answered inside the index)
# that are a story's canonical article are counted (up to a cap), and the share of them
# that pass the checks is measured on a spread sample of them.
COUNT_SQL = """
WITH candidates AS MATERIALIZED (
    SELECT a.id FROM articles_article a
    WHERE a.search_vector @@ %(match)s::tsquery AND {sample} AND a.canonical_id IS NULL AND {filters}
    LIMIT %(count_cap)s
),
sample AS (
    SELECT c.id FROM candidates c ORDER BY (c.id * 2654435761) %% 4294967296 LIMIT %(check_sample)s
)
SELECT (SELECT count(*) FROM candidates),
       (SELECT count(*) FROM sample),
       (SELECT count(*) FROM sample s JOIN articles_article a ON a.id = s.id WHERE {checks})
"""

# The same for a query narrowed by filters an index answers (a date, a source, an entity),
# when most of the articles that pass them match: the articles that pass are listed (up to
# a cap) and a spread sample of them is tested (a canonical article that matches: a story).
# Listed without the canonical test, the filter's own index answers alone (a person's
# mentions, a date range); with it, every canonical article was read to join them.
# Through the GIN index instead, PostgreSQL either reads every match of the word (all the
# archive, for a common one) or, worse, walks the date index and tests each row's tsvector
# read from TOAST (0.6 s for 漏洞 in half a year of a 100k archive).
FILTERED_COUNT_SQL = """
WITH passing AS MATERIALIZED (
    SELECT a.id FROM articles_article a WHERE {filters} LIMIT %(passing_cap)s
),
sample AS (
    SELECT p.id FROM passing p ORDER BY (p.id * 2654435761) %% 4294967296 LIMIT %(check_sample)s
)
SELECT (SELECT count(*) FROM passing),
       (SELECT count(*) FROM sample),
       (SELECT count(*) FROM sample s JOIN articles_article a ON a.id = s.id
        WHERE a.canonical_id IS NULL AND a.search_vector @@ %(match)s::tsquery AND {checks})
"""
