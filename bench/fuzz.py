"""Fuzz run: many thousands of generated GET requests over every address and parameter of
the site, counting the answers by status; any 5xx is listed, and the run fails.

    python bench/fuzz.py [--requests N] [--seed S]

Method: a database of its own (`bench_fuzz` on the same PostgreSQL server), migrated,
with the gazetteer and the seed articles imported the way `make run` does, plus the first
files of the benchmark corpus when it is there (more sources, dates and entities for the
filters to meet). Requests go through Django's test client in this process — the whole
stack (middleware, URL routing, views, templates, the real database) without a socket.
Every other pass over the addresses is signed in as a staff user, so that saved searches,
uploads and originals answer rather than redirect to the login. Each request takes one
address of tests/request_space.py (ids that exist, or any number) and up to five
parameters, each a known parameter name or a random one, each value one of the values that
once broke a page (NASTY_VALUES) or random text, numbers or dates, from a seeded random
generator: a run is repeatable. Feeds that answer 200 are parsed as XML.
"""

import argparse
import logging
import os
import random
import sys
import tarfile
import tempfile
import time
import xml.dom.minidom
from collections import Counter
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wechat-security-2022-2024.tar.gz"
DATABASE = "bench_fuzz"
CORPUS_FILES = 300

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
# The 500 page is rendered from the collected static files' manifest otherwise.
os.environ.setdefault("DEBUG", "false")


def random_text(chance: random.Random) -> str:
    alphabet = "aZ09 -_.:/?&=%#'\"<>\\奥特曼漏洞的。，\x00\x01\x0b\ufffe😀\u202e"
    if chance.random() < 0.2:  # any code point a URL can carry
        return "".join(
            chr(chance.choice([chance.randrange(32, 0xD800), chance.randrange(0xE000, 0x110000)]))
            for _ in range(chance.randrange(1, 12))
        )
    return "".join(chance.choice(alphabet) for _ in range(chance.randrange(0, 30)))


def random_value(chance: random.Random, nasty: list[str]) -> str:
    kind = chance.random()
    if kind < 0.45:
        return chance.choice(nasty)
    if kind < 0.65:
        return str(chance.randrange(-(10**12), 10**21))
    if kind < 0.8:
        return f"{chance.randrange(0, 10000):04}-{chance.randrange(0, 14):02}-{chance.randrange(0, 33):02}"
    return random_text(chance)


def requests(count: int, seed: int, ids: dict):
    """(url, params, signed_in) triples: every address in turn, with generated parameters;
    every other pass over the addresses signed in as staff."""
    from tests.request_space import GET_URLS, NASTY_VALUES, PARAMETERS, address

    chance = random.Random(seed)
    for n in range(count):
        template = GET_URLS[n % len(GET_URLS)]
        any_id = chance.choice(["0", "1", str(chance.randrange(10**12)), "99999999999999999999"])
        text = "".join(chance.choice("abcxyz0129-_.~") for _ in range(chance.randrange(1, 10)))
        params = {}
        for _ in range(chance.randrange(0, 6)):
            name = chance.choice(PARAMETERS) if chance.random() < 0.85 else random_text(chance)
            params[name] = random_value(chance, NASTY_VALUES)
        yield address(template, ids, any_id, text), params, (n // len(GET_URLS)) % 2 == 1


def build_database(folder: str) -> None:
    from django.core.management import call_command
    from django.db import connection, connections

    from articles.ingest import import_paths

    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    connections.close_all()
    connections["default"].settings_dict["NAME"] = DATABASE
    call_command("migrate", verbosity=0)
    call_command("load_entities", verbosity=0)
    import_paths([ROOT / "data" / "seeds"])
    if CORPUS.exists():
        with tarfile.open(CORPUS) as archive:
            members = [m for m in archive.getmembers() if m.isfile()][:CORPUS_FILES]
            archive.extractall(folder, members=members, filter="data")
        import_paths([folder], workers=os.cpu_count() or 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=12_000)
    parser.add_argument("--seed", type=int, default=13)
    options = parser.parse_args()
    django.setup()
    from django.conf import settings
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles.models import Article
    from tests.request_space import GET_URLS, example_ids, is_feed, staff

    # Every 404 and 400 would be a log line; the 5xx are counted and listed below.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    original_name = connection.settings_dict["NAME"]
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    setup_test_environment()
    with tempfile.TemporaryDirectory(prefix="bench_fuzz_") as folder:
        build_database(folder)
    try:
        ids = example_ids()
        print(f"database {DATABASE}: {Article.objects.count()} articles; ids used: {ids}")
        print(f"{len(GET_URLS)} addresses; {options.requests} requests, seed {options.seed}")
        clients = {False: Client(raise_request_exception=False), True: Client(raise_request_exception=False)}
        clients[True].force_login(staff())
        statuses, server_errors, bad_feeds = Counter(), [], []
        started = time.perf_counter()
        for url, params, signed_in in requests(options.requests, options.seed, ids):
            response = clients[signed_in].get(url, params)
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                server_errors.append((response.status_code, url + (" (staff)" if signed_in else ""), params))
            elif is_feed(url) and response.status_code == 200:
                try:
                    xml.dom.minidom.parseString(response.content)
                except Exception as error:  # any parser error is a finding
                    bad_feeds.append((url, params, str(error)))
        seconds = time.perf_counter() - started
    finally:
        connections.close_all()
        connections["default"].settings_dict["NAME"] = original_name
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")

    total = sum(statuses.values())
    print(f"sent {total} requests in {seconds:.0f} s ({total / seconds:.0f}/s)")
    print("answers by status: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
    print(f"5xx: {len(server_errors)}; feeds that were not well-formed XML: {len(bad_feeds)}")
    for code, url, params in server_errors[:20]:
        print(f"  {code} {url} {params!r}"[:300])
    for url, params, error in bad_feeds[:20]:
        print(f"  bad XML {url} {params!r}: {error}"[:300])
    return 1 if server_errors or bad_feeds else 0


if __name__ == "__main__":
    sys.exit(main())
