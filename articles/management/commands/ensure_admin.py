from django.conf import settings
from django.core.management.base import BaseCommand

from newsarchive.accounts import ensure_admin


class Command(BaseCommand):
    help = "Create the admin account if there is none (password from ADMIN_PASSWORD or generated)."

    def handle(self, *args, **options):
        import environ

        env = environ.Env()
        message = ensure_admin(
            username=env.str("ADMIN_USERNAME", default="admin"),
            password=env.str("ADMIN_PASSWORD", default="") or None,
            password_file=settings.VAR_DIR / "admin-password",
        )
        self.stdout.write(message)
