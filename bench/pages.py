"""The reader's pages at 100k articles: browse (with filters), article, about.

    .venv/bin/python bench/pages.py [--rebuild] [--rounds 7]

Needs the 100k-article database that bench/search.py builds (`make bench-search`):
it is copied into a database of its own, `bench_pages`, kept between runs (--rebuild
copies it again). That corpus has no people or organizations, so SYNTHETIC ones are
added: 3,000 entities and 12 mentions per article, drawn so that a few entities are in
a large share of the archive (entity = 3000 * u^3, u uniform), as the big labs are in
real news. The numbers are printed with that caveat.

Every page goes through Django's test Client (the whole request: middleware, queries,
templates), --rounds times after one warm-up; p50 and max are reported. In the same run,
three baselines measure what the page code avoids:
- filter choices counted afresh on every request (the page keeps them in the cache);
- related articles ranked over every article sharing an entity (the page takes a bounded
  number of the latest candidates per entity);
- excerpts cut inside the paginated query (the page cuts them for the 20 shown only).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "bench_search"
DATABASE = "bench_pages"
ENTITIES = 3000
MENTIONS_PER_ARTICLE = 12
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")


def main():
    options = parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    admin = admin_connection(connection.settings_dict)
    prepare_database(admin, options.rebuild)
    connection.settings_dict["NAME"] = DATABASE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Pages are rendered without running collectstatic first (as in the tests).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    add_synthetic_entities(connection)
    describe(connection)
    report("pages", measure_pages(options.rounds))
    report("baselines (same data, same run)", measure_baselines(options.rounds))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help=f"copy {SOURCE} into {DATABASE} again")
    parser.add_argument("--rounds", type=int, default=7, help="timed requests per page")
    return parser.parse_args()


def admin_connection(settings_dict):
    import psycopg

    params = {"dbname": "postgres", "user": settings_dict["USER"], "host": settings_dict["HOST"]}
    if settings_dict.get("PORT"):
        params["port"] = settings_dict["PORT"]
    if settings_dict.get("PASSWORD"):
        params["password"] = settings_dict["PASSWORD"]
    return psycopg.connect(**params, autocommit=True)


def prepare_database(admin, rebuild: bool):
    from psycopg import sql
    from psycopg.errors import ObjectInUse

    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
    if exists and not rebuild:
        print(f"reusing database {DATABASE} (--rebuild to copy {SOURCE} again)")
        return
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [SOURCE]).fetchone():
        sys.exit(f"database {SOURCE} is absent: run `make bench-search` first (it builds the 100k articles)")
    if exists:
        admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(DATABASE)))
    print(f"copying {SOURCE} into {DATABASE} …")
    try:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(DATABASE), sql.Identifier(SOURCE))
        )
    except ObjectInUse:
        sys.exit(f"{SOURCE} is in use (is bench/search.py running?): PostgreSQL copies only an idle database")


def add_synthetic_entities(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_mention")
        if cursor.fetchone()[0]:
            return
        started = time.perf_counter()
        cursor.execute(
            """INSERT INTO articles_entity (kind, name, description, reviewed, evidence, created_at, updated_at)
               SELECT CASE WHEN g %% 2 = 0 THEN 'person' ELSE 'organization' END, 'Synthetic ' || g, '', false,
                      '{}', now(), now()
               FROM generate_series(1, %s) g""",
            [ENTITIES],
        )
        cursor.execute("SELECT min(id) FROM articles_entity WHERE name LIKE 'Synthetic %%'")
        first = cursor.fetchone()[0]
        cursor.execute(
            """INSERT INTO articles_mention (article_id, entity_id, count, forms)
               SELECT DISTINCT ON (a.id, e) a.id, e, 1 + (random() * 4)::int, '{}'
               FROM articles_article a,
                    LATERAL (SELECT %s + floor(%s * power(random(), 3))::int + a.id * 0 AS e
                             FROM generate_series(1, %s)) drawn""",
            [first, ENTITIES - 1, MENTIONS_PER_ARTICLE],
        )
        cursor.execute("ANALYZE")
        print(f"added synthetic entities and mentions in {time.perf_counter() - started:.0f} s")


def describe(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE canonical_id IS NULL) FROM articles_article")
        articles, canonical = cursor.fetchone()
        cursor.execute("SELECT count(*), count(DISTINCT entity_id) FROM articles_mention")
        mentions, entities = cursor.fetchone()
        cursor.execute(
            """SELECT count(*) FROM articles_mention
               WHERE entity_id = (SELECT entity_id FROM articles_mention GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)"""
        )
        top = cursor.fetchone()[0]
    print(
        f"{articles:,} articles ({canonical:,} canonical), {mentions:,} mentions of {entities:,} entities "
        f"(synthetic; the most mentioned is in {top:,} articles); PostgreSQL on this machine, test Client"
    )


def pages():
    from articles.models import Article, Entity, Person

    busiest = Person.objects.filter(mentions__isnull=False).order_by("pk").first()
    rare = Entity.objects.filter(mentions__isnull=False).order_by("-pk").first()
    story = Article.objects.filter(mentions__entity=busiest).order_by("-id").first()
    return [
        ("browse", "/"),
        ("browse, page 2000", "/?page=2000"),
        ("browse by the busiest person", f"/?person={busiest.pk}"),
        ("browse by a rare entity", f"/?{rare.kind}={rare.pk}"),
        ("browse by a year", "/?from=2020-01-01&to=2020-12-31"),
        ("browse by source and year", f"/?source={story.site}&from=2021-01-01&to=2021-12-31"),
        ("article", story.get_absolute_url()),
        ("article, entities marked", story.get_absolute_url() + "?highlight=1"),
        ("article in traditional script", story.get_absolute_url()),
        ("about", "/about/"),
    ]


def measure_pages(rounds):
    from django.test import Client

    rows = []
    for label, path in pages():
        client = Client()
        if "traditional" in label:
            client.cookies["script"] = "hant"
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        rows.append((label, timed(lambda path=path, client=client: client.get(path), rounds)))
    return rows


def measure_baselines(rounds):
    from django.core.cache import cache
    from django.core.paginator import Paginator
    from django.db.models import Count, F, Q
    from django.db.models.functions import Left

    from articles import listing, search
    from articles.models import Article, Mention, Person

    story = Article.objects.filter(mentions__entity=Person.objects.order_by("pk").first()).order_by("-id").first()
    entity_ids = list(story.mentions.values_list("entity_id", flat=True))

    def choices_afresh():
        cache.clear()
        listing.filter_choices(search.Filters())

    def related_unbounded():
        same = [story.pk, story.canonical_id or story.pk]
        return list(
            Article.objects.canonical()
            .exclude(Q(pk__in=same) | Q(canonical_id__in=same))
            .filter(mentions__entity_id__in=entity_ids)
            .annotate(shared=Count("mentions"))
            .order_by("-shared", F("published_at").desc(nulls_last=True), "-id")
            .only("id")[: listing.RELATED_SHOWN]
        )

    def excerpts_in_paginated_query():
        listed = Article.objects.canonical().newest_first().annotate(excerpt=Left("text", 140))
        return list(Paginator(listed, 20).get_page(2000).object_list)

    def excerpts_for_the_page_only():
        page = list(Paginator(Article.objects.canonical().newest_first().only("id"), 20).get_page(2000).object_list)
        listing.describe_cards(page)

    listing.filter_choices(search.Filters())
    return [
        ("filter choices, counted afresh", timed(choices_afresh, rounds)),
        ("filter choices, from the cache", timed(lambda: listing.filter_choices(search.Filters()), rounds)),
        ("related articles, every sharing article", timed(related_unbounded, rounds)),
        ("related articles, bounded candidates", timed(lambda: list(listing.related_articles(story)), rounds)),
        ("page 2000, excerpts in the paginated query", timed(excerpts_in_paginated_query, rounds)),
        ("page 2000, excerpts for the page only", timed(excerpts_for_the_page_only, rounds)),
        ("(mentions read by related, unbounded)", [Mention.objects.filter(entity_id__in=entity_ids).count()]),
    ]


def timed(call, rounds) -> list[float]:
    call()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(title, rows):
    print(f"\n{title}")
    for label, values in rows:
        if label.startswith("("):
            print(f"  {label:48} {values[0]:,}")
        else:
            print(f"  {label:48} p50 {statistics.median(values):7.1f} ms   max {max(values):7.1f} ms")


if __name__ == "__main__":
    main()
