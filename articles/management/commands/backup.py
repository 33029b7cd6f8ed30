from django.core.management.base import BaseCommand, CommandError

from newsarchive.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the archive into DIR: a consistent database dump and the media folder (uploads, originals)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a new or empty folder")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{count} {table.removeprefix('articles_')}" for table, count in manifest["counts"].items())
        self.stdout.write(f"backed up to {folder}: {counts}; {manifest['media_files']} media files")
