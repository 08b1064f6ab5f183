"""The case list's name-search table (``CaseNameToken``, issue 8 §4), kept by triggers
(``sigap.cases.name_tokens``)."""

from django.db import migrations, models

from sigap.cases import name_tokens


def forwards(apps, schema_editor):
    name_tokens.install(schema_editor.execute, schema_editor.connection.vendor)


def backwards(apps, schema_editor):
    name_tokens.drop(schema_editor.execute, schema_editor.connection.vendor)

class Migration(migrations.Migration):
    dependencies = [("cases", "0009_case_manager")]

    operations = [
        migrations.CreateModel(
            name="CaseNameToken",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("agency_id", models.BigIntegerField()),
                ("token", models.CharField(max_length=40)),
                ("reported_on", models.DateField()),
                ("case_id", models.BigIntegerField()),
            ],
            options={"db_table": "cases_casenametoken", "managed": False},
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
