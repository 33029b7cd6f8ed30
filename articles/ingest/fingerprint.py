"""Recognising the same story twice, across scripts and boilerplate.

Both fingerprints work on folded text (text.fold: Traditional → Simplified, full-width →
half-width, case-folded), so 000 (simplified) and 001 (traditional) meet.

- `exact()`: sha256 of the folded text's word characters: the same text, whatever its
  spacing and punctuation.
- `clauses()`: the set of the text's clauses (runs between punctuation), hashed. Two
  versions of a story share most clauses even when one has extra paragraphs or other
  boilerplate; `similar()` measures exactly that (containment of the smaller set).
- `titles_agree()`: advisories written from one template share most clauses; their
  titles tell them apart (another CVE number, another product). A repost that another
  account retitled (`潜伏二十多年漏洞曝光` for `几乎所有VPN都中招！这个漏洞潜伏了二十年`)
  has nearly every clause of the story (`near_identical()`): then only the identifiers
  and product names of the titles must agree, not their wording.
- `sketch()`: the text's smallest clause hashes (a bottom-k MinHash sketch), stored
  as VersionKey rows: the few candidates worth comparing are the articles sharing the
  most keys, found through an index, however large the archive.
"""

import hashlib
import heapq
import re
import zlib

from articles.text import bigram_set

_NON_WORD = re.compile(r"[\W_]+")
_MIN_CLAUSE = 4
SKETCH_SIZE = 16
CANDIDATES = 8
MIN_CONTAINMENT = 0.8
MIN_SIZE_RATIO = 0.5
MIN_CLAUSES = 5
# A repost: nearly all the smaller text's clauses in the other, the two of about one size.
NEAR_CONTAINMENT = 0.95
NEAR_SIZE_RATIO = 0.8


def exact(folded: str) -> str:
    return hashlib.sha256(_NON_WORD.sub("", folded).encode()).hexdigest()


def clauses(folded: str) -> set[int]:
    found = set()
    for clause in _NON_WORD.split(folded):
        if len(clause) >= _MIN_CLAUSE:
            data = clause.encode()
            found.add(zlib.crc32(data) | zlib.crc32(data, 0x9E3779B9) << 32)
    return found


def sketch(features: set[int]) -> list[int]:
    """The SKETCH_SIZE smallest features, as signed 64-bit keys (they are stored in a
    bigint); none for a text too short to compare."""
    if len(features) < MIN_CLAUSES:
        return []
    return [key - (1 << 64) if key >= 1 << 63 else key for key in heapq.nsmallest(SKETCH_SIZE, features)]


def similar(a: set[int], b: set[int]) -> bool:
    return _contained(a, b, MIN_CONTAINMENT, MIN_SIZE_RATIO)


def near_identical(a: set[int], b: set[int]) -> bool:
    return _contained(a, b, NEAR_CONTAINMENT, NEAR_SIZE_RATIO)


def _contained(a: set[int], b: set[int], containment: float, size_ratio: float) -> bool:
    small, large = sorted((a, b), key=len)
    if len(small) < MIN_CLAUSES or len(small) < size_ratio * len(large):
        return False
    return len(small & large) >= containment * len(small)


# Numbers that name one issue among many: CVE-2024-3400, v2.4, 第十七期.
_IDENTIFIER = re.compile(r"[a-z]*\d[a-z0-9.-]*|第[零〇一二两三四五六七八九十百千\d]+[期届次版号季]")
_LATIN_WORD = re.compile(r"[a-z]{2,}")
_SPACES = re.compile(r"\s+")
MIN_TITLE_OVERLAP = 0.6


def titles_agree(a: str, b: str, reworded: bool = False) -> bool:
    """Whether two folded titles can name the same story: the same identifiers (CVE
    numbers, versions, issue numbers; spacing aside: `0 day` is `0day`), some Latin words
    in common (product names) and, unless the title may be `reworded`, most of the
    shorter title's Chinese bigrams."""
    if not a or not b:
        return True
    if set(_IDENTIFIER.findall(_SPACES.sub("", a))) != set(_IDENTIFIER.findall(_SPACES.sub("", b))):
        return False
    words_a, words_b = set(_LATIN_WORD.findall(a)), set(_LATIN_WORD.findall(b))
    if words_a and words_b and not _mostly_shared(words_a, words_b, 0.5):
        return False
    return reworded or _mostly_shared(bigram_set(a), bigram_set(b), MIN_TITLE_OVERLAP)


def _mostly_shared(a: set, b: set, share: float) -> bool:
    small, large = sorted((a, b), key=len)
    return not small or len(small & large) >= share * len(small)
