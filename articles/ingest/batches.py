"""Queued imports: a batch of files that workers import one job per file (articles/tasks.py).

Any number of workers, on any machine that reaches the database, share one batch. A file
counts as done once its ImportRecord exists; the record is written in the file's own
transaction, so a worker killed at any moment leaves each file either whole (recorded)
or untouched, and a job run again after such a death skips a recorded file: no file is
imported twice and none is lost. The last file done closes the run.
"""

from django.db.models import Count
from django.utils import timezone

from articles.ingest.run import Outcome, import_file
from articles.models import ImportRecord, ImportRun

Status = ImportRecord.Status


def start_run(arguments: str, total: int, user=None, folder: str = "") -> ImportRun:
    return ImportRun.objects.create(arguments=arguments, total=total, user=user, folder=folder)


def import_queued(run_id: int, path: str) -> Outcome | None:
    """Import one file of a batch, unless a worker already did (then None)."""
    if ImportRecord.objects.filter(run_id=run_id, path=path).exists():
        finish_if_complete(run_id)
        return None
    outcome = import_file(path, run_id)
    finish_if_complete(run_id)
    return outcome


def counts(run_id: int) -> dict[str, int]:
    rows = ImportRecord.objects.filter(run_id=run_id).values_list("status").annotate(n=Count("id"))
    return {status: 0 for status in Status.values} | dict(rows)


def finish_if_complete(run_id: int) -> None:
    by_status = counts(run_id)
    done = sum(by_status.values())
    run = ImportRun.objects.filter(pk=run_id, finished_at__isnull=True, total__lte=done)
    # Two workers may finish the last files together: the first update wins, the other finds none.
    run.update(finished_at=timezone.now(), status=ImportRun.Status.FINISHED, stats=by_status)


def progress(run: ImportRun, after: int = 0) -> dict:
    """Where a run stands, and the outcomes of its files recorded after record `after`."""
    records = run.records.filter(pk__gt=after).order_by("pk").select_related("article")
    by_status = counts(run.pk)
    return {
        "run": run.pk,
        "total": run.total if run.total is not None else sum(by_status.values()),
        "done": sum(by_status.values()),
        "finished": run.finished_at is not None,
        "counts": by_status,
        "outcomes": [_outcome(run, record) for record in records[:500]],
    }


def display_name(run: ImportRun, path: str) -> str:
    """A file's name as its uploader knows it: without the folder it was kept in."""
    marker = f"/{run.folder}/" if run.folder else ""
    return path.split(marker, 1)[1] if marker and marker in path else path


def _outcome(run: ImportRun, record: ImportRecord) -> dict:
    return {
        "id": record.pk,
        "file": display_name(run, record.path),
        "status": record.status,
        "message": record.message,
        "article": record.article.get_absolute_url() if record.article else None,
    }
