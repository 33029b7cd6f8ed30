"""The index follows every save of an article: import, admin, scripts alike."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article
from articles.search import index


@receiver(post_save, sender=Article, dispatch_uid="search-index")
def index_after_save(sender, instance, update_fields=None, **kwargs):
    """Index the article once its transaction commits (mentions and admin inlines are
    saved by then). Skipped when the save touched no indexed field or when the object was
    already indexed with the same content."""
    if update_fields is not None and not {"title", "text"} & set(update_fields):
        return

    def index_if_stale():
        if not index.is_current(instance):
            index.index_article(instance)

    transaction.on_commit(index_if_stale)
