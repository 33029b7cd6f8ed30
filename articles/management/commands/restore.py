from django.core.management.base import BaseCommand, CommandError

from newsarchive.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty database (and its media into MEDIA_ROOT)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by `manage.py backup`")

    def handle(self, *args, folder, **options):
        try:
            counts = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(f"{count} {table.removeprefix('articles_')}" for table, count in counts.items())
        self.stdout.write(f"restored from {folder}: {summary}")
