"""The analyst's workbench at 100k articles: timeline and directory pages, and the export.

    .venv/bin/python bench/analysis.py [--rounds 20]

Runs on the database bench/pages.py keeps (`bench_pages`: the 100k articles bench/search.py
builds, with its synthetic people and organizations; made here the same way when absent).

Pages: after a web worker's start-up (newsarchive/wsgi.py: jieba warmed, the heap frozen),
every page and API answer goes through Django's test Client (middleware, queries,
templates), once to warm up (the directories' and the timeline's archive-wide counts are
then in the cache, as on a running site), then --rounds times; p50, p95 and max are shown.
Baselines in the same run: the empty search page (a page with no analysis work), and the
directory and timeline counts made afresh (the cache cleared before each request), which
is what the first request after an import pays.

Export: GET /search/export of every story (CSV, through the test Client, the streamed body
read piece by piece and dropped) — rows per second; then peak Python memory (tracemalloc)
of the same export of 10,000 and of every story, beside the baseline of building the whole
CSV in memory first (what a plain HttpResponse would do).
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")


def main():
    options = parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from bench import pages as page_bench

    page_bench.prepare_database(page_bench.admin_connection(connection.settings_dict), rebuild=False)
    connection.settings_dict["NAME"] = page_bench.DATABASE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import newsarchive.wsgi  # noqa: F401  (a web worker's start-up: jieba warmed, the heap frozen)

    page_bench.add_synthetic_entities(connection)
    page_bench.describe(connection)
    report("pages (cache warm)", measure(workbench_pages(), options.rounds))
    report("baselines (same data, same run)", measure(baseline_pages(), options.rounds, afresh=True))
    export_report()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="timed requests per page")
    return parser.parse_args()


def workbench_pages():
    from articles.analysis import directories
    from articles.models import EntityKind

    busiest = directories.entities(EntityKind.PERSON)[0]
    rare = [e for e in directories.entities(EntityKind.ORGANIZATION) if e.stories][-1]
    source = directories.sources()[0]
    return [
        ("timeline API, whole archive", "/api/timeline"),
        ("timeline API, common word 漏洞", "/api/timeline?q=漏洞"),
        ("timeline API, rare word 饕餮", "/api/timeline?q=饕餮"),
        ("timeline API, busiest person by week", f"/api/timeline?person={busiest.id}&interval=week"),
        ("timeline API, rare organization", f"/api/timeline?organization={rare.id}"),
        ("compare page, 漏洞 vs 微软", "/timeline/?q=漏洞&q=微软"),
        ("people directory", "/people/"),
        ("people directory, by name, page 20", "/people/?sort=name&page=20"),
        ("people directory, filtered", "/people/?q=Synthetic 12"),
        ("organizations directory, recent", "/organizations/?sort=recent"),
        ("sources directory", "/sources/"),
        ("people API", "/api/people?page_size=100"),
        ("sources API", "/api/sources"),
        ("source page (timeline, latest)", f"/sources/{source.name}/"),
        ("person page, busiest (timeline, companions)", f"/people/{busiest.id}/"),
    ]


def baseline_pages():
    from articles.analysis import directories
    from articles.models import EntityKind

    busiest = directories.entities(EntityKind.PERSON)[0]
    return [
        ("the empty search page (no analysis work)", "/search/"),
        ("people directory, counted afresh", "/people/"),
        ("sources directory, counted afresh", "/sources/"),
        ("timeline API, all stories counted afresh", "/api/timeline?q=漏洞"),
        ("person page, busiest, counted afresh", f"/people/{busiest.id}/"),
    ]


def measure(pages, rounds, afresh=False):
    from django.core.cache import cache
    from django.test import Client

    client, rows = Client(), []
    for label, path in pages:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        clear = afresh and "afresh" in label
        times = []
        for _ in range(rounds):
            if clear:
                cache.clear()
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        rows.append((label, times))
    return rows


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(title, rows):
    print(f"\n{title}")
    for label, values in rows:
        print(
            f"  {label:44} p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, 95):7.1f} ms"
            f"   max {max(values):7.1f} ms"
        )


def export_report():
    from django.db import connection
    from django.test import Client

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article WHERE canonical_id IS NULL")
        stories = cursor.fetchone()[0]
        cursor.execute(
            "SELECT (published_at AT TIME ZONE 'Asia/Shanghai')::date FROM articles_article"
            " WHERE canonical_id IS NULL ORDER BY published_at DESC NULLS LAST OFFSET 10000 LIMIT 1"
        )
        since = cursor.fetchone()[0]
    client = Client()
    everything = "/search/export?format=csv"
    recent = f"/search/export?format=csv&from={since.isoformat()}"

    def streamed(path):
        rows = 0
        for piece in client.get(path).streaming_content:
            rows += 1
            del piece
        return rows - 1  # the header

    started = time.perf_counter()
    rows = streamed(everything)
    seconds = time.perf_counter() - started
    print(f"\nexport (CSV, streamed through the test Client): {rows:,} rows of {stories:,} stories")
    print(f"  every story: {seconds:.1f} s, {rows / seconds:,.0f} rows/s")
    for label, path in (("10,000 newest stories", recent), ("every story", everything)):
        counted, peak = traced(lambda path=path: streamed(path))
        print(f"  peak Python memory, streamed, {label:22} ({counted:,} rows): {peak / 2**20:6.1f} MiB")
    built, peak = traced(lambda: len(b"".join(client.get(everything).streaming_content)))
    print(f"  baseline: the whole CSV built in memory first ({built / 2**20:,.0f} MiB of CSV): {peak / 2**20:6.1f} MiB")


def traced(call):
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


if __name__ == "__main__":
    main()
