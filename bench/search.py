"""Search at 100k articles: latency of GET /api/search beside a plain icontains scan.

    .venv/bin/python bench/search.py [--rebuild] [--articles 100000] [--rounds 5]
    .venv/bin/python bench/search.py --million   # the same mix at 1,000,000 articles

The corpus (../shared/corpus, 7,932 real WeChat articles) is parsed once with the real
import code (`articles.ingest.prepare`), linked to its people and organizations as the
import links them (the gazetteer loaded first, then `entities.find_mentions`), indexed with
`search.index_values` (entity names included), then REPLICATED with new ids, file names
and dates (each copy shifted back by 97 days) up to --articles rows, bulk-loaded with COPY
(articles and their mentions) into a separate database `bench_search` on the same server.
That database is kept between runs (rebuilt with --rebuild, when its size differs or when
it has no mentions). Bodies are loaded as plain text only (body_html left empty: search
never reads it). The mentions make the person and organization facets, the entity card
and the entity filters cost what they cost on a real archive.

Then every query of a fixed mix goes through Django's test Client as a full
GET /api/search (JSON with total, facets and highlighted snippets), --rounds times after
one warm-up, and p50/p95/p99 are reported; in the same run, the same words are looked up
with a plain `title__icontains | text__icontains` scan (count + newest 20), the baseline.

--million clones the 100k database in SQL into `bench_million` (CREATE DATABASE ... TEMPLATE,
then nine INSERT ... SELECT copies of every article and its mentions with new ids, paths
and hours: the same six years, ten times as many articles a day), prints how long that
took and the disk it uses, and measures the same mix there (kept between runs too).

PostgreSQL tuning, scoped to the bench database (`ALTER DATABASE bench_search SET`):
work_mem 64MB, so that bitmaps of common words stay exact (no lossy pages to recheck),
and jit off (compiling a plan costs more than these queries take).
"""

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tarfile
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from database import server  # bench/database.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wechat-security-2022-2024.tar.gz"
DATABASE = "bench_search"
MILLION = "bench_million"
CLONES = 9  # copies of the 100k rows added to them: 1,000,000 articles
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")

# The mix: (label, query, extra parameters). Totals are printed, so the mix can be judged.
MIX = [
    ("common word", "漏洞", {}),
    ("common word", "微软", {}),
    ("common word", "安全", {}),
    ("common word", "攻击", {}),
    ("rare word", "饕餮", {}),
    ("rare word", "蓝牙耳机", {}),
    ("rare word", "量子计算", {}),
    ("rare word", "卫星", {}),
    ("fragment", "洞利", {}),
    ("fragment", "程代码执", {}),
    ("fragment", "意代码", {}),
    ("fragment", "勒索软", {}),
    ("latin name", "Microsoft", {}),
    ("latin name", "Fortinet", {}),
    ("latin name", "Log4j", {}),
    ("latin name", "Apache Struts", {}),
    ("phrase", '"远程代码执行"', {}),
    ("phrase", '"Microsoft Exchange"', {}),
    ("phrase", '"零日漏洞"', {}),
    ("words", "勒索 医院", {}),
    ("words", "OpenAI 漏洞", {}),
    ("or/not", "Chrome OR Firefox", {}),
    ("or/not", "勒索 -LockBit", {}),
    ("filtered", "漏洞", {"from": "2023-01-01", "to": "2023-06-30"}),
    ("filtered", "微软", {"page": "3"}),
    ("filtered", "攻击", {"source": "TOP_SITE"}),
    ("filtered", "漏洞", {"organization": "TOP_ORGANIZATION"}),
    ("filtered", "攻击", {"person": "TOP_PERSON"}),
]
# Looked up by the baseline scan as well (a plain substring each).
SCAN_WORDS = ["漏洞", "微软", "饕餮", "量子计算", "程代码执", "microsoft", "log4j", "远程代码执行"]


def main():
    options = parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    create_database(connection.settings_dict)
    connection.settings_dict["NAME"] = DATABASE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if options.million:
        return million(connection, options.rounds)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    tune(connection)
    count, mentions = row_counts(connection)
    if options.rebuild or count != options.articles or not mentions:
        if not CORPUS.exists():
            sys.exit(f"the corpus is absent ({CORPUS}): nothing to build the benchmark from")
        build(connection, options.articles)
    else:
        print(f"reusing database {DATABASE}: {count:,} articles (--rebuild to build it again)")
    describe(connection)
    latencies = measure_api(options.rounds, placeholders(connection))
    scans = measure_scan()
    report(latencies, scans)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="build the 100k database again")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5, help="timed requests per query")
    parser.add_argument("--million", action="store_true", help="clone the 100k database to 1M and measure there")
    return parser.parse_args()


