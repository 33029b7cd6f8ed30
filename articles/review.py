"""The admin's review of discovered entities and its guard on names: the queue's
accept / reject / merge-into, and the refusal of a name another entity already has.

Kept apart from admin.py so that each stays short; admin.py registers what is here.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Sum
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from articles.entities import editing, gazetteer
from articles.models import Entity, EntityKind
from articles.text import fold


def admin_url(entity, view: str = "change", *args) -> str:
    model = "person" if entity.kind == EntityKind.PERSON else "organization"
    return reverse(f"admin:articles_{model}_{view}", args=[entity.pk, *args])


def owner_of(name: str, entity=None) -> Entity | None:
    """Another entity that already has `name` as its name or a full alias (a shared
    surname, a `partial` alias, is no conflict: it counts only where it is unambiguous)."""
    entries = gazetteer.current().entries(fold(name.strip()))
    others = {e.entity_id for e in entries if not e.partial and (entity is None or e.entity_id != entity.pk)}
    return Entity.objects.filter(pk__in=others).order_by("pk").first()


def conflict_message(name: str, other: Entity, entity=None):
    """The refusal, naming the other entity and offering the merge (a link)."""
    kind = other.get_kind_display()
    if entity is None or entity.pk is None:
        return format_html(
            "“{}” is already a name of {} “{}”: add your names to it instead (<a href=\"{}\">open it</a>).",
            name, kind, other.name, admin_url(other),
        )  # fmt: skip
    if other.kind != entity.kind:
        return format_html(
            "“{}” is already a name of {} “{}” (<a href=\"{}\">open it</a>); a name cannot stand for both.",
            name, kind, other.name, admin_url(other),
        )  # fmt: skip
    return format_html(
        "“{}” is already a name of {} “{}”. <a href=\"{}\">Merge “{}” into “{}”</a> instead?",
        name, kind, other.name, admin_url(entity, "merge_with", other.pk), other.name, entity.name,
    )  # fmt: skip


class AliasFormSet(BaseInlineFormSet):
    """An alias another entity already has is refused: both would lose the mention."""

    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or data.get("partial") or not data.get("name", "").strip():
                continue
            other = owner_of(data["name"], self.instance if self.instance.pk else None)
            if other is not None:
                form.add_error("name", conflict_message(data["name"].strip(), other, self.instance))


class EntityForm(forms.ModelForm):
    """The canonical name is held to the same rule as the aliases."""

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        other = owner_of(name, self.instance if self.instance.pk else None)
        if other is not None:
            raise forms.ValidationError(conflict_message(name, other, self.instance))
        return name


class MergeIntoForm(forms.Form):
    target = forms.ModelChoiceField(queryset=Entity.objects.none(), label="Merge into")

    def __init__(self, kind, excluded, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Entity.objects.filter(kind=kind).exclude(pk__in=excluded).order_by("name")


class ReviewActions:
    """Accept, reject and merge-into, for the queue and the entity lists alike."""

    @admin.action(description="Accept: mark as reviewed")
    def accept(self, request, queryset):
        accepted = Entity.objects.filter(pk__in=[e.pk for e in queryset]).update(reviewed=True)
        self.message_user(request, f"{accepted} accepted.")

    @admin.action(description="Reject: block the name (the articles are re-linked)")
    def reject(self, request, queryset):
        count = editing.block(queryset)
        self.message_user(request, f"{count} rejected; their names are blocked and their articles re-linked.")

    @admin.action(description="Merge into an existing entity…")
    def merge_into(self, request, queryset):
        entities = list(queryset)
        kinds = {e.kind for e in entities}
        if len(kinds) != 1:
            self.message_user(request, "Select entities of one kind to merge.", messages.WARNING)
            return None
        form = MergeIntoForm(kinds.pop(), [e.pk for e in entities], request.POST if "apply" in request.POST else None)
        if form.is_valid():
            target = editing.merge(form.cleaned_data["target"], entities)
            self.message_user(request, f"Merged {len(entities)} into “{target.name}”; its articles were re-linked.")
            return redirect(admin_url(target))
        return self._confirm(request, "admin/articles/merge_into.html", entities, "merge_into", form=form)

    def merge_with(self, request, object_id, other_id):
        """The merge an alias conflict offers: `other` into this entity, after a confirmation."""
        entity = get_object_or_404(Entity, pk=object_id)
        other = get_object_or_404(Entity, pk=other_id, kind=entity.kind)
        if not self.has_change_permission(request, entity):
            return redirect("admin:index")
        if request.method == "POST":
            editing.merge(entity, [other])
            self.message_user(request, f"“{other.name}” merged into “{entity.name}”; its articles were re-linked.")
            return redirect(admin_url(entity))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "entity": entity, "other": other}
        return TemplateResponse(request, "admin/articles/merge_with.html", context)


def evidence_text(entity) -> str:
    """How discovery found it and how often: `lac, pattern · beside a cue · 3 articles, 7 mentions`."""
    found = entity.evidence or {}
    methods = ", ".join(found.get("methods", [])) or "finders"
    cue = "beside a cue" if found.get("cue") else "recurring, no cue"
    return f"{methods} · {cue} · {entity.article_count} articles, {entity.mention_total or 0} mentions"


def review_queryset(queryset):
    counts = {"article_count": Count("mentions"), "mention_total": Sum("mentions__count")}
    return queryset.filter(reviewed=False).annotate(**counts)
