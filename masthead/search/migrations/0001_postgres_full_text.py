"""PostgreSQL only: an accent-folding text search configuration and the index search reads.

- `masthead_english`: English stemming after `unaccent`, so "cafe" finds "café" and
  "talks" finds "talk" (the default of SEARCH_TEXT_CONFIG).
- A GIN index on `title || body` of Wagtail's index table: the document that
  `masthead.search.native` matches (Wagtail indexes each column alone).

On SQLite, FTS5 folds case and accents itself; nothing to do.
"""

from django.db import migrations

CONFIG = "masthead_english"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
                CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english);
                ALTER TEXT SEARCH CONFIGURATION {CONFIG}
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
            END IF;
        END $$
        """  # names from this module only  # nosec B608
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS masthead_search_document ON {table}"
        " USING gin ((title || body))"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS masthead_search_document")
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
