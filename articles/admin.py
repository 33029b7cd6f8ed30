from django.contrib import admin

from articles.models import (
    Alias,
    Article,
    BlockedName,
    ImportRecord,
    ImportRun,
    Mention,
    Organization,
    Person,
)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "site", "source_path"]
    search_fields = ["title"]
    exclude = ["search_text"]


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1


@admin.register(Person, Organization)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "reviewed"]
    search_fields = ["name", "aliases__name"]
    exclude = ["kind"]
    inlines = [AliasInline]


admin.site.register([Mention, BlockedName, ImportRun, ImportRecord])
