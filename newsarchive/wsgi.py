import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
django_application = get_wsgi_application()

from newsarchive.db_router import ReplicaReads  # noqa: E402 (needs the settings configured)

application = ReplicaReads(django_application)

# jieba, OpenCC and the gazetteer are loaded, and one search made, before the worker
# takes its first request, not during it.
from articles.search import warm_up  # noqa: E402  (needs the settings loaded above)

warm_up()
# What start-up loaded lives as long as the worker: frozen out of the garbage collector,
# a full collection no longer walks it (50-70 ms pauses on pages that allocate a lot,
# such as the directories, one request in ten; measured by bench/analysis.py).
gc.freeze()
