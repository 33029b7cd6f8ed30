import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
django_application = get_wsgi_application()

from newsarchive.db_router import ReplicaReads  # noqa: E402 (needs the settings configured)

application = ReplicaReads(django_application)
