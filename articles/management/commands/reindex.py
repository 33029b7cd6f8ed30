"""Rebuild the search index of every article (or of the ids given)."""

from django.core.management.base import BaseCommand

from articles import search
from articles.models import Article


class Command(BaseCommand):
    help = "Rebuild the search index (tsvectors) of all articles, or of the given ids."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Only these article ids.")

    def handle(self, *args, ids, verbosity, **options):
        articles = Article.objects.filter(pk__in=ids) if ids else Article.objects.all()

        def report(done, total):
            if verbosity:
                self.stdout.write(f"indexed {done}/{total}")

        count = search.reindex(articles, report)
        self.stdout.write(self.style.SUCCESS(f"reindexed {count} articles"))
