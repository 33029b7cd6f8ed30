"""The search GIN index gets a second column: the golden-ratio hash of the id that
`articles.search.sample` draws its sample by (the same expression, which the planner must
see to use the index), so a query's sampled matches are found inside the index without
reading any article's tsvector from TOAST. btree_gin indexes the hash in a GIN index. A
plain index of the hash before it is cut (a different expression, so that it does not
compete with the GIN index for a query's sampled matches) lists the sample's articles
for the filters (a person's articles in the sample: two index scans joined, not every
id hashed)."""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

SAMPLE_KEY = "(((id * 2654435761) % 4294967296 / 4294968)::smallint)"
SAMPLE_HASH = "((id * 2654435761) % 4294967296)"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_entity_name_upper"),
    ]

    operations = [
        BtreeGinExtension(),
        migrations.RemoveIndex(model_name="article", name="article_search_vector"),
        migrations.RunSQL(
            f"CREATE INDEX article_search_vector ON articles_article USING gin (search_vector, {SAMPLE_KEY})",
            reverse_sql="DROP INDEX article_search_vector",
        ),
        migrations.RunSQL(
            f"CREATE INDEX article_sample_hash ON articles_article ({SAMPLE_HASH})",
            reverse_sql="DROP INDEX article_sample_hash",
        ),
    ]
