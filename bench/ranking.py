"""Ranking benchmark: known-item queries on the real corpus, our search beside BM25.

    .venv/bin/python bench/ranking.py [--rebuild] [--queries 200]

The corpus (../shared/corpus, 7,932 real WeChat articles nobody here wrote) is imported
with the real import into a database `bench_ranking` on the same server, kept between
runs (--rebuild imports it again). Every article's folded title and text are cut into
words by the project's jieba (`text.segment`); a word is a token of two or more letters,
digits or CJK characters that is not a bare number, and its document frequency is
counted over the whole archive.

Queries (known items: one story is the answer): for a seeded sample of stories,
- title: the two rarest words of the article's title;
- lead: the two rarest words of its first 300 characters (words that end within them: a
  word cut at the 300th character, versi… of version, is not a word of the article);
each pair in the order it appears, as a reader would type it. The score is MRR@20:
1 / the rank of the story (duplicates collapsed into one story), 0 when below 20.

The baseline, in the same run: BM25 (tantivy, Lucene's BM25 with k1 = 1.2, b = 0.75)
over the same jieba words, one field holding the title's and the text's words, the
whitespace tokenizer on that pre-segmented text, the two words OR-ed (BM25's own way:
every word adds its weight); its hits collapsed into stories the same way.

The queries are split in two by their position in the seeded sample: the even ones were
looked at while tuning the ranking, the odd ones (held out) were not; both are reported.
Target (issue 18): MRR@20 >= BM25 + 0.2 x (1 - BM25) on both query sets.
"""

import argparse
import hashlib
import multiprocessing
import os
import pickle
import random
import re
import statistics
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wechat-security-2022-2024.tar.gz"
DATABASE = "bench_ranking"
CACHE = ROOT / "var" / "bench-ranking-words.pickle"
LEAD = 300
DEPTH = 20
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")

_WORD = re.compile(r"\w\w")  # at least two word characters (letters, digits or CJK)


def main():
    options = parse_args()
    import django

    django.setup()
    from database import use_database

    use_database(DATABASE)
    stories = build_or_reuse(options.rebuild)
    documents = segmented(stories)
    frequency = Counter(word for words in documents.values() for word in set(words["title"] + words["text"]))
    queries = known_items(stories, documents, frequency, options.queries)
    bm25 = Bm25(stories, documents)
    print(f"{len(stories):,} articles; {len(queries['title'])} title and {len(queries['lead'])} lead queries")
    report(queries, bm25)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="import the corpus again")
    parser.add_argument("--queries", type=int, default=200, help="queries of each kind")
    return parser.parse_args()


def build_or_reuse(rebuild: bool) -> dict[int, dict]:
    """{article id: {story, title, text}} of the imported corpus."""
    from articles.models import Article

    if rebuild or not Article.objects.exists():
        if not CORPUS.exists():
            sys.exit(f"the corpus is absent ({CORPUS}): nothing to rank")
        import_corpus()
    else:
        print(f"reusing database {DATABASE} (--rebuild to import the corpus again)")
    rows = Article.objects.values_list("id", "canonical_id", "title", "text")
    return {pk: {"story": canonical or pk, "title": title, "text": text} for pk, canonical, title, text in rows}


def import_corpus():
    from django.core.management import call_command

    from articles.ingest import import_paths
    from articles.models import Article

    started = time.perf_counter()
    Article.objects.all().delete()
    call_command("load_entities", verbosity=0)
    with tempfile.TemporaryDirectory(prefix="bench-ranking-") as folder:
        with tarfile.open(CORPUS) as archive:
            archive.extractall(folder, filter="data")
        summary = import_paths([folder], workers=os.cpu_count())
    took = time.perf_counter() - started
    print(f"imported {summary.read:,} files in {took:.0f} s ({len(summary.rejected)} rejected)")


def segmented(stories: dict[int, dict]) -> dict[int, dict[str, list[str]]]:
    """{id: {"title": words, "text": words, "lead": words}}: jieba words of the folded text,
    kept in var/ for the next run on the same articles (segmenting takes minutes)."""
    kept = (LEAD, sorted((pk, row["title"]) for pk, row in stories.items()))
    key = hashlib.sha256(repr(kept).encode()).hexdigest()
    if CACHE.exists():
        with CACHE.open("rb") as kept:
            cached_key, found = pickle.load(kept)
        if cached_key == key:
            print(f"segmented words reused from {CACHE.relative_to(ROOT)}")
            return found
    started = time.perf_counter()
    work = [(pk, row["title"], row["text"]) for pk, row in stories.items()]
    with multiprocessing.Pool(os.cpu_count()) as pool:
        found = dict(pool.imap_unordered(_words_of, work, chunksize=32))
    print(f"segmented {len(found):,} articles in {time.perf_counter() - started:.0f} s")
    with CACHE.open("wb") as kept:
        pickle.dump((key, found), kept)
    return found


