"""Demo data: the Jakarta Pusat task force and the meeting of the seed article (issue 11 §5).

Source: ../shared/seeds/000_342a3e8cb60010ff.txt. On Rabu, 3 Juli 2024 the Deputy Mayor of
Kota Administrasi Jakarta Pusat opened an internal meeting of the Gugus Tugas TPPO in the
Ruang Serbaguna Utama, Kantor Wali Kota Jakarta Pusat (Jalan Tanah Abang I, Gambir). He asked
lurah, camat, schools and OPD such as the education office to supervise and educate the public,
and law enforcement and UKPD to supervise, prevent and detect trafficking early; the head of
Suku Dinas PPAPP aimed at zero trafficking cases in Jakarta Pusat. The article gives no time of
day: 09.00 WIB is assumed, and said so in the minutes. The action items are what follows from
those words; their due dates are the demo's choice (end of the quarter or of the year).

Idempotent: the task force is found by its secretariat and name, the meeting by task force and
time; nothing that exists is changed. Writes go through the services with ``actor=None`` (the
system), so the audit rows exist as in real use.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from sigap.accounts.models import User
from sigap.agencies.choices import AgencyKind
from sigap.agencies.models import Agency
from sigap.areas.models import Area
from sigap.core.dates import WIB
from sigap.taskforce import services
from sigap.taskforce.choices import (
    ComputedSource,
    MeetingKind,
    MeetingStatus,
    SubTaskForceKind,
    TaskForceLevel,
)
from sigap.taskforce.models import Meeting, Programme, TaskForce

TF_NAME = "Gugus Tugas PP-TPPO Kota Administrasi Jakarta Pusat"
SEED_MEETING_AT = datetime(2024, 7, 3, 9, 0, tzinfo=WIB)
SEED_PLACE = "Ruang Serbaguna Utama, Kantor Wali Kota Jakarta Pusat, Jalan Tanah Abang I, Gambir"

# Member agencies (codes of sigap.agencies.reference) besides the kecamatan offices.
MEMBERS = [
    "sudin-ppapp-jakpus",
    "pemkot-jakpus",
    "upt-ppa-dki",
    "sudin-pendidikan-1",
    "sudin-pendidikan-2",
    "sudin-sosial-jakpus",
    "sudin-kesehatan-jakpus",
    "sudin-nakertransgi-jakpus",
    "polres-jakpus-ppa",
    "kejari-jakpus",
    "imigrasi-jakpus",
    "bp3mi-jakarta",
]
COORDINATORS = {
    SubTaskForceKind.PREVENTION: "sudin-pendidikan-1",
    SubTaskForceKind.HEALTH_REHAB: "sudin-kesehatan-jakpus",
    SubTaskForceKind.SOCIAL_REHAB: "sudin-sosial-jakpus",
    SubTaskForceKind.LEGAL_NORMS: "pemkot-jakpus",
    SubTaskForceKind.LAW_ENFORCEMENT: "polres-jakpus-ppa",
    SubTaskForceKind.COORDINATION: "sudin-ppapp-jakpus",
}
# Focal points: demo users (sigap.cases.demo.DEMO_USERS) where one exists at the agency.
FOCAL_POINTS = {
    "sudin-ppapp-jakpus": "sekretariat",
    "upt-ppa-dki": "mk.uptppa",
    "sudin-kesehatan-jakpus": "kesehatan",
    "sudin-sosial-jakpus": "sosial",
    "polres-jakpus-ppa": "penyidik",
    "kejari-jakpus": "jaksa",
    "lpsk": "lpsk",
    "kecamatan-31-71-03": "camat.kemayoran",
}

AGENDA = (
    "1. Pembukaan oleh Wakil Wali Kota Administrasi Jakarta Pusat\n"
    "2. Penguatan pemahaman dan kolaborasi penanganan TPPO\n"
    "3. Pengawasan, edukasi masyarakat dan deteksi dini oleh wilayah dan OPD\n"
    "4. Target nol kasus TPPO di Jakarta Pusat\n"
    "5. Rencana tindak lanjut"
)
MINUTES = (
    "Rapat dibuka oleh Wakil Wali Kota Administrasi Jakarta Pusat, Chaidir (waktu mulai "
    "tidak tercatat dalam sumber; 09.00 WIB diasumsikan). Pertemuan bertujuan meningkatkan "
    "pemahaman, memperkuat kolaborasi dan kerja sama berbagai pihak untuk menurunkan kasus TPPO.\n"
    "Wakil Wali Kota menyampaikan bahwa TPPO adalah kejahatan kemanusiaan yang kompleks, "
    "modusnya beragam dan terus berkembang serta melibatkan sindikat; penanganan korban "
    "membutuhkan kolaborasi, koordinasi dan aksi bersama para pemangku kepentingan agar hak "
    "korban dan saksi terlindungi, demikian pula penegakan hukum bagi pelaku.\n"
    "Lurah, camat, sekolah, dan OPD seperti Dinas Pendidikan diharapkan berperan aktif "
    "melakukan pengawasan sekaligus mengedukasi masyarakat. Aparat penegak hukum dan UKPD "
    "terkait diharapkan ikut mengawasi, mencegah dan mendeteksi dini TPPO.\n"
    "Kepala Suku Dinas PPAPP, Dwi Wahyu Rianti, berharap kegiatan ini memperkuat kolaborasi "
    "dan sinergi untuk mewujudkan nol kasus TPPO, khususnya di Jakarta Pusat."
)
ATTENDANCE = [
    ("pemkot-jakpus", "Chaidir", "Wakil Wali Kota Administrasi Jakarta Pusat"),
    ("sudin-ppapp-jakpus", "Dwi Wahyu Rianti", "Kepala Suku Dinas PPAPP"),
    ("sudin-pendidikan-1", "Perwakilan Sudin Pendidikan Wilayah I", ""),
    ("sudin-pendidikan-2", "Perwakilan Sudin Pendidikan Wilayah II", ""),
    ("polres-jakpus-ppa", "Perwakilan Unit PPA Polres Metro Jakarta Pusat", ""),
]
Q3_END = date(2024, 9, 30)
YEAR_END = date(2024, 12, 31)


def _agency(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def _kecamatan_offices() -> list[Agency]:
    return list(
        Agency.objects.filter(
            kind=AgencyKind.KECAMATAN, code__startswith="kecamatan-31-71-"
        ).order_by("code")
    )


# RAD demo: (sub-task force, programme, activity, agency code, indicator, unit, computed,
# targets by year). Computed indicators are counted by SIGAP; the others are reported.
RAD = [
    (
        SubTaskForceKind.PREVENTION,
        "Edukasi dan deteksi dini TPPO di sekolah dan wilayah",
        "Sosialisasi pencegahan TPPO di sekolah",
        "sudin-pendidikan-1",
        "Sekolah yang menerima sosialisasi",
        "sekolah",
        "",
        {2024: 20, 2025: 40, 2026: 60},
    ),
    (
        SubTaskForceKind.PREVENTION,
        "Edukasi dan deteksi dini TPPO di sekolah dan wilayah",
        "Deteksi dini dan laporan masyarakat",
        "sudin-ppapp-jakpus",
        "Laporan masyarakat yang diterima",
        "laporan",
        ComputedSource.COMMUNITY_REPORTS,
        {},
    ),
    (
        SubTaskForceKind.COORDINATION,
        "Pendataan dan koordinasi penanganan TPPO",
        "Pencatatan kasus TPPO di SIGAP",
        "sudin-ppapp-jakpus",
        "Kasus TPPO yang dilaporkan",
        "kasus",
        ComputedSource.CASES_REPORTED,
        {},
    ),
    (
        SubTaskForceKind.SOCIAL_REHAB,
        "Layanan korban tepat waktu",
        "Rujukan layanan korban diselesaikan dalam batas waktu",
        "sudin-sosial-jakpus",
        "Rujukan selesai dalam batas waktu",
        "rujukan",
        ComputedSource.REFERRALS_ON_TIME,
        {},
    ),
]


def _load_rad(tf) -> int:
    subgroups = {sg.kind: sg for sg in tf.subgroups.all()}
    programmes: dict[str, object] = {}
    made = 0
    for kind, prog, act, code, name, unit, computed, targets in RAD:
        agency = _agency(code)
        if agency is None:
            continue
        if prog not in programmes:
            programmes[prog] = services.programme_create(
                actor=None, subgroup=subgroups[kind], name=prog, first_year=2024, last_year=2026
            )
        activity = services.activity_create(
            actor=None, programme=programmes[prog], name=act, agency=agency
        )
        services.indicator_create(
            actor=None,
            activity=activity,
            name=name,
            unit=unit,
            computed=computed,
            targets=targets,
        )
        made += 1
    return made


@transaction.atomic
def taskforce_demo_load() -> dict[str, int]:
    """Create the task force, its structure, the seed meeting with attendance and action
    items, when they do not exist. Returns counts created: ``{"task_forces", "meetings",
    "action_items"}``. Needs the agencies (``agencies_load_defaults``); does nothing without
    the secretariat agency."""
    created = {"task_forces": 0, "meetings": 0, "action_items": 0, "indicators": 0}
    secretariat = _agency("sudin-ppapp-jakpus")
    if secretariat is None:
        return created
    tf = TaskForce.objects.filter(secretariat_agency=secretariat, name=TF_NAME).first()
    if tf is None:
        tf = services.task_force_save(
            actor=None,
            name=TF_NAME,
            level=TaskForceLevel.KOTA,
            area=Area.objects.filter(code="31.71").first(),
            decree_reference="Pergub DKI Jakarta 64/2019; Keputusan Wali Kota (contoh demo)",
            chair="Wali Kota Administrasi Jakarta Pusat",
            daily_chair="Wakil Wali Kota Administrasi Jakarta Pusat",
            secretariat_agency=secretariat,
        )
        created["task_forces"] = 1
        kecamatan = _kecamatan_offices()
        for agency in [a for a in map(_agency, MEMBERS) if a] + kecamatan:
            username = FOCAL_POINTS.get(agency.code)
            focal = User.objects.filter(username=username).first() if username else None
            if focal is not None and getattr(focal, "membership", None) is None:
                focal = None
            if focal is not None and focal.membership.agency_id != agency.pk:
                focal = None
            services.member_set(actor=None, task_force=tf, agency=agency, focal_point=focal)
        for sg in tf.subgroups.all():
            coordinator = _agency(COORDINATORS[sg.kind])
            if coordinator:
                services.subgroup_set_coordinator(actor=None, subgroup=sg, coordinator=coordinator)
    if not Programme.objects.filter(subgroup__task_force=tf).exists():
        created["indicators"] = _load_rad(tf)
    if Meeting.objects.filter(task_force=tf, starts_at=SEED_MEETING_AT).exists():
        return created
    data = services.MeetingData(
        kind=MeetingKind.COORDINATION,
        title="Pertemuan Internal Gugus Tugas Tindak Pidana Perdagangan Orang",
        starts_at=SEED_MEETING_AT,
        place=SEED_PLACE,
        chair="Chaidir, Wakil Wali Kota Administrasi Jakarta Pusat",
        agenda=AGENDA,
    )
    meeting = services.meeting_schedule(actor=None, task_force=tf, data=data)
    created["meetings"] = 1
    for code, name, position in ATTENDANCE:
        agency = _agency(code)
        if agency:
            services.attendance_record(
                actor=None,
                meeting=meeting,
                agency=agency,
                person_name=name,
                position=position,
                present=True,
            )
    items = []
    for office in _kecamatan_offices():
        items.append(
            (
                office,
                f"Camat dan lurah se-{office.name.removeprefix('Kantor ')} melakukan "
                "pengawasan wilayah dan deteksi dini TPPO (termasuk tempat penampungan calon "
                "pekerja migran) dan melaporkan temuan ke Sekretariat Gugus Tugas.",
                Q3_END,
            )
        )
    for code in ("sudin-pendidikan-1", "sudin-pendidikan-2"):
        agency = _agency(code)
        if agency:
            items.append(
                (
                    agency,
                    "Edukasi pencegahan TPPO di sekolah-sekolah di wilayah kerja (siswa, "
                    "guru BK, komite sekolah), dengan laporan jumlah sekolah dan peserta.",
                    YEAR_END,
                )
            )
    police = _agency("polres-jakpus-ppa")
    if police:
        items.append(
            (
                police,
                "Bersama UKPD terkait mengawasi, mencegah dan mendeteksi dini TPPO; "
                "menyampaikan rekap laporan polisi TPPO per triwulan ke Sekretariat.",
                Q3_END,
            )
        )
    items.append(
        (
            secretariat,
            "Menyusun langkah dan indikator menuju target nol kasus TPPO di Jakarta Pusat, "
            "dibahas pada rapat koordinasi berikutnya.",
            YEAR_END,
        )
    )
    for owner, text, due in items:
        services.action_item_create(
            actor=None, meeting=meeting, owner_agency=owner, description=text, due_on=due
        )
        created["action_items"] += 1
    services.meeting_update(
        actor=None, meeting=meeting, data=data, minutes=MINUTES, status=MeetingStatus.HELD
    )
    return created
