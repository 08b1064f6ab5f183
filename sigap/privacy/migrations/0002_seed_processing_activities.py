"""Seed the record of processing activities (UU 27/2022 PDP Pasal 31) with SIGAP's four
purposes. The data-protection officer reviews and edits them in the admin; reversing removes
only the rows seeded here (matched by purpose).
"""

from django.db import migrations

SAFEGUARDS = (
    "Identity fields encrypted at rest (Fernet, rotating keys); exact NIK search through a keyed "
    "hash; record-level scoping per agency and role; children's identities to the handling case "
    "team only; TOTP two-factor authentication; append-only hash-chained audit log; break-glass "
    "with written reason; HTTPS with HSTS and a strict Content-Security-Policy."
)

ACTIVITIES = [
    {
        "purpose": "Case management of trafficking victims",
        "lawful_basis": "public_task",
        "legal_reference": "UU 21/2007 Pasal 44, 46 and 51; UU 27/2022 Pasal 20 ayat 2 huruf e",
        "data_categories": (
            "Identity (name, NIK, date of birth, sex, phone, address, area of origin); "
            "the trafficking journey; identification findings; case notes; children's data "
            "and health-related data (specific personal data)."
        ),
        "data_subjects": "Victims (adults and children), witnesses, suspects",
        "recipients": "Handling agency (UPT PPA) case managers and supervisors",
        "retention": "Until the case is closed, then anonymised after SIGAP_RETENTION_YEARS "
        "(default 5 years)",
    },
    {
        "purpose": "Referral of victims to services (health, social rehabilitation, legal aid, "
        "return and reintegration)",
        "lawful_basis": "public_task",
        "legal_reference": "UU 21/2007 Pasal 51 and 52; recorded consent or lawful basis per "
        "referral",
        "data_categories": "Name, sex, age and the information the service needs",
        "data_subjects": "Victims",
        "recipients": "Member agencies of the task force receiving the referral, while it is "
        "open; children's identities are masked",
        "retention": "While the referral is open; then as the case",
    },
    {
        "purpose": "Coordination with law enforcement",
        "lawful_basis": "legal_obligation",
        "legal_reference": "UU 21/2007 Pasal 28–42 (investigation, prosecution and trial)",
        "data_categories": "Justice-process data, suspects; victims' identities only for cases "
        "referred to the police",
        "data_subjects": "Victims, witnesses, suspects",
        "recipients": "Police investigators (PPA unit) of cases referred to them",
        "retention": "As the case",
    },
    {
        "purpose": "Statistics and reporting (anonymised aggregates)",
        "lawful_basis": "public_task",
        "legal_reference": "UU 21/2007 Pasal 58 (task force reporting); Perpres 49/2023",
        "data_categories": "Counts by status, area, form of exploitation, sex and age group; "
        "no identities",
        "data_subjects": "Victims (aggregated)",
        "recipients": "Task force secretariat and leadership (Wali Kota, Deputy)",
        "retention": "Aggregates without identities may be kept",
    },
]


def _rows(apps, schema_editor):
    # The database being migrated, not always "default" (db_copy and tests migrate others).
    alias = schema_editor.connection.alias if schema_editor is not None else "default"
    return apps.get_model("privacy", "ProcessingActivity").objects.using(alias)


def seed(apps, schema_editor):
    rows = _rows(apps, schema_editor)
    for row in ACTIVITIES:
        if not rows.filter(purpose=row["purpose"]).exists():
            rows.create(safeguards=SAFEGUARDS, **row)


def unseed(apps, schema_editor):
    _rows(apps, schema_editor).filter(purpose__in=[r["purpose"] for r in ACTIVITIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_registers_and_breakglass"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
