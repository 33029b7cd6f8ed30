import sys
import time

from django.core.management.base import BaseCommand

from articles.entities.editing import relink
from articles.models import Article, Entity


class Command(BaseCommand):
    help = (
        "Discovery's background pass: the slow methods (settings.ENTITY_BACKGROUND_DISCOVERY, LAC by default) "
        "read the articles they have not read yet, and the articles are linked again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=200, help="articles read from the database at a time")
        parser.add_argument("--all", action="store_true", help="every article, read before or not")

    def handle(self, *args, **options):
        articles = Article.objects.order_by("pk")
        if not options["all"]:
            articles = articles.filter(tagged_at__isnull=True)
        total = articles.count()
        before = Entity.objects.count()
        started = time.monotonic()

        def progress(done):
            if done % options["batch"] == 0 or done == total:
                self._progress(done, total, started)

        done = relink(articles.iterator(chunk_size=options["batch"]), each=progress, background=True)
        self.stdout.write(
            f"{done} articles linked in {time.monotonic() - started:.1f}s; "
            f"{Entity.objects.count() - before} new entities ({Entity.objects.count()} in all)"
        )

    def _progress(self, done, total, started):
        rate = done / max(time.monotonic() - started, 1e-9)
        line = f"{done}/{total} articles ({rate:.0f}/s)"
        if sys.stdout.isatty():
            self.stdout.write(f"\r{line}", ending="")
            if done == total:
                self.stdout.write("")
        else:
            self.stdout.write(line)
