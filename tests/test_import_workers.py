"""Two task workers share one queued batch: every file is imported once, and when one
worker is killed in the middle of a file, that file is not lost (the stalled-job check
gives it to the living worker)."""

import signal
import time
from collections import Counter

import pytest
from django.db import connection

from articles.models import Article, ImportRecord, ImportRun
from articles.tasks import enqueue_import
from tests.workers import clear_queue, start_worker, stop, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
FILES = 60
# Fast heartbeats, so the test sees a dead worker's job come back within seconds.
QUICK = {"TASKS_HEARTBEAT_SECONDS": 0.5, "TASKS_STALLED_SECONDS": 2, "TASKS_STALLED_CHECK_SECONDS": 1}


def write_articles(folder) -> list[str]:
    paths = []
    for number in range(FILES):
        path = folder / f"{number:03d}.md"
        companies = ["智谱", "月之暗面", "百川智能", "零一万物", "阶跃星辰", "深度求索"]
        body = "\n\n".join(
            f"第{number}篇第{part}段：{companies[(number + part) % 6]}在{2020 + part}年"
            f"发布了第{number * 7 + part}代模型，参数规模达到{number * 13 + part}亿。"
            for part in range(12)
        )
        path.write_text(f"---\ntitle: 测试报道 {number}\ndate: 2025-01-{number % 28 + 1:02d}\n---\n\n{body}\n")
        paths.append(str(path))
    return paths


def workers() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM procrastinate_workers")
        return {row[0] for row in cursor.fetchall()}


def jobs_of(worker_id: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM procrastinate_jobs WHERE status = 'doing' AND worker_id = %s", [worker_id])
        return [row[0] for row in cursor.fetchall()]


def job(job_id: int) -> tuple[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, attempts FROM procrastinate_jobs WHERE id = %s", [job_id])
        return cursor.fetchone()


def frozen_holding(process, worker_id: int) -> list[int]:
    """Freeze the worker and return the jobs it holds; thaw it when it holds none. (Read
    while it runs, a job could finish between the look and the kill. A statement it sent
    just before the freeze still runs in PostgreSQL: the pause lets it end first, or a job
    read as held could be finished by the frozen worker after all.)"""
    process.send_signal(signal.SIGSTOP)
    time.sleep(0.3)
    held = jobs_of(worker_id)
    if not held:
        process.send_signal(signal.SIGCONT)
    return held


@pytest.fixture
def two_workers(tmp_path):
    clear_queue()
    started = []

    def start(name):
        before = workers()
        # Finished jobs are kept here, so the test can read how each one ended.
        started.append(start_worker(tmp_path / f"{name}.log", "--delete-jobs", "never", **QUICK))
        return wait_for(lambda: workers() - before, timeout=60, what=f"worker {name} to start").pop()

    yield start, started
    for process in started:
        stop(process)
    clear_queue()


def test_two_workers_import_one_batch_once_and_lose_nothing_when_one_is_killed(tmp_path, two_workers):
    start, processes = two_workers
    first = start("first")
    start("second")
    paths = write_articles(tmp_path)
    run = enqueue_import(paths, arguments="two workers")

    held = wait_for(
        lambda: ImportRecord.objects.filter(run=run).count() >= FILES // 4 and frozen_holding(processes[0], first),
        timeout=60,
        every=0.02,
        what="the first worker to hold a job a quarter into the batch",
    )
    processes[0].send_signal(signal.SIGKILL)  # no chance to finish or hand back its job
    processes[0].wait()

    wait_for(lambda: ImportRun.objects.get(pk=run.pk).finished_at, timeout=60, what="the batch to finish")
    per_path = Counter(ImportRecord.objects.filter(run=run).values_list("path", flat=True))
    assert sorted(per_path) == sorted(paths)
    assert set(per_path.values()) == {1}, "a file was imported twice"
    assert Article.objects.count() == FILES
    assert sorted(Article.objects.values_list("source_path", flat=True)) == sorted(paths)
    # The job the dead worker held was handed to the other one and ran again (its file
    # may have landed before the kill: then the batch can finish before the retry).
    # Handed back it is "todo" again until the living worker takes it: wait for an end.
    wait_for(lambda: job(held[0])[0] not in ("todo", "doing"), timeout=60, what="the dead worker's job to be retried")
    status, attempts = job(held[0])
    assert (status, attempts) == ("succeeded", 2)
