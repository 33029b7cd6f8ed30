"""The archive's data: articles, the people and organizations they mention, imports.

People and organizations share one table (`Entity`, with a `kind`) so that aliases,
mentions, merging and the block list are written once; `Person` and `Organization`
are proxies that give each its own admin, pages and API.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone


class Script(models.TextChoices):
    SIMPLIFIED = "hans", "简体"
    TRADITIONAL = "hant", "繁體"
    OTHER = "", "其他"


def published_value(at, date_only: bool, offset: int | None):
    """A publication as its source gives it: a date for a day, else the time at the offset
    the source gave (the archive's time zone when it gave none)."""
    if at is None:
        return None
    zone = timezone.get_default_timezone() if offset is None else datetime.timezone(datetime.timedelta(minutes=offset))
    local = at.astimezone(zone)
    return local.date() if date_only else local


class ArticleQuerySet(models.QuerySet):
    def canonical(self):
        """One row per story: versions of an article are folded into their canonical."""
        return self.filter(canonical__isnull=True)

    def newest_first(self):
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-id")


class Article(models.Model):
    title = models.CharField(max_length=500)
    title_derived = models.BooleanField(
        default=False, help_text="The file had no title: it was taken from a version or the first sentence."
    )
    slug = models.SlugField(max_length=200, allow_unicode=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    date_only = models.BooleanField(default=False, help_text="The source gives a day, not a time.")
    published_offset = models.SmallIntegerField(
        null=True, blank=True, help_text="Minutes east of UTC of the time the source gives (480: +08:00)."
    )
    site = models.CharField(
        max_length=200, blank=True, db_index=True, help_text="The site the file came from (36氪, 量子位 …)."
    )
    publisher = models.CharField(
        max_length=200, blank=True, help_text="The original publisher named in the text (机器之心 …)."
    )
    authors = models.JSONField(default=list, blank=True)
    editors = models.JSONField(default=list, blank=True)
    url = models.URLField("original URL", max_length=2000, blank=True)
    cover_image = models.URLField(max_length=2000, blank=True)
    categories = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    is_original = models.BooleanField(default=False, help_text="Marked 原创 by its publisher: the original post.")
    image_only = models.BooleanField(
        default=False, help_text="Images and little or no text (图片文章): kept, indexed by its title only."
    )

    body_html = models.TextField(blank=True, help_text="Sanitised HTML, safe to show as it is.")
    text = models.TextField(blank=True, help_text="Clean plain text: what is shown and searched.")
    script = models.CharField(max_length=4, choices=Script.choices, blank=True)
    removed = models.TextField(blank=True, help_text="The boilerplate cleaning removed, as plain text (never indexed).")
    clean_key = models.CharField(
        max_length=32, blank=True, help_text="The rules and templates the text was cleaned with (manage.py reclean)."
    )
    original = models.FileField(
        upload_to="originals/", max_length=300, blank=True, help_text="The imported file's bytes, as they were."
    )

    source_path = models.CharField(max_length=1000, unique=True, help_text="The file it was imported from.")
    file_hash = models.CharField(max_length=64, db_index=True, help_text="sha256 of the file's bytes.")
    fingerprint = models.CharField(
        max_length=64, db_index=True, blank=True, help_text="sha256 of the folded text: exact duplicates."
    )
    canonical = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text="The article this one is a version of; empty for a canonical article.",
    )

    search_text = models.TextField(blank=True, help_text="Folded title and text (text.fold).")
    search_vector = SearchVectorField(null=True, editable=False)
    head_vector = SearchVectorField(
        null=True, editable=False, help_text="Title and entity names only: small enough to test on every match."
    )

    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    tagged_at = models.DateTimeField(
        null=True, blank=True, help_text="When discovery's background pass (discover_entities) last read it."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_at").desc(nulls_last=True), "-id"]
        indexes = [
            # The search GIN index (article_search_vector) is made by migration 0023: its second
            # column is the sample's id hash (search/sample.py), the queries' very expression.
            # The browse page: one row per story, newest first, read 20 at a time.
            models.Index(
                models.F("published_at").desc(nulls_last=True),
                models.F("id").desc(),
                name="article_newest_canonical",
                condition=models.Q(canonical__isnull=True),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("article", args=[self.pk])

    @property
    def published(self):
        """A date (2024-11-14) or a time at its own offset: see published_value."""
        return published_value(self.published_at, self.date_only, self.published_offset)

    @property
    def source_file(self) -> str:
        """The file name the article was imported from."""
        return self.source_path.rsplit("/", 1)[-1]

    # What a list of versions shows of each: title, source and script, not a file name.
    VERSION_FIELDS = ("id", "title", "site", "script", "source_path", "canonical_id")

    def version_brief(self) -> dict:
        return {
            "id": self.pk,
            "title": self.title,
            "source": self.site,
            "script": self.script,
            "script_label": self.get_script_display() if self.script else "",
            "source_file": self.source_file,
        }

    def versions(self):
        """The other copies of the same story (simplified/traditional, re-posts)."""
        root_id = self.canonical_id or self.pk
        return (
            Article.objects.filter(models.Q(pk=root_id) | models.Q(canonical_id=root_id))
            .exclude(pk=self.pk)
            .order_by("pk")
        )


class EntityKind(models.TextChoices):
    PERSON = "person", "人物"
    ORGANIZATION = "organization", "机构"


class Entity(models.Model):
    kind = models.CharField(max_length=12, choices=EntityKind.choices, db_index=True)
    name = models.CharField(max_length=200, help_text="The canonical name.")
    description = models.TextField(blank=True)
    reviewed = models.BooleanField(default=False, help_text="Checked by an editor.")
    evidence = models.JSONField(
        default=dict,
        blank=True,
        help_text="How discovery found it: {methods: {method: articles}, articles: n, cue: bool}.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    articles = models.ManyToManyField(Article, through="Mention", related_name="entities")

    class Meta:
        verbose_name_plural = "entities"
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="entity_unique_kind_name")]
        indexes = [models.Index(Upper("name"), name="entity_name_upper")]  # search.matching_entities

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(self.url_name, args=[self.pk])

    def feed_url(self):
        return reverse(f"{self.url_name}-feed", args=[self.pk])

    @property
    def url_name(self) -> str:
        return "person" if self.kind == EntityKind.PERSON else "organization"


class MergedEntity(models.Model):
    """An entity an editor merged into another. Its pages, feeds and API addresses were
    linked and bookmarked: they now lead (301) to the entity that took its names."""

    old_id = models.PositiveBigIntegerField(unique=True, help_text="The id the merged entity had.")
    name = models.CharField(max_length=200, help_text="Its canonical name then.")
    into = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="merged")
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "merged entities"

    def __str__(self):
        return f"{self.name} (#{self.old_id}) → {self.into}"


class PersonManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=EntityKind.PERSON)


class OrganizationManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=EntityKind.ORGANIZATION)


