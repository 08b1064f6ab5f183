"""Default reference data for the Jakarta Pusat task force (editable afterwards in the admin).

Member agencies follow the task force of Kota Administrasi Jakarta Pusat (Pergub DKI 64/2019;
../shared/domain/indonesia-tppo.md §0 and §5). Kecamatan and kelurahan offices are generated
from the Kemendagri area list, so they always match the loaded areas.
"""

from sigap.agencies.choices import AgencyKind, ServiceCode

SERVICES = [
    # code, Indonesian name, English name, legal basis, default days
    (
        ServiceCode.HEALTH_REHAB,
        "Rehabilitasi kesehatan",
        "Health rehabilitation",
        "UU 21/2007 Pasal 51–52",
        7,
    ),
    (
        ServiceCode.SOCIAL_REHAB,
        "Rehabilitasi sosial",
        "Social rehabilitation",
        "UU 21/2007 Pasal 51–52",
        7,
    ),
    (ServiceCode.REPATRIATION, "Pemulangan", "Repatriation", "UU 21/2007 Pasal 51–52, 54", 7),
    (
        ServiceCode.REINTEGRATION,
        "Reintegrasi sosial",
        "Social reintegration",
        "UU 21/2007 Pasal 51–52",
        7,
    ),
    (ServiceCode.LEGAL_AID, "Bantuan hukum", "Legal aid", "UU 12/2022 Pasal 70", 7),
    (ServiceCode.SHELTER, "Penampungan sementara", "Temporary shelter", "UU 12/2022 Pasal 70", 1),
    (ServiceCode.ACCOMPANIMENT, "Pendampingan", "Accompaniment", "UU 21/2007 Pasal 35", 7),
    (
        ServiceCode.RESTITUTION,
        "Pendampingan restitusi",
        "Restitution support",
        "UU 21/2007 Pasal 48–50; UU 31/2014 Pasal 7A",
        14,
    ),
    (
        ServiceCode.LAW_ENFORCEMENT,
        "Penegakan hukum (laporan polisi)",
        "Law enforcement (police report)",
        "UU 21/2007 Bab IV",
        7,
    ),
    (
        ServiceCode.PROSECUTION,
        "Penuntutan (berkas perkara ke kejaksaan)",
        "Prosecution (case file to the prosecutor)",
        "UU 21/2007 Pasal 48; KUHAP Pasal 138–143",
        14,
    ),
    (
        ServiceCode.PROTECTION,
        "Perlindungan saksi dan korban (LPSK)",
        "Witness and victim protection (LPSK)",
        "UU 21/2007 Pasal 47; UU 31/2014 Pasal 5, 28–29",
        30,
    ),
]

# code, name, short name, kind, area code, services offered
CITY_AGENCIES = [
    (
        "sudin-ppapp-jakpus",
        "Suku Dinas PPAPP Kota Administrasi Jakarta Pusat",
        "Sudin PPAPP",
        AgencyKind.SECRETARIAT,
        "31.71",
        [ServiceCode.ACCOMPANIMENT],
    ),
    (
        "upt-ppa-dki",
        "UPT Perlindungan Perempuan dan Anak Provinsi DKI Jakarta",
        "UPT PPA DKI",
        AgencyKind.UPT_PPA,
        "31",
        [
            ServiceCode.ACCOMPANIMENT,
            ServiceCode.SHELTER,
            ServiceCode.LEGAL_AID,
            ServiceCode.RESTITUTION,
        ],
    ),
    (
        "sudin-pendidikan-1",
        "Suku Dinas Pendidikan Wilayah I Kota Administrasi Jakarta Pusat",
        "Sudin Pendidikan I",
        AgencyKind.EDUCATION,
        "31.71",
        [ServiceCode.REINTEGRATION],
    ),
    (
        "sudin-pendidikan-2",
        "Suku Dinas Pendidikan Wilayah II Kota Administrasi Jakarta Pusat",
        "Sudin Pendidikan II",
        AgencyKind.EDUCATION,
        "31.71",
        [ServiceCode.REINTEGRATION],
    ),
    (
        "sudin-sosial-jakpus",
        "Suku Dinas Sosial Kota Administrasi Jakarta Pusat",
        "Sudin Sosial",
        AgencyKind.SOCIAL,
        "31.71",
        [
            ServiceCode.SOCIAL_REHAB,
            ServiceCode.SHELTER,
            ServiceCode.REPATRIATION,
            ServiceCode.REINTEGRATION,
        ],
    ),
    (
        "sudin-kesehatan-jakpus",
        "Suku Dinas Kesehatan Kota Administrasi Jakarta Pusat",
        "Sudin Kesehatan",
        AgencyKind.HEALTH,
        "31.71",
        [ServiceCode.HEALTH_REHAB],
    ),
    (
        "sudin-nakertransgi-jakpus",
        "Suku Dinas Tenaga Kerja, Transmigrasi dan Energi Kota Administrasi Jakarta Pusat",
        "Sudin Nakertransgi",
        AgencyKind.MANPOWER,
        "31.71",
        [ServiceCode.REINTEGRATION],
    ),
    (
        "polres-jakpus-ppa",
        "Polres Metro Jakarta Pusat – Unit PPA",
        "Polres Jakpus (Unit PPA)",
        AgencyKind.POLICE,
        "31.71",
        [ServiceCode.LAW_ENFORCEMENT],
    ),
    (
        "kejari-jakpus",
        "Kejaksaan Negeri Jakarta Pusat",
        "Kejari Jakpus",
        AgencyKind.PROSECUTOR,
        "31.71",
        [ServiceCode.PROSECUTION, ServiceCode.RESTITUTION],
    ),
    (
        "imigrasi-jakpus",
        "Kantor Imigrasi Kelas I Khusus TPI Jakarta Pusat",
        "Imigrasi Jakpus",
        AgencyKind.IMMIGRATION,
        "31.71",
        [],
    ),
    (
        "lpsk",
        "Lembaga Perlindungan Saksi dan Korban (LPSK)",
        "LPSK",
        AgencyKind.LPSK,
        "",
        [ServiceCode.PROTECTION, ServiceCode.RESTITUTION, ServiceCode.LEGAL_AID],
    ),
    (
        "bp3mi-jakarta",
        "Balai Pelayanan Pelindungan Pekerja Migran Indonesia (BP3MI) DKI Jakarta",
        "BP3MI Jakarta",
        AgencyKind.MIGRANT_PROTECTION,
        "31",
        [ServiceCode.REPATRIATION],
    ),
    (
        "pemkot-jakpus",
        "Kantor Wali Kota Administrasi Jakarta Pusat",
        "Pemkot Jakpus",
        AgencyKind.OTHER,
        "31.71",
        [],
    ),
]