def create_database(settings_dict):
    from psycopg import sql

    with server(settings_dict) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))


def tune(connection):
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {name} SET work_mem = '64MB'")
        cursor.execute(f"ALTER DATABASE {name} SET jit = off")
    connection.close()  # the settings apply to new sessions


def row_counts(connection) -> tuple[int, int]:
    """(articles, mentions) in the bench database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM articles_article), (SELECT count(*) FROM articles_mention)")
        return cursor.fetchone()


# --- building the corpus -----------------------------------------------------------------


def build(connection, wanted: int):
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        with tarfile.open(CORPUS) as archive:
            archive.extractall(folder, filter="data")
        paths = sorted(str(p) for p in Path(folder).rglob("*.md"))
        connection.close()  # not shared with the worker processes
        with multiprocessing.Pool(os.cpu_count()) as pool:
            base = [row for row in pool.imap(prepare_row, paths, chunksize=16) if row]
        print(f"parsed {len(base):,} corpus articles in {time.perf_counter() - started:.0f} s")
        base.sort(key=lambda row: row["name"])
        mentions = link_entities(base)
        print(f"linked {sum(map(len, mentions)):,} mentions in {time.perf_counter() - started:.0f} s")
        connection.close()
        with multiprocessing.Pool(os.cpu_count()) as pool:
            work = [(row["title"], row.pop("entity_names"), row["text"]) for row in base]
            for row, values in zip(base, pool.starmap(index_row, work, chunksize=16), strict=True):
                row["search_vector"], row["head_vector"] = values.vector, values.head
    print(f"indexed them in {time.perf_counter() - started:.0f} s")
    load(connection, base, mentions, wanted)
    print(f"built {wanted:,} articles in {time.perf_counter() - started:.0f} s")


def prepare_row(path: str):
    """One corpus file as a row template, parsed by the import code."""
    import django

    django.setup()
    from articles import search
    from articles.ingest.errors import RejectedFile
    from articles.ingest.prepare import prepare, read

    try:
        prepared = prepare(path, *read(path))
    except RejectedFile:
        return None
    parsed = prepared.parsed
    return {
        "title": parsed.title[:500],
        "published_at": parsed.published_at,
        "site": (parsed.site or "")[:200],
        "publisher": (parsed.publisher or "")[:200],
        "authors": parsed.authors,
        "editors": parsed.editors,
        "text": parsed.text,
        "script": prepared.script,
        "search_text": search.compose_search_text(parsed.title[:500], prepared.folded_text),
        "file_hash": prepared.file_hash,
        "fingerprint": prepared.fingerprint,
        "name": Path(path).name,
    }


def link_entities(base: list[dict]) -> list[dict[int, int]]:
    """{entity id: count} for each base row, found as the import finds them (on the bench
    database, with the gazetteer loaded); each row also gets its entities' names."""
    from django.core.management import call_command

    from articles.entities import find_mentions, mentioned_names
    from articles.models import Article

    call_command("load_entities", verbosity=0)
    fields = ("title", "text", "site", "publisher", "authors", "editors")  # what extraction reads
    found = []
    for row in base:
        mentions = find_mentions(Article(**{name: row[name] for name in fields}))
        row["entity_names"] = mentioned_names(mentions)
        found.append(mentions)
    return found


def index_row(title: str, entity_names: list[str], text: str):
    from articles import search
    from articles.text import fold

    return search.index_values(title, entity_names, fold(text))


