"""PostgreSQL only: a trigram index for the CMS's passage search.

The passage listing and chooser search titles with `title__icontains`, which PostgreSQL runs as
`UPPER(title::text) LIKE UPPER('%...%')`: without an index, a scan of every passage (bodies
and all) for the page and again for the count. A GIN index of `pg_trgm` trigrams on that same
expression serves both. `pg_trgm` is a trusted extension (PostgreSQL 13+: the database owner may
create it); where the migration user may not, a superuser creates it first (docs/operations.md).

On any other database this migration does nothing: the model does not know the index, so
`makemigrations --check` stays clean everywhere.
"""

from django.db import migrations

FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX IF NOT EXISTS passage_title_search
        ON lewis_content_passage USING gin (UPPER(title::text) gin_trgm_ops)""",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS passage_title_search",
    # The extension stays: other schemas may use it.
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("lewis_content", "0013_passage_listing_order"),
    ]

    operations = [
        migrations.RunPython(run(FORWARDS), run(BACKWARDS), elidable=False),
    ]
