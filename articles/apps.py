from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Archive"

    def ready(self):
        from django.db.models.signals import post_save

        from articles import search
        from articles.models import Article

        # Every save re-indexes the article once it commits: import, admin, scripts alike.
        post_save.connect(search.index_after_save, sender=Article, dispatch_uid="search-index")

        from articles.entities import signals  # noqa: F401  (aliases keep the gazetteer in step)
        from newsarchive import database

        database.install()  # an absurd stored date is read as none, never a 500
