"""The sample of the archive that says how common a query is (see `engine`).

An article is in the sample when its id's golden-ratio hash is below a cut chosen from the
archive's size: the fractional part of id × φ, in thousandths (Fibonacci hashing), which
spreads any run of ids evenly over 0-999 and spreads ids that repeat a pattern, whatever
its period, over every phase of it (1M articles cloned from 100k, with a period that
divides the id span, fooled evenly spaced id ranges into 257,500 for 137,000).

The hash is the second column of the search GIN index (migration 0023, with this very
expression, which the planner must see to use the index). A query's sampled matches are
then the intersection of two posting lists inside one index scan: no sampled article's
tsvector is read from TOAST to be tested, which is what id ranges cost (2,000 of them for
a word in most articles of a 100k archive, 8-17 ms of every such search).
"""

import math
import time
from dataclasses import dataclass

# The GIN index's second column. `%%`: the statements that use it are run with parameters.
KEY = "(((a.id * 2654435761) %% 4294967296 / 4294968)::smallint)"
BUCKETS = 1000  # the key runs from 0 to 999
# The hash before it is cut to thousandths, which a plain index holds (migration 0023):
# the sample's articles that pass filters are listed through it. Written differently from
# KEY on purpose: were it the same expression, PostgreSQL would (at a million articles)
# find a query's sampled matches through the plain index and test each one's tsvector
# from TOAST, instead of inside the GIN index.
HASH = "((a.id * 2654435761) %% 4294967296)"
HASH_PER_BUCKET = 4294968
FRACTION = 0.02  # of the archive, within the two bounds below
MIN_ARTICLES = 500  # a small archive's sample is at least this many (all of a tiny one)
MAX_ARTICLES = 2_000  # a large one's at most: the facets need no more, and a total that
# needs more for ±5 % is counted on a larger sample drawn for it (`Sample.at_least`)
SMALL_TABLE = 10_000  # rows below which the archive is counted rather than read from pg_class
SIZE_SECONDS = 300  # how long a large archive's figures are kept: an import moves them by a fraction of a percent


@dataclass(frozen=True)
class Sample:
    cut: int  # the articles whose key is below it
    articles: float  # N, the archive's size
    average_length: float  # mean bytes of search_text (BM25's length normalisation)

    @property
    def where(self) -> str:
        """SQL over the article `a`: it is in the sample."""
        return f"{KEY} < {self.cut}::smallint"

    @property
    def listed(self) -> str:
        """The same condition, for the plain index of the hash (see HASH)."""
        return _listed(self.cut)

    @property
    def scale(self) -> float:
        """Articles in the archive per sampled article. The golden-ratio hash puts as many
        ids below the cut as its share says, within a few (it is a low-discrepancy
        sequence), so the scale needs no count."""
        return BUCKETS / self.cut

    @property
    def size(self) -> int:
        return round(self.articles / self.scale)

    def at_least(self, articles: float) -> "Sample":
        """A sample of at least `articles` articles (the whole archive at most) that
        holds this one: the same hash below a higher cut."""
        cut = min(BUCKETS, max(self.cut, math.ceil(BUCKETS * articles / self.articles)))
        return Sample(cut, self.articles, self.average_length)


def _listed(cut: int) -> str:
    return f"{HASH} < {cut * HASH_PER_BUCKET}"


# A large archive's sample, per database, with when it is to be read again.
_KEPT: dict[str, tuple[float, Sample]] = {}


def current(cursor) -> Sample:
    """The sample of the database `cursor` reads: a large archive's kept for SIZE_SECONDS,
    a small one's (a new archive, tests) made each time."""
    database = cursor.db.alias
    now = time.monotonic()
    if database in _KEPT and _KEPT[database][0] > now:
        return _KEPT[database][1]
    cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'articles_article'::regclass")
    articles = cursor.fetchone()[0]
    if articles < SMALL_TABLE:  # a small (or never analysed) table: counted
        cursor.execute("SELECT count(*) FROM articles_article")
        articles = cursor.fetchone()[0]
    cut = min(BUCKETS, max(math.ceil(BUCKETS * FRACTION), math.ceil(BUCKETS * MIN_ARTICLES / max(articles, 1))))
    cut = min(cut, max(1, math.ceil(BUCKETS * MAX_ARTICLES / max(articles, 1))))
    cursor.execute(f"SELECT avg(octet_length(a.search_text)) FROM articles_article a WHERE {_listed(cut)}", [])
    sample = Sample(cut=cut, articles=max(articles, 1), average_length=float(cursor.fetchone()[0] or 1))
    if articles >= SMALL_TABLE:
        _KEPT[database] = (now + SIZE_SECONDS, sample)
    return sample
