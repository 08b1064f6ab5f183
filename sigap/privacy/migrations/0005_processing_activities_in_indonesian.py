"""The record of processing activities is the source of the privacy notice shown to data
subjects (issue 7 finding 12), which is Indonesian first: rewrite the four rows seeded in
0002 in Indonesian, each only while it still holds the seeded English text (a row the DPO has
edited is left alone). Reversing restores the English text on rows that still hold this
migration's Indonesian text.
"""

from django.db import migrations

FIELDS = ("purpose", "legal_reference", "data_categories", "data_subjects", "recipients", "retention")

PAIRS = [
    (
        {
            "purpose": "Case management of trafficking victims",
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
            "purpose": "Penanganan kasus korban tindak pidana perdagangan orang",
            "legal_reference": "UU 21/2007 Pasal 44, 46 dan 51; UU 27/2022 Pasal 20 ayat 2 huruf e",
            "data_categories": (
                "Identitas (nama, NIK, tanggal lahir, jenis kelamin, telepon, alamat, daerah "
                "asal); perjalanan perdagangan orang; hasil identifikasi; catatan kasus; data "
                "anak dan data kesehatan (data pribadi yang bersifat spesifik)."
            ),
            "data_subjects": "Korban (dewasa dan anak), saksi, tersangka",
            "recipients": "Manajer kasus dan supervisor instansi penanganan (UPT PPA)",
            "retention": "Sampai kasus ditutup, lalu dianonimkan setelah masa retensi "
            "(bawaan 5 tahun)",
        },
    ),
    (
        {
            "purpose": "Referral of victims to services (health, social rehabilitation, legal aid, "
            "return and reintegration)",
            "legal_reference": "UU 21/2007 Pasal 51 and 52; recorded consent or lawful basis per "
            "referral",
            "data_categories": "Name, sex, age and the information the service needs",
            "data_subjects": "Victims",
            "recipients": "Member agencies of the task force receiving the referral, while it is "
            "open; children's identities are masked",
            "retention": "While the referral is open; then as the case",
        },
        {
            "purpose": "Rujukan korban ke layanan (kesehatan, rehabilitasi sosial, bantuan hukum, "
            "pemulangan dan reintegrasi)",
            "legal_reference": "UU 21/2007 Pasal 51 dan 52; persetujuan atau dasar hukum yang "
            "dicatat untuk setiap rujukan",
            "data_categories": "Nama, jenis kelamin, usia dan informasi yang dibutuhkan layanan",
            "data_subjects": "Korban",
            "recipients": "Instansi anggota gugus tugas yang menerima rujukan, selama rujukan "
            "terbuka; identitas anak disamarkan",
            "retention": "Selama rujukan terbuka; selanjutnya mengikuti kasus",
        },
    ),
    (
        {
            "purpose": "Coordination with law enforcement",
            "legal_reference": "UU 21/2007 Pasal 28–42 (investigation, prosecution and trial)",
            "data_categories": "Justice-process data, suspects; victims' identities only for cases "
            "referred to the police",
            "data_subjects": "Victims, witnesses, suspects",
            "recipients": "Police investigators (PPA unit) of cases referred to them",
            "retention": "As the case",
        },
        {
            "purpose": "Koordinasi dengan penegak hukum",
            "legal_reference": "UU 21/2007 Pasal 28–42 (penyidikan, penuntutan dan pemeriksaan "
            "di sidang pengadilan)",
            "data_categories": "Data proses peradilan, tersangka; identitas korban hanya untuk "
            "kasus yang dirujuk ke kepolisian",
            "data_subjects": "Korban, saksi, tersangka",
            "recipients": "Penyidik kepolisian (unit PPA) untuk kasus yang dirujuk kepadanya",
            "retention": "Mengikuti kasus",
        },
    ),
    (
        {
            "purpose": "Statistics and reporting (anonymised aggregates)",
            "legal_reference": "UU 21/2007 Pasal 58 (task force reporting); Perpres 49/2023",
            "data_categories": "Counts by status, area, form of exploitation, sex and age group; "
            "no identities",
            "data_subjects": "Victims (aggregated)",
            "recipients": "Task force secretariat and leadership (Wali Kota, Deputy)",
            "retention": "Aggregates without identities may be kept",
        },
        {
            "purpose": "Statistik dan pelaporan (agregat tanpa identitas)",
            "legal_reference": "UU 21/2007 Pasal 58 (pelaporan gugus tugas); Perpres 49/2023",
            "data_categories": "Jumlah menurut status, wilayah, bentuk eksploitasi, jenis kelamin "
            "dan kelompok usia; tanpa identitas",
            "data_subjects": "Korban (dalam agregat)",
            "recipients": "Sekretariat dan pimpinan gugus tugas (Wali Kota, Wakil)",
            "retention": "Agregat tanpa identitas boleh disimpan",
        },
    ),
]


def _swap(apps, schema_editor, *, forward: bool):
    # The database being migrated, not always "default" (db_copy and tests migrate others).
    alias = schema_editor.connection.alias if schema_editor is not None else "default"
    rows = apps.get_model("privacy", "ProcessingActivity").objects.using(alias)
    for english, indonesian in PAIRS:
        old, new = (english, indonesian) if forward else (indonesian, english)
        rows.filter(**{f: old[f] for f in FIELDS}).update(
            **{f: new[f] for f in FIELDS}
        )


def to_indonesian(apps, schema_editor):
    _swap(apps, schema_editor, forward=True)


def to_english(apps, schema_editor):
    _swap(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0004_subject_actions_and_breach_index"),
    ]

    operations = [migrations.RunPython(to_indonesian, to_english)]
