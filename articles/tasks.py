"""Background work on the PostgreSQL task queue (procrastinate; why: docs/tasks.md).

Workers run with `manage.py procrastinate worker` (`make run` starts one beside the web
server). An import is queued as one job per file, so any number of workers share a batch
and a dead worker costs at most the file it held, which the stalled-job check gives to
another worker (articles/ingest/batches.py says why nothing is imported twice).
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from procrastinate.contrib.django import app

from articles.ingest import batches

IMPORT_QUEUE = "imports"


@app.task(name="import_file", queue=IMPORT_QUEUE)
def import_file(run_id: int, path: str, in_storage: bool = False) -> None:
    batches.import_queued(run_id, default_storage.path(path) if in_storage else path)


def enqueue_import(paths: list[str], arguments: str, user=None, folder: str = "", in_storage: bool = False):
    """Queue `paths` (files, or storage names when `in_storage`) as one run; return it.
    The run and its jobs are committed together: workers never see half a batch."""
    with transaction.atomic():
        run = batches.start_run(arguments, total=len(paths), user=user, folder=folder)
        jobs = [{"run_id": run.pk, "path": path, "in_storage": in_storage} for path in paths]
        if jobs:
            import_file.batch_defer(*jobs)
        else:
            batches.finish_if_complete(run.pk)
    return run


@app.periodic(cron=f"* * * * * */{settings.TASKS_STALLED_CHECK_SECONDS}")
@app.task(name="retry_stalled_jobs", queue="maintenance", queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context, timestamp: int) -> None:
    """Give the jobs of workers that stopped sending heartbeats (killed, their machine
    gone) back to the queue."""
    manager = context.app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=settings.TASKS_STALLED_SECONDS)
    for job in stalled:
        await manager.retry_job(job)
