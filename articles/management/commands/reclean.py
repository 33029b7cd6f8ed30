from django.core.management.base import BaseCommand

from articles.ingest.progress import Progress
from articles.ingest.reclean import reclean


class Command(BaseCommand):
    help = (
        "Learn the boilerplate templates from the archive, then clean again (from their original bytes) "
        "the articles cleaned with other rules or templates. Incremental and idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")

    def handle(self, *args, no_progress, verbosity, **options):
        def progress(total):
            self.stdout.write(f"{total} article(s) to clean again")
            stream = self.stderr._out
            return Progress(stream, total, interactive=stream.isatty())

        outcome = reclean(progress=None if no_progress or verbosity == 0 else progress)
        for pk, reason in outcome.unreadable:
            self.stderr.write(f"article {pk} not cleaned again: {reason}")
        self.stdout.write(
            f"{outcome.templates} templates learnt; {outcome.recleaned} of {outcome.stale} article(s) "
            f"cleaned again, {outcome.changed} with a different text"
        )
