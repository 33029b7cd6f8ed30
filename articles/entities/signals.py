"""Keeping every process's view of the entity names current.

- An alias added, renamed or removed touches its entity's `updated_at`: that is how
  every process's gazetteer notices the change (see gazetteer.current).
- A web process that segments search queries teaches jieba the entity names first, as
  the import did when it indexed the articles, so that a query splits names the same way.
"""

import contextlib
import time

from django.core.signals import request_started
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.entities import gazetteer
from articles.models import Alias, Entity

SEGMENTING_PATHS = ("/search", "/api/search")
RECHECK_SECONDS = 5.0
_checked_at = [float("-inf")]


@receiver([post_save, post_delete], sender=Alias, dispatch_uid="alias-touches-entity")
def touch_entity(sender, instance, **kwargs):
    Entity.objects.filter(pk=instance.entity_id).update(updated_at=timezone.now())


@receiver(request_started, dispatch_uid="segmenter-knows-entity-names")
def teach_segmenter(sender, environ=None, **kwargs):
    path = (environ or {}).get("PATH_INFO", "")
    if path.startswith(SEGMENTING_PATHS) and time.monotonic() - _checked_at[0] > RECHECK_SECONDS:
        _checked_at[0] = time.monotonic()
        # Builds or refreshes the gazetteer, which teaches jieba. Outside any view, so a
        # database that is down must not raise here: the view meets it and answers 503.
        with contextlib.suppress(DatabaseError):
            gazetteer.current()
