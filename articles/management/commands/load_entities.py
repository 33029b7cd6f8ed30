from django.core.management.base import BaseCommand

from articles.entities.loading import DEFAULT_PATH, load_gazetteer


class Command(BaseCommand):
    help = "Load the gazetteer of people and organizations (idempotent: run it as often as you like)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help="a YAML file like data/entities.yaml")

    def handle(self, *args, **options):
        summary = load_gazetteer(options["path"])
        self.stdout.write(
            f"entities: {summary.created} new, {summary.aliases} aliases added, {summary.unchanged} unchanged"
        )
