"""Encrypt Person's identity fields at rest and add the keyed hashes for exact search.

Steps: add ``nik_hash`` and ``name_index``; widen the identity columns to ``text`` (the Fernet
token is longer than the plaintext); encrypt the rows already there and fill the hashes; then
switch the fields to the encrypted types (no schema change: they are ``text`` too). Reversible:
going back decrypts the rows into plain columns. Needs ``SIGAP_FIELD_KEYS``/``SIGAP_HASH_KEY``
(or the development keys) exactly like the application.
"""

import django.core.validators
from django.db import migrations, models

import sigap.core.fields

IDENTITY = ("full_name", "nik", "phone", "address", "date_of_birth")
BATCH = 500


def _encrypt_rows(apps, schema_editor):
    from sigap.core import crypto

    Person = apps.get_model("cases", "Person")  # fields are plain text at this step
    # The database being migrated (not always "default"; issue 7: migrating a second database
    # re-encrypted the default one's rows).
    rows = Person.objects.using(schema_editor.connection.alias)
    for person in rows.order_by("pk").iterator(chunk_size=BATCH):
        values = {}
        for name in IDENTITY:
            raw = getattr(person, name)
            if raw not in (None, ""):
                values[name] = crypto.encrypt(str(raw))
        values["nik_hash"] = crypto.nik_hash(person.nik or "")
        values["name_index"] = crypto.name_index(person.full_name or "")
        rows.filter(pk=person.pk).update(**values)


def _decrypt_rows(apps, schema_editor):
    from sigap.core import crypto

    Person = apps.get_model("cases", "Person")
    rows = Person.objects.using(schema_editor.connection.alias)
    for person in rows.order_by("pk").iterator(chunk_size=BATCH):
        values = {}
        for name in IDENTITY:
            raw = getattr(person, name)
            if raw not in (None, ""):
                values[name] = crypto.decrypt(raw)
        if values:
            rows.filter(pk=person.pk).update(**values)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_index",
            field=sigap.core.fields.NameIndexField(
                blank=True, default="", editable=False, max_length=400, source="full_name"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="nik_hash",
            field=sigap.core.fields.KeyedHashField(
                blank=True, db_index=True, default="", editable=False, max_length=64, source="nik"
            ),
        ),
        # 1. Plain text columns, wide enough for the tokens.
        migrations.AlterField(
            model_name="person", name="full_name", field=models.TextField(verbose_name="full name")
        ),
        migrations.AlterField(
            model_name="person", name="nik", field=models.TextField(blank=True, verbose_name="NIK")
        ),
        migrations.AlterField(
            model_name="person", name="phone", field=models.TextField(blank=True, verbose_name="phone")
        ),
        migrations.AlterField(
            model_name="person",
            name="address",
            field=models.TextField(blank=True, verbose_name="address"),
        ),
        migrations.AlterField(
            model_name="person",
            name="date_of_birth",
            field=models.TextField(blank=True, null=True, verbose_name="date of birth"),
        ),
        # 2. Encrypt what is there (and decrypt on the way back).
        migrations.RunPython(_encrypt_rows, _decrypt_rows),
        # 3. The encrypted field types (same text columns).
        migrations.AlterField(
            model_name="person",
            name="address",
            field=sigap.core.fields.EncryptedCharField(
                blank=True, max_length=300, verbose_name="address"
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="date_of_birth",
            field=sigap.core.fields.EncryptedDateField(
                blank=True, null=True, verbose_name="date of birth"
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="full_name",
            field=sigap.core.fields.EncryptedCharField(max_length=150, verbose_name="full name"),
        ),
        migrations.AlterField(
            model_name="person",
            name="nik",
            field=sigap.core.fields.EncryptedCharField(
                blank=True,
                max_length=16,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{16}$", "NIK must consist of 16 digits."
                    )
                ],
                verbose_name="NIK",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="phone",
            field=sigap.core.fields.EncryptedCharField(
                blank=True, max_length=32, verbose_name="phone"
            ),
        ),
    ]
