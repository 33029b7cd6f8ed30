"""Scaling benchmark: what the queue, a replica and a backup cost, measured on throw-away
PostgreSQL servers (a primary and a `pg_basebackup -R` replica from the embedded binaries).

    python bench/scaling.py [--files N]

1. The same N corpus files imported into fresh databases (copies of one migrated template):
   directly by `import_articles` in one process (the baseline), then through the queue by
   one worker and by two workers (`import_articles --enqueue`, workers started and
   registered first; the clock runs from the enqueue to the run's end).
2. How long the replica takes to show the last import (polled every 10 ms).
Wall times on a shared machine depend on its load (printed); the CPU seconds a file
(the importing processes' own, PostgreSQL's not counted) do much less.
3. Search latency through HTTP (gunicorn, 1 process), 10 queries × 5 rounds, first
   on the primary alone, then with the replica answering the reads.
4. `manage.py backup` and `manage.py restore` (into a fresh database) times and sizes.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "wechat-security-2022-2024.tar.gz"
QUERIES = ["漏洞", "微软", "勒索软件", "Cisco", "零日 漏洞", '"远程代码执行"', "CVE", "补丁 -微软", "谷歌", "数据泄露"]

import psutil  # noqa: E402

from tests.clusters import Clusters  # noqa: E402


def manage(env, *args, check=True):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def environment(primary, database, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    env.update({"DATABASE_URL": primary.url(database), "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "ERROR"})
    env.update(extra)
    return env


def start(arguments, env, log_path) -> subprocess.Popen:
    with open(log_path, "wb") as log:
        return subprocess.Popen([sys.executable, *arguments], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def timed_import_direct(primary, database, folder):
    """(wall seconds, CPU seconds of the importing process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    manage(environment(primary, database), "import_articles", str(folder), "--no-progress", check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - started, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def cpu_seconds(processes) -> float:
    return sum(sum(psutil.Process(p.pid).cpu_times()[:2]) for p in processes)


def timed_import_queued(primary, database, folder, workers, logs):
    env = environment(primary, database)
    worker = ["manage.py", "procrastinate", "worker"]
    processes = [start(worker, env, logs / f"{database}-{n}.log") for n in range(workers)]
    with primary.connect(database) as conn:
        while conn.execute("SELECT count(*) FROM procrastinate_workers").fetchone()[0] < workers:
            time.sleep(0.1)
        idle_cpu = cpu_seconds(processes)  # started and registered: Django, jieba's dictionary
        started = time.perf_counter()
        manage(env, "import_articles", str(folder), "--enqueue")
        while not conn.execute("SELECT finished_at FROM articles_importrun ORDER BY id DESC LIMIT 1").fetchone()[0]:
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        busy_cpu = cpu_seconds(processes) - idle_cpu
    for process in processes:
        process.terminate()
        process.wait(30)
    return seconds, busy_cpu


def latencies(base):
    figures = []
    for _ in range(5):
        for query in QUERIES:
            started = time.perf_counter()
            with urllib.request.urlopen(f"{base}/api/search?q={quote(query)}", timeout=60) as response:
                json.load(response)
            figures.append((time.perf_counter() - started) * 1000)
    figures.sort()
    return statistics.median(figures), figures[int(len(figures) * 0.95) - 1]


def serve_and_time(env, port, logs, name):
    gunicorn = ["-m", "gunicorn", "newsarchive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    web = start(gunicorn, env, logs / f"web-{name}.log")
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/search?q=" + quote("预热"), timeout=30).read()
                break
            except OSError:
                time.sleep(0.2)
        return latencies(base)
    finally:
        web.terminate()
        web.wait(30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=300)
    options = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"the benchmark corpus is absent ({CORPUS}); nothing measured")
    clusters = Clusters()
    work = Path(tempfile.mkdtemp(prefix="newsarchive-bench-scaling-"))
    try:
        folder = work / "files"
        folder.mkdir()
        with tarfile.open(CORPUS) as archive:
            members = sorted((m for m in archive.getmembers() if m.isfile()), key=lambda m: m.name)[: options.files]
            for member in members:
                (folder / f"{len(list(folder.iterdir())):05d}.md").write_bytes(archive.extractfile(member).read())
        megabytes = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        load = os.getloadavg()[0]
        print(f"{options.files} files ({megabytes:.1f} MB) from {CORPUS.name}; {os.cpu_count()} cores, load {load:.1f}")
        primary = clusters.new("primary").init().start()
        with primary.connect("postgres") as conn:
            conn.execute("CREATE DATABASE template_db")
        manage(environment(primary, "template_db"), "migrate", "--noinput", "-v0")
        manage(environment(primary, "template_db"), "load_entities")
        with primary.connect("postgres") as conn:
            for name in ("direct", "queue1", "queue2"):
                conn.execute(f"CREATE DATABASE {name} TEMPLATE template_db")
        replica = clusters.new("replica").copy_of(primary).start()

        direct, direct_cpu = timed_import_direct(primary, "direct", folder)
        print(
            f"import_articles, 1 process (baseline): {direct:.1f} s, {options.files / direct:.1f} files/s, "
            f"{direct_cpu * 1000 / options.files:.0f} ms CPU a file (process start included)"
        )
        for workers in (1, 2):
            seconds, cpu = timed_import_queued(primary, f"queue{workers}", folder, workers, work)
            print(
                f"queue, {workers} worker(s): {seconds:.1f} s, {options.files / seconds:.1f} files/s "
                f"({direct / seconds:.0%} of the baseline's speed), {cpu * 1000 / options.files:.0f} ms CPU a file"
            )
        with primary.connect("queue2") as conn:
            conn.execute("CREATE TABLE lag_probe (at timestamptz)")
            started = time.perf_counter()
            conn.execute("INSERT INTO lag_probe VALUES (now())")
        with replica.connect("queue2") as conn:
            while True:
                try:
                    if conn.execute("SELECT count(*) FROM lag_probe").fetchone()[0]:
                        break
                except Exception:  # the table itself has not arrived yet
                    pass
                time.sleep(0.01)
            lag = time.perf_counter() - started
            count = conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]
        print(f"replica: a committed write visible after {lag * 1000:.0f} ms; it holds all {count} articles")

        env = environment(primary, "queue2", ALLOWED_HOSTS="127.0.0.1")
        p50, p95 = serve_and_time(env, 18731, work, "primary")
        print(f"search over HTTP, primary only: p50 {p50:.0f} ms, p95 {p95:.0f} ms")
        p50, p95 = serve_and_time({**env, "DATABASE_REPLICA_URLS": replica.url("queue2")}, 18732, work, "replica")
        print(f"search over HTTP, reads on the replica: p50 {p50:.0f} ms, p95 {p95:.0f} ms")

        started = time.perf_counter()
        manage(environment(primary, "queue2", MEDIA_ROOT=str(work / "media")), "backup", str(work / "backup"))
        backup_seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in (work / "backup").rglob("*") if p.is_file()) / 1e6
        with primary.connect("postgres") as conn:
            conn.execute("CREATE DATABASE restored")
        started = time.perf_counter()
        manage(environment(primary, "restored", MEDIA_ROOT=str(work / "media2")), "restore", str(work / "backup"))
        print(f"backup: {backup_seconds:.1f} s, {size:.1f} MB; restore: {time.perf_counter() - started:.1f} s")
    finally:
        clusters.close()
        subprocess.run(["rm", "-rf", str(work)])


if __name__ == "__main__":
    main()
