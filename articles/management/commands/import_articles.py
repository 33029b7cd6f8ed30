import os
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from articles.ingest.progress import Progress
from articles.ingest.run import Status, import_paths
from newsarchive.database import is_connection_error


class Command(BaseCommand):
    help = "Import article files (files, folders and globs; any supported format and encoding)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, folders (recursive) or globs")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help=f"processes that share the work (this machine has {os.cpu_count()} cores)",
        )
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, store nothing")
        parser.add_argument(
            "--force", action="store_true", help="parse unchanged files again (after the importer improved)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")

    def handle(self, *args, paths, workers, dry_run, force, no_progress, verbosity, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1")

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
        if summary.rejected:
            raise CommandError(f"{len(summary.rejected)} file(s) rejected")
