from django.core.management.base import BaseCommand

from articles.analysis.alerts import send_digests


class Command(BaseCommand):
    help = "Email each saved search's daily digest that is due (run it hourly or daily)."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"sent {sent} digest email{'s' if sent != 1 else ''}")
