"""Authenticator secrets encrypted at rest: widen the column, then seal the stored ones.

The rows are read and written with plain SQL, so the model field's own encryption never
touches them here. Both directions skip rows already in the wanted form, so a migration
interrupted half-way can simply be run again.
"""

from django.db import migrations

import masthead.accounts.fields
from masthead.accounts import encryption


def _convert(schema_editor, wanted_sealed, convert):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, secret FROM accounts_staffsecondfactor")
        rows = cursor.fetchall()
        for pk, secret in rows:
            if secret and encryption.is_sealed(secret) != wanted_sealed:
                cursor.execute(
                    "UPDATE accounts_staffsecondfactor SET secret = %s WHERE id = %s",
                    [convert(secret), pk],
                )


def seal_secrets(apps, schema_editor):
    _convert(schema_editor, True, encryption.seal)


def open_secrets(apps, schema_editor):
    _convert(schema_editor, False, encryption.open_sealed)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_staff_second_factor"),
    ]

    operations = [
        migrations.AlterField(
            model_name="staffsecondfactor",
            name="secret",
            field=masthead.accounts.fields.EncryptedCharField(max_length=255),
        ),
        migrations.RunPython(seal_secrets, open_secrets, elidable=False),
    ]
