"""Blocking keys for the persons recorded before the people app existed (batches of 2,000)."""

from django.db import migrations


def fill(apps, schema_editor):
    from sigap.people.keys import person_keys

    Person = apps.get_model("cases", "Person")
    PersonKey = apps.get_model("people", "PersonKey")
    db = schema_editor.connection.alias
    last = 0
    while True:
        batch = list(Person.objects.using(db).filter(pk__gt=last).order_by("pk")[:2000])
        if not batch:
            return
        rows = [PersonKey(person_id=p.pk, key=k) for p in batch for k in person_keys(p)]
        PersonKey.objects.using(db).bulk_create(rows, batch_size=5000, ignore_conflicts=True)
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("people", "0001_person_keys")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
