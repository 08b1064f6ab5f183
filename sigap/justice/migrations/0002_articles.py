"""Load the reference table of articles that may be charged (issue 4 §4)."""

from django.db import migrations

# Frozen copy of sigap/justice/reference.py at the time of this migration (no app imports).
ARTICLES = [
    ('uu21-2007-p2', 'uu_21_2007', 'Pasal 2', 'Trafficking in persons (core offence)', False),
    ('uu21-2007-p3', 'uu_21_2007', 'Pasal 3', 'Bringing a person into Indonesia for exploitation', True),
    ('uu21-2007-p4', 'uu_21_2007', 'Pasal 4', 'Taking an Indonesian citizen abroad for exploitation', False),
    ('uu21-2007-p5', 'uu_21_2007', 'Pasal 5', 'Adopting a child for exploitation', True),
    ('uu21-2007-p6', 'uu_21_2007', 'Pasal 6', 'Sending a child within or outside the country for exploitation', True),
    ('uu21-2007-p7', 'uu_21_2007', 'Pasal 7', 'Aggravated: serious injury, mental illness, pregnancy, loss of reproductive function or death of the victim', True),
    ('uu21-2007-p8', 'uu_21_2007', 'Pasal 8', 'State official abusing their power (penalty increased by one third)', False),
    ('uu21-2007-p10', 'uu_21_2007', 'Pasal 10', 'Helping or attempting trafficking', True),
    ('uu21-2007-p12', 'uu_21_2007', 'Pasal 12', 'Using a trafficking victim (sexual acts, forced labour, profiting from the victim)', True),
    ('uu21-2007-p17', 'uu_21_2007', 'Pasal 17', 'Offence against a child (penalty increased by one third)', True),
    ('uu21-2007-p19', 'uu_21_2007', 'Pasal 19', 'False information in state documents to facilitate trafficking', True),
    ('uu21-2007-p22', 'uu_21_2007', 'Pasal 22', 'Obstructing the investigation', False),
    ('uu21-2007-p24', 'uu_21_2007', 'Pasal 24', 'Disclosing the identity of a protected witness or victim', True),
    ('uu18-2017-p81', 'uu_18_2017', 'Pasal 81', 'Placing migrant workers without being a licensed placement company', True),
    ('uu18-2017-p83', 'uu_18_2017', 'Pasal 83', 'Placing migrant workers who do not meet the requirements', True),
    ('uu18-2017-p86', 'uu_18_2017', 'Pasal 86', 'Placing migrant workers in jobs or countries against the rules', True),
    ('uu12-2022-p4', 'uu_12_2022', 'Pasal 4', 'Sexual violence crime (types listed in the law)', True),
    ('uu12-2022-p10', 'uu_12_2022', 'Pasal 10', 'Forced marriage', True),
    ('uu12-2022-p12', 'uu_12_2022', 'Pasal 12', 'Sexual exploitation', True),
    ('uu12-2022-p13', 'uu_12_2022', 'Pasal 13', 'Sexual slavery', True),
]


def load(apps, schema_editor):
    # The database being migrated, not always "default" (db_copy and tests migrate others).
    alias = schema_editor.connection.alias if schema_editor is not None else "default"
    Article = apps.get_model("justice", "Article").objects.using(alias)
    for order, (code, law, article, description, verify) in enumerate(ARTICLES):
        Article.update_or_create(
            code=code,
            defaults={
                "law": law,
                "article": article,
                "short_description": description,
                "needs_verification": verify,
                "sort_order": order,
            },
        )


def unload(apps, schema_editor):
    alias = schema_editor.connection.alias if schema_editor is not None else "default"
    Article = apps.get_model("justice", "Article").objects.using(alias)
    Article.filter(code__in=[row[0] for row in ARTICLES], charges__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("justice", "0001_justice_process")]

    operations = [migrations.RunPython(load, unload)]
