import os
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.urls import reverse

from articles.ingest.progress import Progress
from articles.ingest.run import Status, expand, import_paths
from articles.tasks import enqueue_import
from newsarchive.database import is_connection_error


class Command(BaseCommand):
    help = (
        "Import article files (files, folders and globs; any supported format and encoding). Exits"
        " non-zero when this run rejected a file that no earlier run had rejected as it is"
        " (--strict: when any file is rejected)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, folders (recursive) or globs")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help=f"processes that share the work (this machine has {os.cpu_count()} cores)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="import everything, then roll it all back: the same counts, nothing stored (in one process)",
        )
        parser.add_argument(
            "--strict", action="store_true", help="fail on any rejected file, even one rejected before (for CI)"
        )
        parser.add_argument(
            "--force", action="store_true", help="parse unchanged files again (after the importer improved)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the files for the workers (make run starts one) instead of importing them here",
        )

    def handle(self, *args, paths, workers, dry_run, strict, force, no_progress, enqueue, verbosity, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        if enqueue:
            if dry_run or force:
                raise CommandError("--enqueue cannot be combined with --dry-run or --force")
            files = list(expand(paths))
            run = enqueue_import(files, arguments=" ".join(paths))
            self.stdout.write(f"queued {len(files)} files as import #{run.pk}; progress at /import/{run.pk}/")
            return

        def report(outcome):
            if outcome.status == Status.REJECTED:
                self.stderr.write(f"rejected {outcome.path}: {outcome.message}")
            elif verbosity > 1:
                note = f" ({outcome.message})" if outcome.message else ""
                self.stdout.write(f"{outcome.status:9} {outcome.path}{note}")

        def progress(total):
            stream = self.stderr._out
            return Progress(stream, total, interactive=stream.isatty())

        # A kill (SIGTERM) ends the run as Ctrl-C does: the run is marked interrupted.
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            summary = import_paths(
                paths,
                workers=workers,
                dry_run=dry_run,
                force=force,
                report=report,
                progress=None if no_progress or verbosity == 0 else progress,
            )
        except DatabaseError as error:
            if is_connection_error(error):  # down before the first file: nothing was imported
                raise CommandError(f"the database cannot be reached, nothing was imported: {error}") from None
            raise
        prefix = "dry run, nothing stored: " if dry_run else ""
        self.stdout.write(prefix + summary.line())
        if summary.stopped:
            self.stderr.write(summary.stop_note())
            raise CommandError("the import stopped: the database is unavailable")
        if summary.run_id:
            url = records_url(summary.run_id, rejected_only=bool(summary.rejected))
            self.stdout.write(f"What happened to each file: the admin's import records, {url}")
        failed = len(summary.rejected) if strict else summary.newly_rejected
        if failed:
            again = "" if strict or not summary.rejected_before else f" (and {summary.rejected_before} as before)"
            raise CommandError(f"{failed} file(s) rejected{again}")


def records_url(run_id: int, rejected_only: bool) -> str:
    """The admin's list of one run's import records (its rejections, when there are some)."""
    path = reverse("admin:articles_importrecord_changelist")
    return f"{settings.SITE_URL}{path}?run__id__exact={run_id}" + ("&status__exact=rejected" if rejected_only else "")