def load(connection, base: list[dict], mentions: list[dict[int, int]], wanted: int):
    """COPY `wanted` rows, the base rows over and over with new ids, names and dates, and
    each copy's mentions (those of its base row)."""
    from django.utils import timezone

    from articles.models import Article

    columns = {f.column: f for f in Article._meta.concrete_fields if f.column != "id"}
    defaults = {column: field.get_default() for column, field in columns.items()}
    defaults = {column: json.dumps(v) if isinstance(v, list | dict) else v for column, v in defaults.items()}
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE articles_article RESTART IDENTITY CASCADE")
        # The GIN index is built after the rows are in, as the migrations define it.
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector'")
        search_index = cursor.fetchone()[0]
        cursor.execute("DROP INDEX article_search_vector")
        cursor.execute("SET maintenance_work_mem = '1GB'")
    raw = connection.connection
    names = ", ".join(columns)
    with raw.cursor() as cursor, cursor.copy(f"COPY articles_article ({names}) FROM STDIN") as copy:
        for n in range(wanted):
            template = base[n % len(base)]
            generation = n // len(base)
            row = {**defaults, **template, "imported_at": now, "updated_at": now}
            row["authors"], row["editors"] = json.dumps(template["authors"]), json.dumps(template["editors"])
            row["source_path"] = f"/bench/{generation}/{n}/{template['name']}"
            row["slug"] = ""
            if template["published_at"]:
                row["published_at"] = template["published_at"] - timedelta(days=97 * generation)
            copy.write_row([row.get(column) for column in columns])
            if n and n % 20_000 == 0:
                print(f"  loaded {n:,} rows")
    with connection.cursor() as cursor:
        # COPY took the ids from the sequence in row order: the n-th id is the n-th row.
        cursor.execute("SELECT id FROM articles_article ORDER BY id")
        ids = [row_id for (row_id,) in cursor.fetchall()]
    mention_columns = "article_id, entity_id, count, forms"  # forms: as written, not kept here
    with raw.cursor() as cursor, cursor.copy(f"COPY articles_mention ({mention_columns}) FROM STDIN") as copy:
        for n, article_id in enumerate(ids):
            for entity_id, count in mentions[n % len(base)].items():
                copy.write_row([article_id, entity_id, count, "{}"])
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(search_index)
        print(f"  GIN index built in {time.perf_counter() - started:.0f} s")
        cursor.execute("VACUUM ANALYZE articles_article")
        cursor.execute("VACUUM ANALYZE articles_mention")


# --- a million: the 100k rows cloned in SQL -------------------------------------------------


def million(connection, rounds: int):
    count, mentions = row_counts(connection)
    if count != 100_000 or not mentions:
        sys.exit(f"{DATABASE} holds {count:,} articles: run `make bench-search` first (it builds the 100k set)")
    connection.close()
    with server(connection.settings_dict) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [MILLION]).fetchone()
    connection.settings_dict["NAME"] = MILLION
    if exists and row_counts(connection)[0] == 100_000 * (CLONES + 1):
        print(f"reusing database {MILLION} (drop it to build it again)")
    else:
        connection.close()
        clone(connection.settings_dict)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # what the code added since the clone (an index)
    tune(connection)
    describe(connection)
    latencies = measure_api(rounds, placeholders(connection))
    scans = measure_scan()
    report(latencies, scans)


def clone(settings_dict):
    """bench_million: bench_search copied file by file, then its rows INSERTed CLONES more
    times with new ids, source paths and hours, mentions too, indexes built after."""
    from psycopg import sql

    started = time.perf_counter()
    with server(settings_dict) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(MILLION)))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(*map(sql.Identifier, (MILLION, DATABASE))))
    print(f"  copied {DATABASE} in {time.perf_counter() - started:.0f} s")
    with server(settings_dict, MILLION) as conn:
        conn.execute("SET maintenance_work_mem = '2GB'")
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('articles_article', 'articles_mention')"
            " AND indexname NOT LIKE '%%pkey'"
        ).fetchall()
        constraints = conn.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid IN ('articles_article'::regclass, 'articles_mention'::regclass) AND contype IN ('u', 'f')"
        ).fetchall()
        for table, name, _ in constraints:
            conn.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _ in indexes:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        columns = [
            row[0]
            for row in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'articles_article'"
                " ORDER BY ordinal_position"
            )
        ]
        changed = {
            "id": "id + {k} * 100000",
            "canonical_id": "canonical_id + {k} * 100000",
            "source_path": "'/million/{k}' || source_path",
            "published_at": "published_at - interval '{k} hours'",
        }
        names = ", ".join(columns)
        for k in range(1, CLONES + 1):
            values = ", ".join(changed.get(c, c).format(k=k) for c in columns)
            conn.execute(
                f"INSERT INTO articles_article ({names}) SELECT {values} FROM articles_article WHERE id <= 100000"
            )
            conn.execute(
                "INSERT INTO articles_mention (article_id, entity_id, count, forms)"
                f" SELECT article_id + {k} * 100000, entity_id, count, forms FROM articles_mention"
                " WHERE article_id <= 100000"
            )
            print(f"  clone {k} of {CLONES} inserted at {time.perf_counter() - started:.0f} s")
        for table in ("articles_article", "articles_mention"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        for name, definition in indexes:
            if not any(name == constraint for _, constraint, _ in constraints):
                conn.execute(definition)
        for table, name, definition in constraints:
            conn.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        print(f"  indexes built at {time.perf_counter() - started:.0f} s")
        conn.execute("VACUUM ANALYZE articles_article")
        conn.execute("VACUUM ANALYZE articles_mention")
        size = conn.execute(f"SELECT pg_size_pretty(pg_database_size('{MILLION}'))").fetchone()[0]
    print(f"built {MILLION} in {time.perf_counter() - started:.0f} s; the database takes {size} on disk")


def describe(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), pg_size_pretty(pg_total_relation_size('articles_article')),"
            " pg_size_pretty(pg_relation_size('article_search_vector')),"
            " pg_size_pretty(sum(pg_column_size(search_vector))),"
            " (SELECT count(*) FROM articles_mention), (SELECT count(DISTINCT entity_id) FROM articles_mention)"
            " FROM articles_article"
        )
        count, table, index, vectors, mentions, entities = cursor.fetchone()
    print(
        f"database {connection.settings_dict['NAME']}: {count:,} articles"
        " (the corpus replicated with new ids, names and dates); "
        f"table {table}, tsvectors {vectors}, GIN index {index}; "
        f"{mentions:,} mentions of {entities:,} people and organizations"
    )


