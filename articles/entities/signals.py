"""An alias added, renamed or removed touches its entity's `updated_at`: that is how
every process's gazetteer notices the change (see gazetteer.current)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Alias, Entity


@receiver([post_save, post_delete], sender=Alias, dispatch_uid="alias-touches-entity")
def touch_entity(sender, instance, **kwargs):
    Entity.objects.filter(pk=instance.entity_id).update(updated_at=timezone.now())