def _words_of(row):
    import django

    django.setup()
    from articles.text import fold, segment

    pk, title, text = row
    folded = fold(text)
    words = {"title": [w for w in segment(fold(title)) if is_word(w)], "text": [], "lead": []}
    end = 0
    for word in segment(folded):
        end = folded.find(word, end) + len(word)
        if is_word(word):
            words["text"].append(word)
            # A word cut at the LEAD-th character (versi… of version) is not in the lead.
            if end <= LEAD:
                words["lead"].append(word)
    return pk, words


def is_word(token: str) -> bool:
    return bool(_WORD.search(token)) and not token.isdigit()


def known_items(stories, documents, frequency, wanted: int) -> dict[str, list[tuple[str, int]]]:
    """{"title": [(query, story)], "lead": [...]}: the two rarest words of each sampled
    story's canonical article, in text order."""
    roots = sorted(pk for pk, row in stories.items() if row["story"] == pk)
    rng = random.Random(18)
    rng.shuffle(roots)
    queries = {"title": [], "lead": []}
    for pk in roots:
        for kind, found in queries.items():
            words = list(dict.fromkeys(documents[pk][kind]))
            if len(found) < wanted and len(words) >= 2:
                rarest = sorted(words, key=lambda w: (frequency[w], w))[:2]
                found.append((" ".join(sorted(rarest, key=words.index)), pk))
        if all(len(found) >= wanted for found in queries.values()):
            break
    return queries


class Bm25:
    """tantivy over the jieba words: the title's and the text's words in one field."""

    def __init__(self, stories, documents):
        import tantivy

        started = time.perf_counter()
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("words", stored=False, tokenizer_name="whitespace")
        builder.add_integer_field("story", stored=True, indexed=False)
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)
        writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        for pk, row in stories.items():
            words = documents[pk]
            writer.add_document(tantivy.Document(words=" ".join(words["title"] + words["text"]), story=row["story"]))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        self.tantivy = tantivy
        print(f"BM25 index (tantivy) built in {time.perf_counter() - started:.0f} s")

    def stories(self, query: str) -> list[int]:
        tantivy = self.tantivy
        terms = [tantivy.Query.term_query(self.schema, "words", word) for word in query.split(" ")]
        found = self.searcher.search(tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms]), 200)
        return list(dict.fromkeys(self.searcher.doc(address)["story"][0] for _, address in found.hits))


def ours(query: str) -> list[int]:
    from articles import search
    from articles.models import Article

    ids = [hit.id for hit in search.search(query, page_size=DEPTH).results]
    story_of = dict(Article.objects.filter(pk__in=ids).values_list("pk", "canonical_id"))
    return [story_of[pk] or pk for pk in ids]


def reciprocal_rank(ranked: list[int], story: int) -> float:
    return 1 / (ranked.index(story) + 1) if story in ranked[:DEPTH] else 0.0


def report(queries, bm25):
    started = time.perf_counter()
    for kind, items in queries.items():
        scores = {"ours": [], "bm25": []}
        for query, story in items:
            scores["ours"].append(reciprocal_rank(ours(query), story))
            scores["bm25"].append(reciprocal_rank(bm25.stories(query), story))
        for name, part in (("looked at", slice(0, None, 2)), ("held out", slice(1, None, 2)), ("all", slice(None))):
            mine, theirs = statistics.mean(scores["ours"][part]), statistics.mean(scores["bm25"][part])
            target = theirs + 0.2 * (1 - theirs)
            verdict = "met" if mine >= target else "NOT met"
            print(
                f"  {kind:5} {name:9} ({len(scores['ours'][part]):3} queries): MRR@20 ours {mine:.3f}, "
                f"BM25 {theirs:.3f}, target {target:.3f}: {verdict}"
            )
    print(f"({time.perf_counter() - started:.0f} s of queries; load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
