from django.core.management.base import BaseCommand, CommandError

from articles.ingest import import_paths


class Command(BaseCommand):
    help = "Import article files (files, folders and globs) into the archive."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, folders (recursive) or globs")

    def handle(self, *args, **options):
        paths = options["paths"]

        def report(path, status, message):
            if status == "rejected":
                self.stderr.write(f"rejected {path}: {message}")
            elif options["verbosity"] > 1:
                self.stdout.write(f"{status:9} {path}")

        summary = import_paths(paths, report=report)
        counts = ", ".join(f"{n} {status}" for status, n in summary.counts.items())
        self.stdout.write(f"{summary.read} files read: {counts}")
        if summary.rejected:
            raise CommandError(f"{len(summary.rejected)} file(s) rejected")
