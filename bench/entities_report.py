"""Entity extraction over the benchmark corpus: how many, which, how good, how fast.

    python bench/entities_report.py [--limit N] [--sample 50] [--seed 6] [--keep]

Imports the corpus (or its first N files) with the real import, after loading the
gazetteer, into a database of its own (`bench_entities`, created here and dropped at the
end unless --keep), then prints, as Markdown:
- how many people and organizations were found (from the gazetteer / new, unreviewed);
- the 30 entities mentioned in the most articles;
- a random sample of (article, entity) mentions with the sentence around the first
  occurrence, for a hand check (the verdicts are written into docs/entities-report.md);
- the time link_article takes beside jieba segmenting the same texts, in the same process.
"""

import argparse
import os
import random
import re
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wechat-security-2022-2024.tar.gz"
DATABASE = "bench_entities"

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")


def use_database(name: str, create: bool) -> None:
    from django.db import connection, connections

    if create:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {DATABASE}")
    connections.close_all()
    connections["default"].settings_dict["NAME"] = name


def import_corpus(limit: int) -> tuple[int, float]:
    from django.core.management import call_command

    with tempfile.TemporaryDirectory(prefix="bench_entities_") as folder:
        with tarfile.open(CORPUS) as archive:
            archive.extractall(folder, filter="data")
        files = sorted(p for p in Path(folder).rglob("*") if p.is_file())[: limit or None]
        selected = Path(folder) / "selected"
        selected.mkdir()
        for index, path in enumerate(files):
            os.link(path, selected / f"{index:05}_{path.name}")
        started = time.perf_counter()
        try:
            call_command("import_articles", str(selected), verbosity=0)
        except Exception as error:  # rejected files end the command with an error: report, go on
            print(f"<!-- import: {error} -->")
        return len(files), time.perf_counter() - started


def timing(sample_size: int) -> str:
    from django.db import transaction

    from articles.entities import gazetteer
    from articles.entities.linking import link_article
    from articles.models import Article
    from articles.text import fold, segment

    articles = list(Article.objects.order_by("?")[:sample_size])
    with transaction.atomic():  # rolled back: the report's figures stay as imported
        link_article(articles[0])  # warm: gazetteer built, jieba's tagger loaded
        started = time.perf_counter()
        for article in articles:
            segment(fold(f"{article.title}\n{article.text}"))
        seg = time.perf_counter() - started
        started = time.perf_counter()
        for article in articles:
            link_article(article)
        link = time.perf_counter() - started
        transaction.set_rollback(True)
    chars = sum(len(a.text) for a in articles)
    return (
        f"On {len(articles)} random articles ({chars / 1e6:.1f} M characters), one process: "
        f"jieba segmentation (text.segment) {seg:.2f} s, link_article {link:.2f} s "
        f"(gazetteer of {len(gazetteer.current().names)} names, with its database writes) = "
        f"**{link / seg:.0%} of the segmentation time**."
    )


def context(text: str, names: list[str], width: int = 28) -> str:
    """The text around the first occurrence of one of `names` (web addresses, where
    extraction never looks, are skipped)."""
    from articles.entities.linking import _ADDRESS
    from articles.text import fold

    text = _ADDRESS.sub(lambda m: " " * len(m.group()), text)
    folded = fold(text)
    for name in sorted(names, key=len, reverse=True):
        index = folded.find(name)
        if index >= 0:
            snippet = text[max(0, index - width) : index + len(name) + width]
            return re.sub(r"\s+", " ", snippet).replace("|", "¦")
    return "(bare surname or byline only)"


def report(options) -> None:
    from django.db.models import Count, Sum

    from articles.models import Article, Entity, EntityKind, Mention
    from articles.text import fold

    entities = Entity.objects.annotate(articles_n=Count("mentions"), mentions_n=Sum("mentions__count"))
    mentioned = entities.filter(articles_n__gt=0)
    print("## Entities found\n")
    print("| kind | mentioned | from the gazetteer | found by extraction (unreviewed) |")
    print("|---|---:|---:|---:|")
    for kind in EntityKind:
        rows = mentioned.filter(kind=kind)
        print(
            f"| {kind.label} ({kind.value}) | {rows.count()} | {rows.filter(reviewed=True).count()} "
            f"| {rows.filter(reviewed=False).count()} |"
        )
    print(
        f"\n{Article.objects.count()} articles, {Mention.objects.count()} mentions "
        f"(article × entity pairs), {Article.objects.filter(mentions__isnull=True).count()} articles with none.\n"
    )
    print("## Top 30 by articles mentioning them\n")
    print("| # | entity | kind | articles | mentions | source |")
    print("|---:|---|---|---:|---:|---|")
    for rank, entity in enumerate(mentioned.order_by("-articles_n", "-mentions_n", "name")[:30], 1):
        source = "gazetteer" if entity.reviewed else "extraction"
        print(f"| {rank} | {entity.name} | {entity.kind} | {entity.articles_n} | {entity.mentions_n} | {source} |")

    pool = list(Mention.objects.select_related("entity", "article").order_by("pk"))
    sample = random.Random(options.seed).sample(pool, min(options.sample, len(pool)))
    print(f"\n## Random sample of {len(sample)} mentions (seed {options.seed})\n")
    print("| # | entity | kind | source | article | context of the first occurrence | verdict |")
    print("|---:|---|---|---|---:|---|---|")
    for index, mention in enumerate(sample, 1):
        entity = mention.entity
        names = [fold(entity.name), *entity.aliases.values_list("folded", flat=True)]
        source = "gazetteer" if entity.reviewed else "extraction"
        snippet = context(f"{mention.article.title}\n{mention.article.text}", names)
        print(f"| {index} | {entity.name} | {entity.kind} | {source} | {mention.article_id} | {snippet} | |")
    found = list(mentioned.filter(reviewed=False).order_by("pk"))
    entities_sample = random.Random(options.seed).sample(found, min(options.sample, len(found)))
    print(f"\n## Random sample of {len(entities_sample)} entities found by extraction (seed {options.seed})\n")
    print("| # | entity | kind | articles | context of its first mention | verdict |")
    print("|---:|---|---|---:|---|---|")
    for index, entity in enumerate(entities_sample, 1):
        mention = entity.mentions.select_related("article").order_by("pk").first()
        names = [fold(entity.name), *entity.aliases.values_list("folded", flat=True)]
        snippet = context(f"{mention.article.title}\n{mention.article.text}", names)
        if snippet.startswith("(") and mention.article.authors + mention.article.editors:
            snippet = "byline: " + " / ".join(mention.article.authors + mention.article.editors)
        print(f"| {index} | {entity.name} | {entity.kind} | {entity.articles_n} | {snippet} | |")
    print("\n## Speed\n")
    print(timing(300))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--keep", action="store_true", help="keep the database (for inspection)")
    parser.add_argument("--reuse", action="store_true", help="report on the kept database, import nothing")
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: the benchmark corpus is absent ({CORPUS})")
        return 0
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    original = connection.settings_dict["NAME"]
    use_database(DATABASE, create=not options.reuse)
    try:
        if not options.reuse:
            call_command("migrate", verbosity=0)
            call_command("load_entities", verbosity=0)
            files, seconds = import_corpus(options.limit)
            print(f"<!-- imported {files} files in {seconds:.0f} s into '{DATABASE}' -->\n")
        report(options)
    finally:
        if not options.keep:
            use_database(original, create=False)
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
