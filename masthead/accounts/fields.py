"""Model fields of the accounts app."""

from django.db import models

from . import encryption


class EncryptedCharField(models.CharField):
    """Text kept encrypted in the database and plain in Python (see ``encryption``).

    Each save seals the value again (a fresh IV, under the current key), so the column
    cannot be searched: look rows up by something else.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return encryption.open_sealed(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encryption.seal(value)
