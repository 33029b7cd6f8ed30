from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Archive"

    def ready(self):
        from articles.entities import signals  # noqa: F401  (aliases keep the gazetteer in step)
        from articles.search import signals as search_signals  # noqa: F401  (a saved article is re-indexed)
        from newsarchive import database

        database.install()  # an absurd stored date is read as the calendar's end, never a 500
