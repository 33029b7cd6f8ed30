"""The SQL of the search plans (see `engine`): the exact plan, the sample that estimates
how common a query is, and the window of newest matches for very common words. Each is a
format string for its WHERE pieces ({where}, {checks}, {filters}, {slices}) and takes its
values as named parameters."""

# Ranking, shared by both plans: the pre-ordered stories (id, rn, published_at,
# head_hit) get a full rank when among the first RANK_WINDOW; the page is cut from that.
RANKED_PAGE = """
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

# Estimated plan, for very common words. The total and the facets are counted on a
# sample (SAMPLE_SLICES evenly spread id ranges, SAMPLE_FRACTION of all ids) and scaled.
SAMPLE_SQL = (
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
    + FACETS
)
# The ranked window is the newest matches: only articles published since `since` (chosen
# from the sample's density to hold a few times the window) are looked at, so a word in
# every article costs no more than a rarer one; the checks (which read search_text) run
# on those few rows only. The filters narrow the candidates before any tsvector is read:
# testing one means reading it from TOAST, which the planner does not count, so it would
# test every recent article and only then keep those of the filtered organization.
WINDOW_SQL = (
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
    + RANKED_PAGE
    + """
SELECT coalesce(json_agg(json_build_array(id, score) ORDER BY position), '[]')
FROM ordered WHERE position > %(offset)s AND position <= %(offset)s + %(limit)s
"""
)
