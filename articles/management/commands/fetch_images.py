from django.core.management.base import BaseCommand, CommandError

from articles import images
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Download the images of articles into the archive's image store (MEDIA_ROOT/images/), so"
        " pages show them without loading anything from the source sites. Images already stored"
        " are skipped; re-run it to retry the failed ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, action="append", help="only this article (repeatable)")
        parser.add_argument("--strict", action="store_true", help="exit non-zero when an image could not be fetched")
        parser.add_argument(
            "--timeout", type=float, default=images.TIMEOUT_SECONDS, help="seconds to wait for one image"
        )

    def handle(self, *args, article, strict, timeout, verbosity, **options):
        articles = Article.objects.filter(pk__in=article) if article else Article.objects.all()

        def report(fetched):
            if fetched.status == "failed":
                self.stderr.write(f"failed {fetched.url}: {fetched.reason}")
            elif verbosity > 1:
                self.stdout.write(f"{fetched.status:7} {fetched.url}")

        counts = images.fetch_for(articles.order_by("pk"), report, timeout)
        self.stdout.write(
            f"images: {counts['stored']} stored, {counts['present']} already there, {counts['failed']} failed"
        )
        if strict and counts["failed"]:
            raise CommandError(f"{counts['failed']} image(s) could not be fetched (see above); run again to retry")
