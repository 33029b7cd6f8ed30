"""How relevant a story is to a query: BM25 weights from the archive's own statistics,
field weights and early occurrence.

For each group of the query (a term and its regional spellings, or terms joined by OR):
- idf: how rare the group is in the archive, `ln(1 + (N - df + 0.5) / (df + 0.5))`, with
  df counted on the engine's sample (`sample`), scaled, or exactly through the GIN index
  when that says fewer than DF_EXACT (a query of one group takes the sample's count of
  the query's matches, already made), and N the number of articles;
- tf: how often it occurs in the first TF_CHARS characters of `search_text` (a 2 MB
  article is not read whole: its start is sliced from TOAST), saturated and normalised by
  the article's length as BM25 does (k1 = 1.2, b = 0.75, lengths in bytes);
- field weights: in the title or the names of the entities the article mentions
  (`head_vector`), and in the lead (the first LEAD_CHARS characters: what a story is about
  is said first), the more the earlier it comes;
- proximity: the groups' first occurrences within NEAR_CHARS of each other.
score = sum over groups of idf x (tf part + HEAD x in head + LEAD x earliness in the lead). Recency only
breaks ties (the engine orders by score, then newest).
"""

import math
from dataclasses import dataclass

from articles.search.query import Query
from articles.search.sample import Sample

K1, B = 1.2, 0.75
HEAD = 1.0  # the weight of a group found in the title or an entity's name
LEAD = 1.5  # in the lead
TF_CHARS = 10_000
LEAD_CHARS = 400
NEAR = 1.0  # the weight of the groups' first occurrences being close together
NEAR_CHARS = 100
DF_EXACT = 2_000


@dataclass(frozen=True)
class Statistics:
    articles: float  # N
    average_length: float  # bytes of search_text
    frequencies: tuple  # df of each group


def statistics(cursor, query: Query, sample: Sample, estimated_matches: float) -> Statistics:
    """N, the average length and each group's document frequency (see the module)."""
    if len(query.groups) == 1:  # one group: the sample's estimate of the query's matches
        return Statistics(sample.articles, sample.average_length, (estimated_matches,))
    frequencies = []
    for group in query.groups:
        match = " | ".join(term.match_tsquery() for term in group)
        # On the sample first (cheap for any word); a rare group, which the sample
        # barely sees, is counted exactly (cheap for a rare group).
        cursor.execute(
            f"SELECT count(*) FROM articles_article a WHERE a.search_vector @@ %s::tsquery AND {sample.where}", [match]
        )
        sampled = cursor.fetchone()[0]
        if sampled * sample.scale < DF_EXACT:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM articles_article a"
                " WHERE a.search_vector @@ %s::tsquery LIMIT %s) m",
                [match, DF_EXACT],
            )
            frequencies.append(cursor.fetchone()[0])
        else:
            frequencies.append(sampled * sample.scale)
    return Statistics(sample.articles, sample.average_length, tuple(frequencies))


def idf(stats: Statistics, frequency: float) -> float:
    frequency = min(frequency, stats.articles)
    return math.log(1 + (stats.articles - frequency + 0.5) / (frequency + 0.5))


def score_sql(query: Query, stats: Statistics) -> tuple[str, dict]:
    """A SQL expression over `a` (the article) and `t.s` (the start of its search_text)
    and its named parameters."""
    parts, firsts, params = [], [], {"r_k1": K1, "r_b": B, "r_avg": stats.average_length}
    length_norm = "(1 - %(r_b)s + %(r_b)s * octet_length(a.search_text) / %(r_avg)s)"
    for g, (group, frequency) in enumerate(zip(query.groups, stats.frequencies, strict=True)):
        surfaces = list(dict.fromkeys(term.surface for term in group))
        occurrences, leads = [], []
        for n, surface in enumerate(surfaces):
            name = f"r_{g}_{n}"
            params[name] = surface
            # Counted in bytes: each occurrence removed takes its own length in bytes away,
            # and a byte length is read, where length() counts UTF-8 characters one by one.
            occurrences.append(
                f"(octet_length(t.s) - octet_length(replace(t.s, %({name})s, ''))) / octet_length(%({name})s)"
            )
            leads.append(f"strpos(left(t.s, {LEAD_CHARS}), %({name})s)")
        params[f"r_{g}_head"] = " | ".join(term.match_tsquery() for term in group)
        firsts.append("GREATEST(" + ", ".join(p.replace(f"left(t.s, {LEAD_CHARS})", "t.s") for p in leads) + ")")
        params[f"r_{g}_idf"] = idf(stats, frequency)
        tf = "(" + " + ".join(occurrences) + ")::float"
        parts.append(
            f"%(r_{g}_idf)s * ({tf} * (%(r_k1)s + 1) / ({tf} + %(r_k1)s * {length_norm})"
            f" + {HEAD} * COALESCE(a.head_vector @@ %(r_{g}_head)s::tsquery, FALSE)::int"
            f" + {LEAD} * {_earliness(leads)})"
        )
    if len(firsts) > 1:  # every group's first occurrence within NEAR_CHARS of the others
        idfs = [params[f"r_{g}_idf"] for g in range(len(firsts))]
        params["r_near"] = NEAR * sum(idfs) / len(idfs)
        spread = f"GREATEST({', '.join(firsts)}) - LEAST({', '.join(firsts)})"
        parts.append(f"%(r_near)s * (LEAST({', '.join(firsts)}) > 0 AND {spread} < {NEAR_CHARS})::int")
    return " + ".join(parts) or "0", params


def _earliness(positions: list[str]) -> str:
    """1 for a group at the very start of the text, falling to 0 at LEAD_CHARS (absent: 0),
    from the strpos() of each of its spellings."""
    found = ", ".join(f"CASE WHEN {p} > 0 THEN 1 - ({p} - 1)::float / {LEAD_CHARS} ELSE 0 END" for p in positions)
    return f"GREATEST({found})"
