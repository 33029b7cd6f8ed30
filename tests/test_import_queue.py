"""`import_articles --enqueue`: the files are queued as one run for the task workers,
which import each once; a job run again (after its worker died) changes nothing."""

import pytest
from django.core.management import CommandError
from django.db import connection

from articles.ingest import batches
from articles.models import Article, ImportRecord, ImportRun
from tests.paths import SEEDS
from tests.workers import clear_queue, run_queue_here

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_queue():
    clear_queue()
    yield
    clear_queue()


def queued_jobs() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo' AND task_name = 'import_file'")
        return cursor.fetchone()[0]


def test_enqueue_queues_one_job_a_file_and_the_workers_import_them(call):
    out, _ = call("import_articles", str(SEEDS), "--enqueue")
    run = ImportRun.objects.get()
    assert f"queued 5 files as import #{run.pk}" in out and f"/import/{run.pk}/" in out
    assert queued_jobs() == 5 and not Article.objects.exists()

    run_queue_here()

    run.refresh_from_db()
    assert run.finished_at is not None
    assert run.stats == {"new": 4, "duplicate": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    assert Article.objects.count() == 5 and queued_jobs() == 0


def test_a_file_already_recorded_in_its_run_is_not_imported_again(call):
    call("import_articles", str(SEEDS), "--enqueue")
    run_queue_here()
    run = ImportRun.objects.get()
    path = ImportRecord.objects.filter(run=run).first().path
    assert batches.import_queued(run.pk, path) is None
    assert ImportRecord.objects.filter(run=run, path=path).count() == 1


def test_enqueue_with_dry_run_is_refused(call):
    with pytest.raises(CommandError, match="--enqueue cannot be combined"):
        call("import_articles", str(SEEDS), "--enqueue", "--dry-run")
    assert not ImportRun.objects.exists()