def placeholders(connection) -> dict[str, str]:
    """Filter values of the mix taken from the data: the biggest site, the most
    mentioned organization and person."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT site FROM articles_article WHERE site <> '' GROUP BY site ORDER BY count(*) DESC LIMIT 1"
        )
        found = {"TOP_SITE": (cursor.fetchone() or [""])[0]}
        for kind in ("organization", "person"):
            cursor.execute(
                "SELECT m.entity_id FROM articles_mention m JOIN articles_entity e ON e.id = m.entity_id"
                " WHERE e.kind = %s GROUP BY m.entity_id ORDER BY count(*) DESC LIMIT 1",
                [kind],
            )
            found[f"TOP_{kind.upper()}"] = str((cursor.fetchone() or [""])[0])
    return found


# --- measuring ----------------------------------------------------------------------------


def measure_api(rounds: int, values: dict[str, str]) -> list[tuple[str, str, int, list[float]]]:
    from django.test import Client

    client = Client()
    measured = []
    for label, query, extra in MIX:
        params = {"q": query, **{k: values.get(v, v) for k, v in extra.items()}}
        response = client.get("/api/search", params)  # warm-up
        assert response.status_code == 200, response.content[:300]
        total = response.json()["total"]
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            client.get("/api/search", params).json()
            times.append((time.perf_counter() - started) * 1000)
        shown = query + "".join(f" {k}={v}" for k, v in params.items() if k != "q")
        measured.append((label, shown, total, times))
        print(f"  {label:12} {shown:40} {total:>7,} stories  median {statistics.median(times):7.1f} ms")
    return measured


def measure_scan() -> dict[str, float]:
    from django.db.models import Q

    from articles.models import Article

    times = {}
    for word in SCAN_WORDS:
        matches = Article.objects.filter(Q(title__icontains=word) | Q(text__icontains=word))
        started = time.perf_counter()
        total = matches.count()
        list(matches.newest_first().values_list("id", "title")[:20])
        times[word] = (time.perf_counter() - started) * 1000
        print(f"  icontains scan {word:12} {total:>7,} articles {times[word]:9.1f} ms")
    return times


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(latencies, scans):
    every = [t for *_, times in latencies for t in times]
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\nGET /api/search over {len(latencies)} queries x {len(every) // len(latencies)} rounds")
    print(f"(machine load average {load} on {os.cpu_count()} cores; totals above 5,000 are sampled estimates):")
    for p in (50, 95, 99):
        print(f"  p{p}: {percentile(every, p):7.1f} ms")
    print(f"  max: {max(every):7.1f} ms")
    by_query = {}
    for _, shown, _, times in latencies:
        by_query.setdefault(shown.split(" ")[0].strip('"').lower(), statistics.median(times))
    pairs = [(scans[w], by_query[w]) for w in scans if w in by_query]
    scan_median = statistics.median(s for s, _ in pairs)
    search_median = statistics.median(q for _, q in pairs)
    print(
        f"same words, icontains scan vs search (medians over {len(pairs)} words): "
        f"{scan_median:.0f} ms vs {search_median:.1f} ms = {scan_median / search_median:.0f}x faster"
    )


if __name__ == "__main__":
    main()
