"""Exact substring recall on real articles: a random sample of ../shared/corpus is imported
with the real import, then random fragments (2–4 CJK characters) and words taken from the
articles' own folded text are searched. Every article whose folded text contains the
fragment must be found (recall 100 %), and few others (precision ≥ 95 %; the checks on
search_text make it exact). Latin words match as whole words, so their oracle is a
whole-word match. The largest corpus file is always in the sample: its positions overflow
PostgreSQL's tsvector limits, which must not cost recall."""

import random
import re
import tarfile

import pytest

from articles import search
from articles.ingest import import_paths
from articles.models import Article
from articles.text import search_tokens, segment
from tests.paths import CORPUS

pytestmark = [pytest.mark.corpus, pytest.mark.django_db]

ARCHIVE = CORPUS / "wechat-security-2022-2024.tar.gz"
SAMPLE_SIZE = 1000
FRAGMENTS = 300
WORDS = 100
LATIN = 60


@pytest.fixture
def corpus_sample(tmp_path):
    if not ARCHIVE.exists():
        pytest.skip(f"the benchmark corpus is absent ({ARCHIVE}): recall on real articles not measured")
    with tarfile.open(ARCHIVE, "r|gz") as archive:  # streamed: a gzip cannot seek cheaply
        sizes = {m.name: m.size for m in archive if m.isfile()}
    chosen = set(random.Random(5).sample(sorted(sizes), SAMPLE_SIZE)) | {max(sizes, key=sizes.get)}
    with tarfile.open(ARCHIVE, "r|gz") as archive:
        for member in archive:
            if member.name in chosen:
                archive.extract(member, tmp_path, filter="data")
    summary = import_paths([tmp_path])
    assert summary.read == len(chosen) and len(summary.rejected) < len(chosen) * 0.05
    return {a.pk: a.search_text for a in Article.objects.only("pk", "search_text")}


def queries_from(texts: dict[int, str]):
    rng = random.Random(7)
    documents = list(texts.values())
    runs = [tok for doc in rng.sample(documents, 100) for tok, cjk in search_tokens(doc) if cjk and len(tok) >= 2]
    latin = {tok for doc in documents for tok, cjk in search_tokens(doc) if not cjk and tok.isalpha()}
    fragments = set()
    while len(fragments) < FRAGMENTS:
        run = rng.choice(runs)
        size = rng.randint(2, min(4, len(run)))
        start = rng.randrange(len(run) - size + 1)
        fragments.add(run[start : start + size])
    words = {w for run in rng.sample(runs, 400) for w in segment(run) if len(w) >= 2}
    return sorted(fragments), rng.sample(sorted(words), WORDS), rng.sample(sorted(latin), LATIN)


def whole_word(word):
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")


def test_every_article_holding_a_fragment_or_word_is_found(corpus_sample):
    fragments, words, latin = queries_from(corpus_sample)
    oracles = {q: re.compile(re.escape(q)).search for q in fragments + words}
    oracles.update({w: whole_word(w).search for w in latin})
    missed, returned_total, wrong_total = [], 0, 0
    for query, holds in oracles.items():
        expected = {pk for pk, text in corpus_sample.items() if holds(text)}
        returned = set(search.filter_articles(Article.objects.all(), query).values_list("pk", flat=True))
        if expected - returned:
            missed.append((query, len(expected - returned)))
        returned_total += len(returned)
        wrong_total += len(returned - expected)
    assert not missed, f"recall below 100 % for {missed[:10]}"
    precision = 1 - wrong_total / returned_total
    assert precision >= 0.95, f"precision {precision:.3f}"
    print(f"{len(oracles)} queries over {len(corpus_sample)} articles: recall 100 %, precision {precision:.2%}")