class Person(Entity):
    objects = PersonManager()

    class Meta:
        proxy = True
        verbose_name_plural = "people"

    def save(self, *args, **kwargs):
        self.kind = EntityKind.PERSON
        super().save(*args, **kwargs)


class Organization(Entity):
    objects = OrganizationManager()

    class Meta:
        proxy = True

    def save(self, *args, **kwargs):
        self.kind = EntityKind.ORGANIZATION
        super().save(*args, **kwargs)


class Discovered(Entity):
    """Entities discovery created that no editor has reviewed yet: the admin's review queue."""

    class Meta:
        proxy = True
        verbose_name = "discovered entity (review queue)"
        verbose_name_plural = "discovered entities (review queue)"


class Alias(models.Model):
    """Another name of an entity, in any script or language (奧特曼, Altman, 阿特曼)."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    folded = models.CharField(max_length=200, db_index=True, editable=False, help_text="text.fold(name)")
    partial = models.BooleanField(
        default=False,
        help_text="A bare surname or given name (Altman, Brockman): it counts only where it is unambiguous.",
    )

    class Meta:
        verbose_name_plural = "aliases"
        constraints = [models.UniqueConstraint(fields=["entity", "folded"], name="alias_unique_per_entity")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from articles.text import fold

        self.folded = fold(self.name)
        super().save(*args, **kwargs)


class Mention(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    forms = models.JSONField(default=dict, blank=True, help_text="{name as written in the text: times}")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "entity"], name="mention_unique")]
        indexes = [models.Index(fields=["entity", "article"], name="mention_entity_article")]

    def __str__(self):
        return f"{self.entity} in {self.article_id} ×{self.count}"


class Sighting(models.Model):
    """A name a tagger proposed without a cue beside it: it becomes an entity once it
    recurs in enough articles (entities.discovery)."""

    kind = models.CharField(max_length=12, choices=EntityKind.choices)
    name = models.CharField(max_length=200)
    folded = models.CharField(max_length=200)
    methods = models.JSONField(default=list)
    article_ids = models.JSONField(default=list, help_text="The first articles it was seen in.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "folded"], name="sighting_unique_kind_folded")]

    def __str__(self):
        return f"{self.name} ({len(self.article_ids)})"


class BlockedName(models.Model):
    """A name editors rejected: extraction never turns it into an entity again."""

    name = models.CharField(max_length=200)
    folded = models.CharField(max_length=200, unique=True, editable=False)
    kind = models.CharField(
        max_length=12, choices=EntityKind.choices, blank=True, help_text="Empty: blocked as any kind."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from articles.text import fold

        self.folded = fold(self.name)
        super().save(*args, **kwargs)


class VersionKey(models.Model):
    """One of the smallest hashes of an article's clauses (a bottom-k MinHash sketch):
    articles that share keys are the candidate versions of one story (ingest/store.py)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="version_keys")
    key = models.BigIntegerField()

    class Meta:
        # A key's newest articles first: the version lookup reads a bounded number of them
        # per key (the newest are the likeliest versions when files arrive in date order).
        indexes = [models.Index(fields=["key", "-article"], name="versionkey_newest")]

    def __str__(self):
        return f"{self.key} of {self.article_id}"


