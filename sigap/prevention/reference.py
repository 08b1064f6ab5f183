"""Reference data of the prevention app (issue 9 §4-5).

``EDUCATION_OFFICE_BY_KECAMATAN``: which Suku Dinas Pendidikan supervises the schools of each
kecamatan of Jakarta Pusat, used to group schools' plan vs realised under "Sudin Pendidikan I"
and "Sudin Pendidikan II" (agency codes of ``sigap.agencies.reference``). The split below is
a working assumption to be confirmed by the secretariat (docs/architecture.md, "Prevention");
a school in a kecamatan not listed is shown under "schools, office not set".
"""

EDUCATION_OFFICE_BY_KECAMATAN: dict[str, str] = {
    "31.71.01": "sudin-pendidikan-1",  # Gambir
    "31.71.06": "sudin-pendidikan-1",  # Menteng
    "31.71.07": "sudin-pendidikan-1",  # Tanah Abang
    "31.71.04": "sudin-pendidikan-1",  # Senen
    "31.71.02": "sudin-pendidikan-2",  # Sawah Besar
    "31.71.03": "sudin-pendidikan-2",  # Kemayoran
    "31.71.05": "sudin-pendidikan-2",  # Cempaka Putih
    "31.71.08": "sudin-pendidikan-2",  # Johar Baru
}

# Early-warning windows (days) and the hot-spot rule (docs/architecture.md, "Early warning").
REPORT_WINDOW_DAYS = 90  # reports "now" = the last 90 days, compared with the 90 before
OUTREACH_WINDOW_DAYS = 180  # outreach counted as recent coverage
PARTICIPANT_WINDOW_DAYS = 365  # participants per 1,000 residents: the last 12 months
CASE_WINDOW_DAYS = 365  # indicated cases: reported in the last 12 months
SMALL_COUNT_MAX = 4  # case counts 1-4 are shown as "<5"
