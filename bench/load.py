"""Search under load: gunicorn on loopback, 32 concurrent clients, for a bounded time.

    .venv/bin/python bench/load.py [--database bench_search] [--clients 32] [--seconds 60] [--think 2]

Needs a benchmark database (`make bench-search` builds bench_search: 100k articles;
bench_ranking, the corpus as imported, works too). The server is started here exactly as
`make run` starts it (gunicorn, 3 workers) with DATABASE_URL pointing at that database.

1. First search after start: a server with one worker is started; once it answers a
   page, the first GET /api/search is timed, then the same request again (warm). The
   baseline, in the same run: a fresh Python process without the start-up warm-up
   (`search.warm_up`) timing its first search through Django's test client, which is what
   every worker paid before (cold jieba and OpenCC).
2. Load: `--clients` threads, each a reader who sends a search of the bench-search mix
   (full JSON: facets, snippets, entity card), reads the answer, waits `--think` seconds
   (uniformly 0.5x to 1.5x, so the clients do not march in step) and goes on, for
   `--seconds`. Every answer that is not a 200 with JSON, and every failed connection or
   timeout (10 s), is an error. The same mix sent by one client with no wait, just before,
   is the baseline.
Targets (issue 18): first search <= 150 ms; under load p95 <= 250 ms with 0 errors.
"""

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
FIRST_QUERY = "远程代码执行 微软"


def main():
    options = parse_args()
    import django

    django.setup()
    from database import use_database
    from django.db import connection

    use_database(options.database)
    requests = mix(connection)
    url = database_url(connection.settings_dict)
    cold = cold_first_search(options.database)
    with server(url, workers=1) as base:
        path = "/api/search?" + urllib.parse.urlencode({"q": FIRST_QUERY})
        first, warm = time_get(base, path), time_get(base, path)
    print(f"first search after start {first[0]:.0f} ms (then {warm[0]:.0f} ms warm); ", end="")
    print(f"baseline, a process without the warm-up: {cold:.0f} ms")
    with server(url, workers=3) as base:
        alone = [time_get(base, path)[0] for path in requests for _ in range(2)]
        latencies, errors = load(base, requests, options)
    report(alone, latencies, errors, options)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="bench_search")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds a reader waits between searches")
    return parser.parse_args()


def mix(connection) -> list[str]:
    """The bench-search mix as request paths, its placeholders filled from the data."""
    from search import MIX, placeholders

    values = placeholders(connection)
    paths = []
    for _, query, extra in MIX:
        params = {"q": query, **{k: values.get(v, v) for k, v in extra.items()}}
        paths.append("/api/search?" + urllib.parse.urlencode(params))
    return paths


def database_url(settings) -> str:
    host = urllib.parse.quote(settings["HOST"], safe="")
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{urllib.parse.quote(settings['USER'])}@{host}{port}/{settings['NAME']}"


def cold_first_search(database: str) -> float:
    """ms of the first search in a fresh process that skips the warm-up (how it was)."""
    script = (
        "import time, django; django.setup()\n"
        "from django.conf import settings; from django.db import connection\n"
        f"connection.settings_dict['NAME'] = {database!r}; settings.ALLOWED_HOSTS += ['testserver']\n"
        "from django.test import Client; client = Client(); client.get('/about/')\n"
        f"started = time.perf_counter(); client.get('/api/search', {{'q': {FIRST_QUERY!r}}})\n"
        "print((time.perf_counter() - started) * 1000)\n"
    )
    found = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(found.stdout.split()[-1])


class server:
    """gunicorn serving the archive on a free loopback port, stopped on exit."""

    def __init__(self, database_url: str, workers: int):
        self.env = {**os.environ, "DATABASE_URL": database_url, "CONN_MAX_AGE": "60"}
        self.workers = workers

    def __enter__(self) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [gunicorn, "newsarchive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(self.workers)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/about/", timeout=5).read()
                return base
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        sys.exit("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def time_get(base: str, path: str) -> tuple[float, bool]:
    """(ms, whether it was a 200 with JSON)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            ok = response.status == 200 and "total" in json.loads(response.read())
    except (OSError, ValueError):
        ok = False
    return (time.perf_counter() - started) * 1000, ok


def load(base: str, requests: list[str], options) -> tuple[list[float], int]:
    latencies, errors, lock = [], [0], threading.Lock()
    stop_at = time.monotonic() + options.seconds

    def reader(seed: int):
        rng = random.Random(seed)
        time.sleep(rng.uniform(0, options.think))  # readers arrive over a while, not at once
        while time.monotonic() < stop_at:
            elapsed, ok = time_get(base, rng.choice(requests))
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok
            time.sleep(options.think * rng.uniform(0.5, 1.5))

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(options.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(alone, latencies, errors, options):
    def figures(values):
        return ", ".join(f"p{p} {percentile(values, p):.0f} ms" for p in (50, 95, 99)) + f", max {max(values):.0f} ms"

    print(f"one client, no wait (baseline): {len(alone)} searches: {figures(alone)}")
    rate = len(latencies) / options.seconds
    print(
        f"{options.clients} clients, {options.think:g} s mean wait, {options.seconds:g} s: {len(latencies)} searches "
        f"({rate:.1f}/s), {errors} errors: {figures(latencies)}"
    )
    print(f"(load average {', '.join(f'{n:.1f}' for n in os.getloadavg())} on {os.cpu_count()} cores)")
    print(f"median alone {statistics.median(alone):.0f} ms")


if __name__ == "__main__":
    main()