class ArticleBlock(models.Model):
    """The hash of one block (paragraph) of an article's body before cleaning: what the
    archive learns its publishers' templates from (ingest/templates.py)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="blocks")
    key = models.BigIntegerField()

    def __str__(self):
        return f"{self.key} in {self.article_id}"


class Template(models.Model):
    """A block that recurs across stories: of one publisher, or of the archive (publisher "")."""

    publisher = models.CharField(max_length=200, blank=True)
    key = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "publisher"], name="template_unique_key_publisher")]

    def __str__(self):
        return f"{self.key} of {self.publisher or 'the archive'}"


class ImportRun(models.Model):
    """One import: a command run, or a batch of queued files (an upload, `--enqueue`)
    that workers import one job per file; such a batch knows its `total` from the start."""

    class Status(models.TextChoices):
        RUNNING = "running"
        FINISHED = "finished"
        INTERRUPTED = "interrupted", "interrupted (stopped before the end; run it again to resume)"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    arguments = models.TextField(blank=True)
    stats = models.JSONField(default=dict, blank=True)
    host = models.CharField(max_length=200, blank=True, help_text="The machine the import ran on.")
    pid = models.IntegerField(null=True, blank=True, help_text="Its process id there.")
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Files queued; empty for a direct run.")
    folder = models.CharField(max_length=200, blank=True, help_text="Where an upload's files are kept (storage).")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self):
        return f"import #{self.pk} at {self.started_at:%Y-%m-%d %H:%M} ({self.status})"


class ImportRecord(models.Model):
    """What happened to one file in one import run."""

    class Status(models.TextChoices):
        NEW = "new"
        UPDATED = "updated"
        UNCHANGED = "unchanged"
        DUPLICATE = "duplicate"
        REJECTED = "rejected"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="records")
    path = models.CharField(max_length=1000)
    file_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    message = models.TextField(blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["path"], name="importrecord_path")]

    def __str__(self):
        return f"{self.path}: {self.status}"


def _feed_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    """A reader's query and filters kept under a name: the analysis code counts what is
    new since `last_seen_at`, its private feed (by `token`) lists the newest matches, and
    a daily email digest is sent when `email_digest` is on."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=200)
    params = models.CharField(max_length=2000, help_text="The query and filters as a query string (q=…&person=…).")
    token = models.CharField(max_length=64, unique=True, default=_feed_token, editable=False)
    email_digest = models.BooleanField(default=False, help_text="Send a daily email of the new matches.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(help_text="When its reader last opened it: newer matches are new.")
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "saved searches"

    def __str__(self):
        return self.name
