from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsarchive.accounts import WeakPassword, ensure_admin


class Command(BaseCommand):
    help = "Create the admin account if there is none (password from ADMIN_PASSWORD or generated)."

    def handle(self, *args, **options):
        import environ

        env = environ.Env()
        try:
            message = ensure_admin(
                username=env.str("ADMIN_USERNAME", default="admin"),
                password=env.str("ADMIN_PASSWORD", default="") or None,
                password_file=settings.VAR_DIR / "admin-password",
            )
        except WeakPassword as error:
            raise CommandError(str(error)) from None
        self.stdout.write(message)
