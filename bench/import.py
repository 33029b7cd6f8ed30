"""Import benchmark: the benchmark corpus imported into a fresh database, beside jieba
alone segmenting the same texts on the same number of processes, in the same run.

    python bench/import.py [--workers N] [--limit N] [--background-sample N]

Prints articles/s, MB/s and peak memory (the summed resident memory of this process
and all its children — the import workers — sampled every 0.1 s with psutil, and the
largest child's peak from getrusage(RUSAGE_CHILDREN)). Targets: the import at ≥ 70 % of
the segmentation-only throughput, peak memory ≤ 1.5 GB. The cost of entity discovery:
the same import without it first (same run), and discovery's background pass (LAC)
timed on a sample of the imported articles. Targets: discovery at import ≤ +30 %.
"""

import argparse
import contextlib
import multiprocessing
import os
import resource
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

import django
import psutil

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wechat-security-2022-2024.tar.gz"
DATABASE = "bench_import"

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")


class PeakMemory:
    """The peak of this process's resident memory plus all its descendants'."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _sample(self):
        me = psutil.Process()
        while not self._stop.wait(0.1):
            total = 0
            for process in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a worker that just ended
                    total += process.memory_info().rss
            self.peak = max(self.peak, total)


def _segment_file(path: str) -> int:
    from articles.text import segment

    return len(segment(Path(path).read_text(encoding="utf-8", errors="replace")))


def segmentation_only(paths: list[str], workers: int) -> float:
    from articles.text import segment

    segment("预热")  # the dictionary is loaded once and inherited, as in the import
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        sum(pool.imap_unordered(_segment_file, paths, chunksize=8))
    return time.perf_counter() - started


def create_database() -> None:
    from django.db import connection, connections

    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    connections.close_all()
    connections["default"].settings_dict["NAME"] = DATABASE


def drop_database(original_name: str) -> None:
    from django.db import connection, connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = original_name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def import_once(selected, workers, original_name, methods, background_sample):
    """One import of `selected` into a fresh database with these discovery methods; then,
    when asked, discovery's background pass over a sample of its articles (timed apart)."""
    from django.conf import settings
    from django.core.management import call_command

    from articles.entities.editing import relink
    from articles.ingest.progress import Progress
    from articles.ingest.run import import_paths
    from articles.models import Article

    settings.ENTITY_DISCOVERY = methods
    create_database()
    try:
        call_command("migrate", verbosity=0)
        call_command("load_entities", verbosity=0)  # as `make run` does before importing
        with PeakMemory() as memory:
            started = time.perf_counter()
            summary = import_paths(
                [selected], workers=workers, progress=lambda total: Progress(sys.stderr, total, sys.stderr.isatty())
            )
            seconds = time.perf_counter() - started
        children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        background = None
        if background_sample:
            sample = list(Article.objects.order_by("?")[:background_sample])
            started = time.perf_counter()
            relink(sample, background=True)
            background = (len(sample), time.perf_counter() - started, sum(len(a.text) for a in sample))
    finally:
        drop_database(original_name)
    return summary, seconds, memory, children_peak, background


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--limit", type=int, default=0, help="only the first N files (a quick run)")
    parser.add_argument(
        "--background-sample", type=int, default=200, help="articles discovery's background pass is timed on"
    )
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: the benchmark corpus is absent ({CORPUS})")
        return 0

    django.setup()
    from django.conf import settings
    from django.db import connection

    from articles.ingest.run import expand

    with tempfile.TemporaryDirectory(prefix="bench_import_") as folder:
        with tarfile.open(CORPUS) as archive:
            archive.extractall(folder, filter="data")
        paths = list(expand([folder]))[: options.limit or None]
        megabytes = sum(os.path.getsize(p) for p in paths) / 1e6
        print(f"corpus: {len(paths)} files, {megabytes:.1f} MB, extracted from {CORPUS.name} to {folder}")
        print(f"machine: {os.cpu_count()} cores; {options.workers} processes for both measurements")

        # Measured before and after the import: the mean evens out a machine whose load
        # changes during the run.
        segmentation_before = segmentation_only(paths, options.workers)

        selected = Path(folder) / "selected"
        selected.mkdir()
        for index, path in enumerate(paths):
            os.link(path, selected / f"{index:05}_{Path(path).name}")
        original_name = connection.settings_dict["NAME"]
        methods = list(settings.ENTITY_DISCOVERY)
        # The same import without the discovery the import runs (its patterns), then with it.
        bare = import_once(selected, options.workers, original_name, [], 0)
        summary, import_seconds, memory, children_peak, background = import_once(
            selected, options.workers, original_name, methods, options.background_sample
        )
        segmentation_after = segmentation_only(paths, options.workers)
        segmentation_seconds = (segmentation_before + segmentation_after) / 2

    print()
    print(f"import:            {summary.line()}")
    reasons = {}
    for path, message in summary.rejected:
        reasons.setdefault(message.split(":")[0], []).append((path, message))
    for reason, files in sorted(reasons.items()):
        path, message = files[0]
        print(f"  rejected, {len(files)}× {reason} (e.g. {Path(path).name}: {message[:200]})")
    rows = [
        ("jieba alone, before", segmentation_before),
        ("jieba alone, after", segmentation_after),
        ("jieba alone, mean", segmentation_seconds),
        ("import, no discovery", bare[1]),
        ("whole import", import_seconds),
    ]
    for name, seconds in rows:
        print(f"{name:24} {seconds:7.1f} s  {len(paths) / seconds:7.1f} articles/s  {megabytes / seconds:6.2f} MB/s")
    ratio = segmentation_seconds / import_seconds
    print(f"import throughput = {ratio:.0%} of segmentation-only (mean of before and after; target ≥ 70 %)")
    cost = import_seconds / bare[1] - 1
    print(
        f"discovery at import ({', '.join(methods) or 'none'}): {bare[1]:.1f} s without, {import_seconds:.1f} s with "
        f"= {cost:+.0%} (target ≤ +30 %)"
    )
    if background:
        sampled, seconds, characters = background
        print(
            f"discovery's background pass ({', '.join(settings.ENTITY_BACKGROUND_DISCOVERY)}, discover_entities, "
            f"one process): {sampled} articles in {seconds:.1f} s = {sampled / seconds:.1f} articles/s, "
            f"{characters / seconds / 1000:.1f} k characters/s; the whole corpus at that rate: "
            f"{len(paths) / (sampled / seconds) / 60:.0f} min of one core, after the import"
        )
    print(
        f"peak memory: {memory.peak / 1e9:.2f} GB summed over this process and its workers "
        f"(largest single worker {children_peak / 1e9:.2f} GB) (target ≤ 1.5 GB)"
    )
    print(
        "how: segmentation-only = jieba (text.segment, the import's own segmenter) over each file's text, "
        "timed before and after the import, "
        f"{options.workers} processes; import = import_paths with the same number of workers into the fresh "
        f"database '{DATABASE}' (created, migrated, gazetteer loaded, dropped here); "
        "memory = resident set sizes summed (shared pages counted in each process, so an upper bound)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
