"""The admin. Editors correct people and organizations here; every edit that changes a
name re-links the articles it touches and refreshes their search index
(articles.entities.editing). Entity pages are open to every staff member."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.entities import editing
from articles.ingest.markup import from_paragraphs, sanitise
from articles.models import (
    Alias,
    Article,
    BlockedName,
    Entity,
    ImportRecord,
    ImportRun,
    Mention,
    MergedEntity,
    Organization,
    Person,
)
from articles.text import fold


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "site", "publisher", "source_file"]
    list_filter = ["script", "site"]
    search_fields = ["title", "source_path"]
    date_hierarchy = "published_at"
    exclude = ["search_text"]
    readonly_fields = ["source_path", "file_hash", "fingerprint", "canonical", "imported_at", "updated_at"]
    show_full_result_count = False  # counting 100k rows on every list page is the slow part
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, now

    def save_model(self, request, obj, form, change):
        # The page shows body_html as it is: what an editor types is sanitised like an import.
        obj.body_html = sanitise(obj.body_html)
        if "text" in form.changed_data and "body_html" not in form.changed_data:
            # The page shows body_html: an edited text must not hide behind the old body.
            obj.body_html = from_paragraphs(obj.text)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if {"title", "text"} & set(form.changed_data):
            # The people and organizations named in the new text (its index follows).
            editing.relink([form.instance])


class StaffOnly:
    """Any active staff member may edit; nobody else sees these pages."""

    def _staff(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    has_module_permission = has_view_permission = has_add_permission = _staff
    has_change_permission = has_delete_permission = _staff


class AliasInline(StaffOnly, admin.TabularInline):
    model = Alias
    fields = ["name", "partial"]
    extra = 1


class EntityAdmin(StaffOnly, admin.ModelAdmin):
    list_display = ["name", "alias_list", "article_count", "reviewed", "updated_at"]
    list_filter = ["reviewed"]
    search_fields = ["name", "aliases__name"]
    fields = ["name", "description", "reviewed"]
    inlines = [AliasInline]
    actions = ["merge", "split", "block", "delete_and_relink", "mark_reviewed"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("mentions")).prefetch_related("aliases")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # delete_and_relink replaces it
        return actions

    def get_search_results(self, request, queryset, search_term):
        """Also match folded aliases, so 奧特曼 finds 奥特曼 and ALTMAN finds Altman."""
        results, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            folded = queryset.filter(aliases__folded__contains=fold(search_term.strip()))
            results = queryset.filter(pk__in=results.values("pk").union(folded.values("pk")))
        return results, duplicates

    @admin.display(description="aliases")
    def alias_list(self, entity):
        return " · ".join(alias.name for alias in entity.aliases.all())

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, entity):
        return entity.article_count

    # Saving: remember the names before the edit, re-link after the aliases are saved.

    def save_model(self, request, obj, form, change):
        obj._names_before = editing.names_of(Entity.objects.get(pk=obj.pk)) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        entity = form.instance
        before, after = entity._names_before, editing.names_of(entity)
        if before != after:
            done = editing.relink(editing.affected_articles([entity.pk], before | after))
            self.message_user(request, f"{done} article(s) re-linked.")

    def delete_model(self, request, obj):
        editing.delete([obj])

    def delete_queryset(self, request, queryset):
        editing.delete(queryset)

    # Actions.

    @admin.action(description="Merge the selected into one")
    def merge(self, request, queryset):
        entities = list(queryset.order_by("-article_count", "pk"))
        if len(entities) < 2:
            self.message_user(request, "Select two or more to merge.", messages.WARNING)
            return None
        if "apply" in request.POST:
            target = next((e for e in entities if str(e.pk) == request.POST.get("target")), entities[0])
            editing.merge(target, [e for e in entities if e.pk != target.pk])
            self.message_user(request, f"Merged {len(entities)} into “{target.name}”.")
            return redirect(self._change_url(target))
        return self._confirm(request, "admin/articles/merge_entities.html", entities, "merge")

    @admin.action(description="Split aliases off into a new entity")
    def split(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one to split.", messages.WARNING)
            return None
        entity = queryset.get()
        form = SplitForm(entity, request.POST if "apply" in request.POST else None)
        if form.is_valid():
            created = editing.split(entity, form.cleaned_data["aliases"], form.cleaned_data["name"])
            self.message_user(request, f"“{created.name}” split off “{entity.name}”.")
            return redirect(self._change_url(created))
        return self._confirm(request, "admin/articles/split_entity.html", [entity], "split", form=form)

    @admin.action(description="Block the selected names (delete; never extracted again)")
    def block(self, request, queryset):
        # Blocking deletes and cannot be undone by unblocking (the entity is gone): confirm first.
        if "apply" not in request.POST:
            return self._confirm(request, "admin/articles/block_entities.html", list(queryset), "block")
        count = editing.block(queryset)
        self.message_user(request, f"{count} blocked; their articles were re-linked.")
        return None

    @admin.action(description="Delete the selected (and re-link their articles)")
    def delete_and_relink(self, request, queryset):
        count = editing.delete(queryset)
        self.message_user(request, f"{count} deleted; their articles were re-linked.")

    @admin.action(description="Mark the selected as reviewed")
    def mark_reviewed(self, request, queryset):
        self.message_user(request, f"{queryset.update(reviewed=True)} marked as reviewed.")

    def _change_url(self, entity):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entity.pk])

    def _confirm(self, request, template, entities, action, **extra):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "entities": entities,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            **extra,
        }
        return TemplateResponse(request, template, context)


class SplitForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the new entity")
    aliases = forms.ModelMultipleChoiceField(queryset=Alias.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, entity, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aliases"].queryset = entity.aliases.all()
        self.entity = entity

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Entity.objects.filter(kind=self.entity.kind, name=name).exists():
            raise forms.ValidationError("An entity of this kind already has that name: merge instead.")
        return name


@admin.register(Person)
class PersonAdmin(EntityAdmin):
    pass


@admin.register(Organization)
class OrganizationAdmin(EntityAdmin):
    pass


@admin.register(BlockedName)
class BlockedNameAdmin(StaffOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "folded"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        done = editing.apply_block(obj)
        self.message_user(request, f"“{obj.name}” blocked; {done} article(s) re-linked.")

    def delete_model(self, request, obj):
        editing.unblock([obj])

    def delete_queryset(self, request, queryset):
        editing.unblock(queryset)


@admin.register(Mention)
class MentionAdmin(StaffOnly, admin.ModelAdmin):
    list_display = ["entity", "article", "count"]
    list_select_related = ["entity", "article"]
    raw_id_fields = ["entity", "article"]
    search_fields = ["entity__name"]


@admin.register(MergedEntity)
class MergedEntityAdmin(StaffOnly, admin.ModelAdmin):
    list_display = ["name", "old_id", "into", "merged_at"]
    search_fields = ["name", "into__name"]

    def has_add_permission(self, request, obj=None):
        return False  # written by merges only, never by hand

    has_change_permission = has_add_permission


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """What happened to each file; the import command prints the address of its run's records."""

    list_display = ["path", "status", "message", "article", "run", "created_at"]
    list_filter = ["status", "run"]
    list_select_related = ["article", "run"]
    search_fields = ["path", "message"]
    raw_id_fields = ["article"]


admin.site.register(ImportRun)
