"""Hostile input (issue 13): absurd dates and non-web original URLs already stored are
repaired, and an import run says whether it finished or was interrupted."""

from django.db import migrations, models

# Dates the import now refuses: before 1900, or more than a day after today. A date past
# Python's year 9999 made every page that read the row fail.
REPAIR_DATES = """
UPDATE articles_article SET published_at = NULL
WHERE published_at < '1900-01-01T00:00:00Z' OR published_at > now() + interval '1 day'
"""
# Only a web address is an original URL (the API gave a javascript: one out as it was).
REPAIR_URLS = "UPDATE articles_article SET url = '' WHERE url <> '' AND url !~* '^https?://'"


def runs_say_how_they_ended(apps, schema_editor):
    ImportRun = apps.get_model("articles", "ImportRun")
    ImportRun.objects.filter(finished_at__isnull=False).update(status="finished")
    # Command runs that never finished, from before runs could say so: none of them is
    # running now. A queued batch (it knows its total) still has files waiting for workers.
    ImportRun.objects.filter(finished_at__isnull=True, total__isnull=True).update(status="interrupted")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_ingest_originals_boilerplate"),
    ]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("running", "Running"),
                    ("finished", "Finished"),
                    ("interrupted", "interrupted (stopped before the end; run it again to resume)"),
                ],
                default="running",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="importrun",
            name="host",
            field=models.CharField(blank=True, help_text="The machine the import ran on.", max_length=200),
        ),
        migrations.AddField(
            model_name="importrun",
            name="pid",
            field=models.IntegerField(blank=True, help_text="Its process id there.", null=True),
        ),
        migrations.RunPython(runs_say_how_they_ended, migrations.RunPython.noop),
        migrations.RunSQL(REPAIR_DATES, migrations.RunSQL.noop),
        migrations.RunSQL(REPAIR_URLS, migrations.RunSQL.noop),
    ]
