"""``manage.py seed_demo --cases N [--seed S]``: fill the database with synthetic demo cases.

Everything is invented: names come from Faker's ``id_ID`` locale, no NIK, phone or address is
generated (a made-up NIK could belong to a real person), and every write goes through the
services (``case_report``, ``case_open``, ``identification_record``, ``referral_*``,
``case_close``), so the audit chain, numbering and child flags behave as in real use.

Realism: report areas are the kelurahan of the default kota (Jakarta Pusat); victims come
mostly from provinces outside Jakarta (Jawa Barat, Jawa Tengah, Jawa Timur, NTT, NTB,
Lampung, ...); modus, exploitation forms and destinations follow the patterns in
../shared/domain/indonesia-tppo.md; reports are spread over the last 18 months.

To spread the *workflow* over those 18 months too (cases opened days after the report,
referrals answered late, overdue ones), the command runs each service under a simulated
clock: ``django.utils.timezone.now`` is replaced for the duration of the command, never beyond
the real present. The audit rows of seeded records therefore carry simulated times.

Actors are the demo users of :data:`sigap.cases.demo.DEMO_USERS` (``manage.py bootstrap``)
where they fit, otherwise internal synthetic users named ``seed.<agency>.<role>`` created
through the services with an unusable password (nobody can log in as them). Existing real
users are never used, and the command refuses to add to a database holding cases by anyone
else unless ``--force``.

Output: progress and totals only, never a name or any other personal data.
"""

from __future__ import annotations

import dataclasses
import random
import secrets
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from unittest import mock

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from faker import Faker

from sigap.accounts.models import User
from sigap.accounts.services import user_create
from sigap.agencies.choices import Role
from sigap.agencies.models import Agency, Membership, Service
from sigap.agencies.services import membership_set
from sigap.areas.models import Area
from sigap.cases import demo_bulk
from sigap.cases.demo import DEMO_USERS
from sigap.cases.models import Case
from sigap.cases.services import (
    JourneyData,
    PersonData,
    case_close,
    case_note_add,
    case_open,
    case_report,
    identification_record,
    participant_add,
)
from sigap.casework.choices import NeedDomain, NeedLevel
from sigap.casework.services import (
    NeedData,
    PlannedServiceData,
    assessment_record,
    plan_approve,
    plan_create,
    plan_submit,
)
from sigap.core.exceptions import ApplicationError
from sigap.justice.choices import STAGE_ORDER
from sigap.justice.services import justice_stage_advance, police_report_add
from sigap.referrals.models import Referral
from sigap.referrals.services import (
    referral_accept,
    referral_complete,
    referral_decline,
    referral_send,
)

SEED_USER_PREFIX = "seed."
HISTORY_DAYS = 548  # about 18 months
TEMPLATES = 300  # cases made through the services; the rest are bulk copies (demo_bulk)
BATCH = 20  # cases per transaction (one fsync per batch on SQLite)
UPT_PPA = "upt-ppa-dki"

# Victims' provinces of origin (Kemendagri codes) and weights; Jakarta itself is rare.
ORIGIN_PROVINCES = {
    "32": 26,  # Jawa Barat
    "33": 16,  # Jawa Tengah
    "35": 11,  # Jawa Timur
    "53": 11,  # Nusa Tenggara Timur
    "52": 10,  # Nusa Tenggara Barat
    "18": 6,  # Lampung
    "36": 5,  # Banten
    "12": 4,  # Sumatera Utara
    "61": 3,  # Kalimantan Barat
    "73": 3,  # Sulawesi Selatan
    "31": 3,  # DKI Jakarta
}

# Kecamatan of Jakarta Pusat with more reports (weights; others count 1).
REPORT_KECAMATAN_WEIGHT = {"31.71.03": 2.0, "31.71.07": 1.6, "31.71.04": 1.4}

INTAKE_CHANNELS = {
    "kelurahan_report": 45,
    "hotline": 12,
    "repatriation": 10,
    "walk_in": 10,
    "police": 8,
    "online": 7,
    "agency_referral": 5,
    "outreach": 3,
}

COUNTRY_NAMES = {
    "MY": "Malaysia",
    "SA": "Arab Saudi",
    "HK": "Hong Kong",
    "TW": "Taiwan",
    "AE": "Uni Emirat Arab",
    "SG": "Singapura",
    "QA": "Qatar",
    "JP": "Jepang",
    "KH": "Kamboja",
    "MM": "Myanmar",
    "LA": "Laos",
    "PH": "Filipina",
    "KR": "Korea Selatan",
    "CN": "Tiongkok",
    "DE": "Jerman",
}

CHANNEL_WORDS = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "whatsapp": "grup WhatsApp",
    "telegram": "Telegram",
    "broker": "seorang calo",
    "family_friend": "kenalan keluarga",
    "agency": "perusahaan penempatan tidak resmi",
    "campus": "program kampus",
}


@dataclass(frozen=True)
class Profile:
    """How one modus usually looks (domain §3): forms, destinations, victims, elements."""

    weight: int
    forms: list[tuple[str, float]]  # (form, probability); the first is always present
    countries: dict[str, int]  # abroad destinations; empty = domestic only
    domestic_share: float
    domestic_areas: list[str]
    channels: dict[str, int]
    female_share: float
    age_range: tuple[int, int]
    child_share: float
    victims: tuple[int, int]
    means: list[str]
    purpose: list[str]
    jobs: list[str] = field(default_factory=list)


PROFILES: dict[str, Profile] = {
    "migrant_worker": Profile(
        35,
        [("forced_labour", 1.0), ("domestic_servitude", 0.3)],
        {"MY": 40, "SA": 18, "HK": 10, "TW": 10, "AE": 8, "SG": 6, "QA": 4, "JP": 4},
        0.0,
        [],
        {"broker": 35, "facebook": 25, "family_friend": 15, "agency": 15, "whatsapp": 10},
        0.75,
        (19, 42),
        0.06,
        (1, 4),
        ["deception", "debt_bondage", "forgery", "abuse_of_power"],
        ["forced_labour"],
        ["pelayan restoran", "pekerja pabrik", "asisten rumah tangga", "pekerja perkebunan"],
    ),
    "online_scam": Profile(
        18,
        [("forced_criminality", 1.0), ("forced_labour", 0.4)],
        {"KH": 50, "MM": 30, "LA": 10, "PH": 10},
        0.0,
        [],
        {"facebook": 30, "telegram": 25, "instagram": 15, "tiktok": 15, "whatsapp": 15},
        0.4,
        (19, 35),
        0.02,
        (1, 7),
        ["deception", "confinement", "threat", "violence"],
        ["other_exploitation", "forced_labour"],
        ["admin pemasaran daring", "operator layanan pelanggan", "staf IT"],
    ),
    "sexual_exploitation": Profile(
        15,
        [("sexual", 1.0)],
        {"MY": 50, "JP": 20, "SG": 15, "AE": 15},
        0.6,
        ["21.71", "51.03", "31.71", "32.01"],
        {"family_friend": 25, "facebook": 20, "instagram": 20, "whatsapp": 20, "broker": 15},
        0.95,
        (14, 26),
        0.45,
        (1, 3),
        ["deception", "abuse_of_power", "debt_bondage", "threat"],
        ["prostitution"],
        ["pemandu lagu", "terapis spa", "pelayan kafe"],
    ),
    "domestic_worker": Profile(
        10,
        [("domestic_servitude", 1.0), ("forced_labour", 0.5)],
        {"SA": 50, "HK": 25, "MY": 25},
        0.5,
        ["31.74", "31.71", "32.73", "35.78"],
        {"broker": 40, "family_friend": 30, "agency": 20, "facebook": 10},
        0.95,
        (16, 40),
        0.15,
        (1, 2),
        ["deception", "debt_bondage", "confinement", "abuse_of_power"],
        ["forced_labour", "slavery"],
        ["asisten rumah tangga", "pengasuh anak", "perawat lansia"],
    ),
    "child_exploitation": Profile(
        8,
        [("sexual", 0.6), ("forced_begging", 0.3), ("forced_labour", 0.4)],
        {},
        1.0,
        ["31.71", "31.74", "21.71"],
        {"family_friend": 40, "instagram": 20, "tiktok": 20, "whatsapp": 20},
        0.7,
        (11, 17),
        1.0,
        (1, 3),
        ["deception", "abuse_of_power", "payment"],
        ["prostitution", "other_exploitation", "forced_labour"],
        ["pelayan warung", "penjual keliling"],
    ),
    "fishing_crew": Profile(
        5,
        [("forced_labour", 1.0), ("slavery", 0.3)],
        {"TW": 55, "KR": 25},
        0.25,
        ["71.72", "81.05"],
        {"broker": 50, "agency": 30, "family_friend": 20},
        0.0,
        (18, 45),
        0.05,
        (1, 5),
        ["deception", "debt_bondage", "forgery", "violence"],
        ["forced_labour", "slavery"],
        ["anak buah kapal"],
    ),
    "mail_order_bride": Profile(
        4,
        [("forced_marriage", 1.0), ("sexual", 0.3)],
        {"CN": 90, "TW": 10},
        0.0,
        [],
        {"broker": 60, "family_friend": 30, "facebook": 10},
        1.0,
        (17, 28),
        0.1,
        (1, 2),
        ["deception", "payment", "abuse_of_power"],
        ["other_exploitation", "prostitution"],
        [],
    ),
    "internship": Profile(
        3,
        [("forced_labour", 1.0)],
        {"DE": 40, "TW": 30, "JP": 30},
        0.0,
        [],
        {"campus": 70, "instagram": 15, "whatsapp": 15},
        0.5,
        (19, 24),
        0.0,
        (2, 6),
        ["deception", "debt_bondage"],
        ["forced_labour"],
        ["magang kerja"],
    ),
    "other": Profile(
        2,
        [("other", 1.0)],
        {},
        1.0,
        ["31.71"],
        {"family_friend": 50, "whatsapp": 50},
        0.6,
        (15, 40),
        0.2,
        (1, 2),
        ["deception"],
        ["other_exploitation"],
        [],
    ),
}

# Service → agencies that deliver it (never UPT PPA: it handles the cases and cannot refer to
# itself), with the receiving role.
SERVICE_TARGETS = {
    "health_rehab": [("sudin-kesehatan-jakpus", Role.SERVICE_PROVIDER)],
    "social_rehab": [("sudin-sosial-jakpus", Role.SERVICE_PROVIDER)],
    "shelter": [("sudin-sosial-jakpus", Role.SERVICE_PROVIDER)],
    "repatriation": [
        ("bp3mi-jakarta", Role.SERVICE_PROVIDER),
        ("sudin-sosial-jakpus", Role.SERVICE_PROVIDER),
    ],
    "reintegration": [
        ("sudin-sosial-jakpus", Role.SERVICE_PROVIDER),
        ("sudin-nakertransgi-jakpus", Role.SERVICE_PROVIDER),
    ],
    "legal_aid": [("lpsk", Role.LPSK)],
    "restitution": [("lpsk", Role.LPSK), ("kejari-jakpus", Role.PROSECUTOR)],
    "law_enforcement": [("polres-jakpus-ppa", Role.POLICE)],
    # Issue 13 §7: the case file to Kejari, and LPSK protection, answered by their own roles.
    "prosecution": [("kejari-jakpus", Role.PROSECUTOR)],
    "protection": [("lpsk", Role.LPSK)],
}
CHILD_REINTEGRATION = [("sudin-pendidikan-1", Role.SERVICE_PROVIDER)]

GUARDIAN_ROLES = ["ibu kandung", "ayah kandung", "nenek (wali)", "kakak kandung (wali)"]
DELIVERY_TEXT = {
    "health_rehab": "Pemeriksaan kesehatan, visum, dan konseling psikologis awal.",
    "social_rehab": "Asesmen sosial dan bimbingan psikososial.",
    "shelter": "Penampungan sementara di rumah aman beserta kebutuhan dasar.",
    "repatriation": "Pemulangan ke daerah asal didampingi petugas.",
    "reintegration": "Pendampingan reintegrasi dengan keluarga dan pelatihan keterampilan.",
    "legal_aid": "Pendampingan hukum selama pemeriksaan.",
    "restitution": "Penghitungan dan pengajuan permohonan restitusi.",
    "law_enforcement": "Laporan polisi diterima dan penyelidikan dimulai.",
    "prosecution": "Berkas perkara dinyatakan lengkap (P21) dan dakwaan memuat restitusi.",
    "protection": "Permohonan perlindungan diputus; korban mendapat pendampingan LPSK.",
}
DECLINE_TEXT = [
    "Kapasitas layanan sedang penuh; mohon rujuk ke unit lain.",
    "Layanan ini bukan kewenangan kami; disarankan rujuk ke instansi terkait.",
    "Korban sudah menerima layanan yang sama dari instansi lain.",
]
NOTE_TEXT = [
    "Asesmen awal selesai; korban dalam kondisi stabil.",
    "Koordinasi dengan keluarga korban di daerah asal sudah dilakukan.",
    "Korban meminta pendampingan saat pemeriksaan di kepolisian.",
    "Dokumen perjalanan korban masih ditahan oleh perekrut.",
]


class _Clock:
    """Callable replacing ``timezone.now`` while seeding.

    Simulated activity ends at ``ceiling``, the start of today (local time), so a run with the
    same seed on the same day makes the same choices whatever the hour.
    """

    def __init__(self, real_now: datetime):
        self.real_now = real_now
        self.ceiling = timezone.localtime(real_now).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        self.at: datetime | None = None

    def __call__(self) -> datetime:
        return self.at if self.at is not None else self.real_now

    def set(self, when: datetime) -> bool:
        """Move to ``when``; False (and no move) when it would be today or later."""
        if when >= self.ceiling:
            return False
        # UTC like the real timezone.now(): the audit hash covers occurred_at's ISO form.
        self.at = when.astimezone(UTC)
        return True


class Command(BaseCommand):
    help = "Fill the database with N synthetic demo cases through the services (no real data)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=50, help="Number of cases (1 or more).")
        parser.add_argument("--seed", type=int, default=None, help="Seed for a repeatable run.")
        parser.add_argument(
            "--templates",
            type=int,
            default=TEMPLATES,
            help="Cases made through the services before the rest are bulk copies of them.",
        )
        parser.add_argument(
            "--writers",
            type=int,
            default=demo_bulk.BulkCloner.WRITERS,
            help="PostgreSQL: connections that store the bulk copies in parallel.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add demo cases even though the database holds cases by non-demo users.",
        )

    def handle(self, *args, **options):
        count = options["cases"]
        if count < 1:
            raise CommandError("--cases must be 1 or more.")
        if options["writers"] < 1:
            raise CommandError("--writers must be 1 or more.")
        seed = options["seed"] if options["seed"] is not None else secrets.randbelow(10**6)
        if not options["force"] and self._has_real_cases():
            raise CommandError(
                "This database holds cases recorded by non-demo users; refusing to mix in "
                "synthetic cases. Use --force only on a demo or test database."
            )
        seeder = _Seeder(seed=seed, real_now=timezone.now(), stdout=self.stdout)
        seeder.prepare()
        started = time.monotonic()
        templates = max(1, min(count, options["templates"]))
        baseline = demo_bulk.max_ids()
        since = Case.objects.order_by("-id").values_list("id", flat=True).first() or 0
        totals = seeder.run(templates)
        template_seconds = time.monotonic() - started
        if count > templates:
            self._bulk(
                seeder,
                baseline=baseline,
                templates=templates,
                count=count,
                writers=options["writers"],
            )
            totals["bulk copies"] = count - templates
        totals.update(seeder.totals(since))
        elapsed = time.monotonic() - started
        _analyze()
        self.stdout.write(
            f"Seeded {count} synthetic cases (seed {seed}) in {elapsed:.1f} s "
            f"({templates} templates through the services in {template_seconds:.1f} s): "
            + ", ".join(f"{k} {v}" for k, v in sorted(totals.items()))
        )

    @staticmethod
    def _bulk(seeder, *, baseline, templates: int, count: int, writers: int) -> None:
        """Copy the template cases in bulk until ``count`` cases exist (issue 8 §2), stored by
        ``writers`` connections on PostgreSQL."""
        cloner = demo_bulk.BulkCloner(
            baseline=baseline,
            rng=seeder.rng,
            name_for=lambda female: seeder._name(female=female),
        )
        advice = demo_bulk.wal_advice_text(
            cases=count, max_wal_size_mb=demo_bulk.max_wal_size_mb(connection)
        )
        if advice:
            sys.stderr.write(advice + "\n")
        progress = _Progress(count, sys.stderr)
        progress.update(templates)
        cloner.copy_many(
            count - templates,
            progress=lambda n: progress.update(templates + n),
            writers=writers,
        )

    @staticmethod
    def _has_real_cases() -> bool:
        demo_names = [row[0] for row in DEMO_USERS]
        return (
            Case.objects.exclude(created_by__username__in=demo_names)
            .exclude(created_by__username__startswith=SEED_USER_PREFIX)
            .exists()
        )


#: Share of seeded victims who are an earlier victim recorded again (re-trafficked returning
#: migrant workers; IOM counts re-trafficking among the assisted victims).
RETURNING_SHARE = 0.04


def _respelled(name: str, rng: random.Random) -> str:
    """``name`` as another intake might write it: an old spelling (u/oe, j/dj), a dropped
    letter, or an added final h (Nurhaliza/Nurhalizah) — one change in the last word, so a
    person would still call it the same name (and the given name stays one of its sex)."""
    words = name.split()
    i = len(words) - 1
    word = words[i]
    if "u" in word[1:] and rng.random() < 0.4:
        word = word[0] + word[1:].replace("u", "oe", 1)
    elif "j" in word.lower() and rng.random() < 0.5:
        word = word.replace("j", "dj", 1).replace("J", "Dj", 1)
    elif word.endswith("a"):
        word += "h"
    elif len(word) > 4:
        k = rng.randrange(2, len(word) - 1)
        word = word[:k] + word[k + 1 :]
    else:
        word += "h"
    words[i] = word
    return " ".join(words)


#: Tables read by index-only scans (the name search's token table, the duplicate check's
#: blocking keys): PostgreSQL answers those from the index alone only for pages its visibility
#: map marks all-visible, which only VACUUM sets. Unvacuumed after a bulk load, each of the
#: name search's up to 10,001 ids cost a heap fetch: 51 ms at 1M cases, 12.8 ms after a
#: 1.2-second VACUUM of the table (docs/benchmarks.md).
VACUUM_AFTER_SEED = ("cases_casenametoken", "people_personkey")


def _analyze() -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL ``ANALYZE``; SQLite
    ``ANALYZE`` too, which fills ``sqlite_stat1``). Without it a server with autovacuum off
    plans the case list on empty-table estimates (issue 8). On PostgreSQL the tables of
    ``VACUUM_AFTER_SEED`` are vacuumed first (outside any transaction, as VACUUM requires;
    seconds at 1M cases), which autovacuum would do on a server where it runs."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            for table in VACUUM_AFTER_SEED:
                cursor.execute(f"VACUUM {connection.ops.quote_name(table)}")
        cursor.execute("ANALYZE")


class _Progress:
    """A one-line progress bar on stderr (``\\r``-rewritten when stderr is a terminal, one line
    every 10 % otherwise): counts and rate only, never personal data."""

    def __init__(self, total: int, stream):
        self.total = total
        self.stream = stream
        self.started = time.monotonic()
        self.tty = getattr(stream, "isatty", lambda: False)()
        self.step = 1 if self.tty else max(1, total // 10)
        self.last_shown = -1.0
        self.next_line = self.step

    def update(self, done: int) -> None:
        """Show ``done`` of ``total`` cases (throttled to about 5 redraws a second)."""
        now = time.monotonic()
        final = done == self.total
        if self.tty:
            if not final and now - self.last_shown < 0.2:
                return
        elif not final and done < self.next_line:
            return
        while self.next_line <= done:
            self.next_line += self.step
        self.last_shown = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        left = (self.total - done) / rate if rate else 0
        width = 30
        filled = int(width * done / self.total)
        line = (
            f"[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} cases "
            f"{100 * done / self.total:5.1f}%  {rate:,.0f}/s  ETA {left:,.0f} s"
        )
        if self.tty:
            self.stream.write("\r" + line + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


class _Seeder:
    def __init__(self, *, seed: int, real_now: datetime, stdout):
        self.rng = random.Random(seed)
        self.past_victims: list[PersonData] = []
        self.fake = Faker("id_ID")
        self.fake.seed_instance(seed)
        self.clock = _Clock(real_now)
        self.stdout = stdout
        self.users: dict[tuple[str, str], User] = {}
        self.stats: Counter[str] = Counter()

    # --- set-up --------------------------------------------------------------------------

    def prepare(self) -> None:
        kota = settings.SIGAP_DEFAULT_AREA_CODE
        self.report_areas = list(
            Area.objects.filter(code__startswith=kota + ".", level="kelurahan")
            .order_by("code")
            .values_list("code", flat=True)
        )
        if not self.report_areas:
            raise CommandError(f"No kelurahan under {kota}; run `manage.py bootstrap` first.")
        self.report_weights = [
            REPORT_KECAMATAN_WEIGHT.get(code.rsplit(".", 1)[0], 1.0) for code in self.report_areas
        ]
        if not Agency.objects.filter(code=UPT_PPA).exists():
            raise CommandError("Agencies not loaded; run `manage.py bootstrap` first.")
        self.agencies = {a.code: a for a in Agency.objects.filter(is_active=True)}
        self.services = {s.code: s for s in Service.objects.all()}
        self.origins: dict[str, list[str]] = {}
        for province in ORIGIN_PROVINCES:
            codes = list(
                Area.objects.filter(
                    code__startswith=province + ".", level__in=["desa", "kelurahan"]
                )
                .order_by("code")
                .values_list("code", flat=True)
            )
            if codes:
                self.origins[province] = codes
        if not self.origins:
            raise CommandError("No villages loaded; run `manage.py load_areas` first.")
        wanted = {code for p in PROFILES.values() for code in p.domestic_areas}
        self.domestic_areas = set(
            Area.objects.filter(code__in=wanted).values_list("code", flat=True)
        )
        self.area_cache: dict[str, Area] = {}

    def _area(self, code: str) -> Area:
        if code not in self.area_cache:
            self.area_cache[code] = Area.objects.get(code=code)
        return self.area_cache[code]

    def user(self, agency_code: str, role: str) -> User:
        """The demo user for (agency, role), else an internal synthetic ``seed.`` user."""
        key = (agency_code, role)
        if key in self.users:
            return self.users[key]
        demo_names = [u for u, _n, r, a in DEMO_USERS if a == agency_code and r == role]
        membership = (
            Membership.objects.select_related("user")
            .filter(
                agency__code=agency_code,
                role=role,
                user__is_active=True,
                user__username__in=[*demo_names, self._seed_name(agency_code, role)],
            )
            .order_by("user__username")
            .first()
        )
        if membership is not None:
            user = membership.user
        else:
            agency = self.agencies.get(agency_code)
            if agency is None:
                raise CommandError(f"Agency {agency_code} missing; run `manage.py bootstrap`.")
            user = user_create(
                username=self._seed_name(agency_code, role),
                password=None,  # Django's unusable password: nobody can log in as a seed user
                first_name="Petugas",
                last_name=f"{agency.short_name or agency.name} (sintetis)"[:150],
            )
            membership_set(user=user, agency=agency, role=role)
            self.stats["synthetic users"] += 1
        self.users[key] = user
        return user

    @staticmethod
    def _seed_name(agency_code: str, role: str) -> str:
        return f"{SEED_USER_PREFIX}{agency_code}.{role}"[:150]

    # --- the run -------------------------------------------------------------------------

    def run(self, count: int) -> dict[str, int]:
        # Report days: yesterday back to about 18 months ago, at office hours.
        yesterday = self.clock.ceiling - timedelta(days=1)
        moments = sorted(
            yesterday.replace(hour=self.rng.randint(8, 16), minute=self.rng.randint(0, 59))
            - timedelta(days=self.rng.randint(0, HISTORY_DAYS))
            for _ in range(count)
        )
        progress = _Progress(count, sys.stderr)
        with mock.patch.object(timezone, "now", self.clock):
            for start in range(0, count, BATCH):
                with transaction.atomic():
                    for index in range(start, min(start + BATCH, count)):
                        self._one_case(moments[index])
                        progress.update(index + 1)
        self.clock.at = None
        return dict(self.stats)

    @staticmethod
    def totals(since_case_id: int) -> dict[str, int]:
        """Cases and referrals per status among cases with id above ``since_case_id``
        (counted in the database: a million rows never come into Python)."""
        out = {}
        cases = Case.objects.filter(id__gt=since_case_id)
        for row in cases.values("status").annotate(n=Count("id")).order_by():
            out[f"cases {row['status']}"] = row["n"]
        referrals = Referral.objects.filter(case_id__gt=since_case_id)
        for row in referrals.values("status").annotate(n=Count("id")).order_by():
            out[f"referrals {row['status']}"] = row["n"]
        return out

    def _pick(self, weights: dict[str, float]) -> str:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def _later(self, moment: datetime, *, hours: tuple[float, float]) -> datetime:
        return moment + timedelta(hours=self.rng.uniform(*hours))

    def _one_case(self, reported_at: datetime) -> None:
        rng = self.rng
        modus = self._pick({k: p.weight for k, p in PROFILES.items()})
        profile = PROFILES[modus]
        report_code = rng.choices(self.report_areas, weights=self.report_weights)[0]
        channel_code = self._pick(INTAKE_CHANNELS)
        reporter = self._reporter(channel_code, report_code)

        forms = [f for f, share in profile.forms if share >= 1.0 or rng.random() < share]
        if not forms:
            forms = [profile.forms[0][0]]
        country, dest_area = "", None
        if rng.random() >= profile.domestic_share and profile.countries:
            country = self._pick(profile.countries)
        else:
            options = [c for c in profile.domestic_areas if c in self.domestic_areas]
            dest_area = self._area(rng.choice(options)) if options else None
        recruitment = self._pick(profile.channels)

        reported_on = timezone.localdate(reported_at)
        exploited_on = reported_on - timedelta(days=rng.randint(7, 400))
        recruited_on = exploited_on - timedelta(days=rng.randint(10, 120))
        victims = [
            self._victim(profile, exploited_on, reported_on)
            for _ in range(rng.randint(*profile.victims))
        ]
        origin = victims[0].origin_area
        journey = [JourneyData(stage="recruitment", area=origin, occurred_on=recruited_on)]
        if country and rng.random() < 0.7:
            transit_on = recruited_on + timedelta(days=rng.randint(1, 9))
            journey.append(
                JourneyData(
                    stage="transit",
                    area=self._area(report_code),
                    place_note="penampungan",
                    occurred_on=min(transit_on, exploited_on),
                )
            )
        journey.append(
            JourneyData(
                stage="exploitation", country=country, area=dest_area, occurred_on=exploited_on
            )
        )

        self.clock.set(reported_at)
        case = case_report(
            actor=reporter,
            intake_channel=channel_code,
            report_area=self._area(report_code),
            summary=self._summary(profile, modus, country, recruitment, len(victims)),
            reported_on=reported_on,
            modus=modus,
            exploitation_forms=forms,
            destination_country=country,
            destination_area=dest_area,
            recruitment_channel=recruitment,
            victims=victims,
            journey=journey,
        )
        self._lifecycle(case, profile, reported_at)

    def _reporter(self, channel: str, report_code: str) -> User:
        if channel == "kelurahan_report":
            kecamatan = report_code.rsplit(".", 1)[0]
            if kecamatan == "31.71.03" and self.rng.random() < 0.3:
                office = f"kecamatan-{kecamatan.replace('.', '-')}"
            else:
                office = f"kelurahan-{report_code.replace('.', '-')}"
            if office in self.agencies:
                return self.user(office, Role.REPORTER)
        return self.user(UPT_PPA, Role.CASE_MANAGER)

    def _victim(self, profile: Profile, exploited_on: date, reported_on: date) -> PersonData:
        """A new victim, or (``RETURNING_SHARE``) one seeded before, recorded again with her
        name spelt differently: a returning migrant worker trafficked again, whom the
        duplicate check and the batch linkage should find (issue 10)."""
        if self.past_victims and self.rng.random() < RETURNING_SHARE:
            past = self.rng.choice(self.past_victims)
            return dataclasses.replace(past, full_name=_respelled(past.full_name, self.rng))
        victim = self._new_victim(profile, exploited_on, reported_on)
        self.past_victims.append(victim)
        return victim

    def _new_victim(self, profile: Profile, exploited_on: date, reported_on: date) -> PersonData:
        rng = self.rng
        female = rng.random() < profile.female_share
        if rng.random() < profile.child_share:
            age = rng.randint(min(max(profile.age_range[0], 10), 15), 17)
        else:
            age = rng.randint(max(profile.age_range[0], 18), max(profile.age_range[1], 18))
        born = exploited_on - timedelta(days=int(age * 365.25) + rng.randint(1, 360))
        province = self._pick({p: w for p, w in ORIGIN_PROVINCES.items() if p in self.origins})
        origin = self._area(rng.choice(self.origins[province]))
        name = self._name(female=female)
        roll = rng.random()
        if roll < 0.78:
            return PersonData(
                full_name=name, sex="F" if female else "M", date_of_birth=born, origin_area=origin
            )
        if roll < 0.96:
            estimated = (reported_on - born).days // 365
            return PersonData(
                full_name=name,
                sex="F" if female else "M",
                estimated_age=estimated,
                origin_area=origin,
            )
        return PersonData(full_name=name, sex="F" if female else "M", origin_area=origin)

    def _name(self, *, female: bool) -> str:
        """A first and last name of the given sex, without titles.

        Faker's ``id_ID`` ``name_male()``/``name_female()`` add academic titles ("drg.", "S.Sos")
        and mix sexes (issue 13 §11); its first- and last-name lists per sex do not.
        """
        if female:
            return f"{self.fake.first_name_female()} {self.fake.last_name_female()}"
        return f"{self.fake.first_name_male()} {self.fake.last_name_male()}"

    def _summary(self, profile, modus, country, recruitment, victims) -> str:
        rng = self.rng
        who = "Seorang korban" if victims == 1 else f"{victims} orang korban"
        via = CHANNEL_WORDS.get(recruitment, "kenalan")
        place = COUNTRY_NAMES.get(country, "") or "kota lain di Indonesia"
        job = rng.choice(profile.jobs) if profile.jobs else "pekerjaan dengan gaji tinggi"
        if modus == "online_scam":
            return (
                f"{who} direkrut melalui {via} dengan tawaran kerja sebagai {job} di {place}. "
                "Setibanya di sana paspor ditahan dan korban dipaksa menipu orang secara daring "
                "dengan target harian; yang gagal mendapat hukuman fisik."
            )
        if modus == "mail_order_bride":
            return (
                f"{who} dijodohkan melalui {via} dengan laki-laki warga {place} dengan janji "
                "hidup sejahtera; keluarga menerima uang dan korban kemudian dilarang pulang."
            )
        if modus in ("sexual_exploitation", "child_exploitation"):
            return (
                f"{who} ditawari pekerjaan sebagai {job} melalui {via}, lalu dipaksa melayani "
                f"tamu di {place}. Penghasilan ditahan untuk membayar 'utang' kepada perekrut."
            )
        return (
            f"{who} direkrut melalui {via} untuk bekerja sebagai {job} di {place} dengan visa "
            "kunjungan. Biaya keberangkatan akan dipotong dari gaji; korban sempat ditampung "
            "di sebuah rumah sebelum diberangkatkan."
        )

    # --- after the report ----------------------------------------------------------------

    def _lifecycle(self, case: Case, profile: Profile, reported_at: datetime) -> None:
        rng = self.rng
        if rng.random() < 0.07:
            self.stats["left in intake queue"] += 1
            return
        opened_at = self._later(reported_at, hours=(1, 72))
        if not self.clock.set(opened_at):
            return
        manager = self.user(UPT_PPA, Role.SUPERVISOR if rng.random() < 0.2 else Role.CASE_MANAGER)
        case = case_open(case=case, actor=manager)
        victims = list(case.participants.filter(role="victim").order_by("id"))

        moment = self._later(opened_at, hours=(2, 24 * 7))
        results: dict[int, str] = {}
        if rng.random() < 0.9 and self.clock.set(moment):
            process, means, purpose = self._elements(profile)
            for ident in identification_record(
                case=case,
                actor=manager,
                victims=victims,
                process=process,
                means=means,
                purpose=purpose,
            ):
                results[ident.participant_id] = ident.result
        if rng.random() < 0.4:
            moment = self._later(moment, hours=(1, 48))
            if self.clock.set(moment):
                male = rng.random() < 0.7
                participant_add(
                    case=case,
                    actor=manager,
                    role="suspect",
                    data=PersonData(
                        full_name=self._name(female=not male),
                        sex="M" if male else "F",
                        estimated_age=rng.randint(28, 58),
                    ),
                )
        if rng.random() < 0.35:
            moment = self._later(moment, hours=(1, 72))
            if self.clock.set(moment):
                case_note_add(case=case, actor=manager, body=rng.choice(NOTE_TEXT))

        indicated = [v for v in victims if results.get(v.pk, "") != "not_indicated"]
        moment = self._casework(case, manager, indicated, moment)

        if all(r == "not_indicated" for r in results.values()) and results:
            close_at = self._later(moment, hours=(24, 24 * 20))
            if self.clock.set(close_at):
                case_close(case=case, actor=manager, reason="not_tppo")
            return

        last, still_open = moment, 0
        for victim in victims:
            if results.get(victim.pk) == "not_indicated":
                continue
            for service_code, agency_code, role in self._services_for(victim, case):
                sent_at = self._later(moment, hours=(1, 24 * 4))
                if not self.clock.set(sent_at):
                    continue
                referral = referral_send(
                    case=case,
                    actor=manager,
                    victim=victim,
                    to_agency=self.agencies[agency_code],
                    service=self.services[service_code],
                    **self._sharing_basis(victim, service_code, sent_at),
                )
                end = self._respond(referral, service_code, agency_code, role, sent_at)
                if end is None:
                    still_open += 1
                else:
                    last = max(last, end)

        last = self._justice(case, last)

        age_days = (self.clock.ceiling - reported_at).days
        if still_open and not (age_days > 270 and rng.random() < 0.5):
            return
        close_at = self._later(last, hours=(24 * 7, 24 * 90))
        if rng.random() < 0.75 and self.clock.set(close_at):
            if still_open:
                reason = rng.choice(["lost_contact", "transferred", "victim_declined"])
            else:
                reason = "services_completed" if rng.random() < 0.85 else "victim_declined"
            case_close(case=case, actor=manager, reason=reason)

    def _guarded(self, label: str, step) -> bool:
        """Run one service call; a refusal (a rule the synthetic story broke) is counted and
        skipped, never hidden: the totals line shows "<label> refused"."""
        try:
            with transaction.atomic():
                step()
        except (ApplicationError, ValidationError, PermissionDenied):
            self.stats[f"{label} refused"] += 1
            return False
        self.stats[label] += 1
        return True

    def _casework(self, case: Case, manager: User, victims, moment: datetime) -> datetime:
        """Needs assessments and case plans (draft, submitted, approved) for most victims."""
        rng = self.rng
        supervisor = self.user(UPT_PPA, Role.SUPERVISOR)
        for victim in victims:
            if rng.random() < 0.8:
                moment = self._later(moment, hours=(2, 24 * 5))
                if not self.clock.set(moment):
                    return moment
                needs = [
                    NeedData(domain=d, level=rng.choice(NeedLevel.values))
                    for d in NeedDomain.values
                ]
                self._guarded(
                    "assessments",
                    lambda v=victim, n=needs, m=moment: assessment_record(
                        case=case,
                        participant=v,
                        actor=manager,
                        assessed_on=timezone.localdate(m),
                        needs=n,
                        summary=rng.choice(NOTE_TEXT),
                    ),
                )
            if rng.random() >= 0.65:
                continue
            moment = self._later(moment, hours=(2, 24 * 5))
            if not self.clock.set(moment):
                return moment
            planned = [
                PlannedServiceData(
                    service=self.services[code],
                    due_on=timezone.localdate(moment) + timedelta(days=rng.randint(7, 60)),
                )
                for code in rng.sample(["health_rehab", "social_rehab", "shelter"], 2)
                if code in self.services
            ]
            holder: dict = {}

            def make(v=victim, planned=planned, holder=holder):
                holder["plan"] = plan_create(
                    case=case,
                    participant=v,
                    actor=manager,
                    goals="Pemulihan kesehatan dan psikososial, lalu reintegrasi dengan keluarga.",
                    services=planned,
                )

            if not self._guarded("plans", make) or rng.random() < 0.2:
                continue  # left as a draft
            moment = self._later(moment, hours=(1, 48))
            if not self.clock.set(moment):
                return moment
            if not self._guarded(
                "plans submitted", lambda h=holder: plan_submit(plan=h["plan"], actor=manager)
            ):
                continue
            if rng.random() < 0.25:
                continue  # waiting for the supervisor
            moment = self._later(moment, hours=(1, 72))
            if self.clock.set(moment):
                self._guarded(
                    "plans approved",
                    lambda h=holder: plan_approve(plan=h["plan"], actor=supervisor),
                )
        return moment

    def _justice(self, case: Case, last: datetime) -> datetime:
        """A police report and the criminal process up to a random stage, when police took the
        case (an accepted or completed law-enforcement referral)."""
        rng = self.rng
        taken = Referral.objects.filter(
            case=case, service__code="law_enforcement", status__in=["accepted", "completed"]
        ).exists()
        if not taken:
            return last
        police = self.user("polres-jakpus-ppa", Role.POLICE)
        moment = self._later(last, hours=(24, 24 * 10))
        if not self.clock.set(moment):
            return last
        number = f"LP/B/{rng.randint(100, 9999)}/{moment.year}/SPKT/POLRES JAKPUS"
        if not self._guarded(
            "police reports",
            lambda: police_report_add(
                case=case,
                actor=police,
                number=number,
                unit="Unit PPA Satreskrim Polres Metro Jakarta Pusat",
                reported_on=timezone.localdate(moment),
            ),
        ):
            return last
        depth = rng.randint(1, len(STAGE_ORDER) - 1)
        for stage in STAGE_ORDER[1 : depth + 1]:
            if stage == "appeal" and rng.random() < 0.7:
                continue
            moment = self._later(moment, hours=(24 * 7, 24 * 60))
            if not self.clock.set(moment):
                break
            if not self._guarded(
                "justice stages",
                lambda s=stage, m=moment: justice_stage_advance(
                    case=case, actor=police, stage=s, on=timezone.localdate(m)
                ),
            ):
                break
            last = moment
        return max(last, moment) if self.clock.at and moment < self.clock.ceiling else last

    def _sharing_basis(self, victim, service_code: str, sent_at: datetime) -> dict:
        """A recorded basis for sharing the victim's data (consent mostly, issue 3 §3)."""
        rng = self.rng
        today = timezone.localdate(sent_at)
        if service_code == "law_enforcement":
            return {"sharing_basis": "legal_obligation", "legal_reference": "KUHAP Pasal 108"}
        if victim.is_child is None or rng.random() < 0.15:
            return {"sharing_basis": "public_task", "legal_reference": "UU 21/2007 Pasal 51"}
        if victim.is_child:
            return {
                "sharing_basis": "guardian_consent",
                "consent_given_by": rng.choice(GUARDIAN_ROLES),
                "consent_recorded_on": today,
            }
        return {"sharing_basis": "victim_consent", "consent_recorded_on": today}

    def _elements(self, profile: Profile) -> tuple[list[str], list[str], list[str]]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.04:
            return [], [], []  # nothing found: not indicated
        process = rng.sample(["recruitment", "transportation", "harbouring", "sending"], 2)
        process.sort()
        means = sorted(rng.sample(profile.means, min(2, len(profile.means))))
        purpose = [rng.choice(profile.purpose)]
        if roll < 0.16:
            means = []  # adults then need more information; children are still indicated
        elif roll < 0.2:
            purpose = []
        return process, means, purpose

    def _services_for(self, victim, case: Case) -> list[tuple[str, str, str]]:
        rng = self.rng
        wanted = ["health_rehab"] if rng.random() < 0.6 else []
        if rng.random() < 0.45:
            wanted.append("shelter")
        if case.destination_country and rng.random() < 0.35:
            wanted.append("repatriation")
        if rng.random() < 0.25:
            wanted.append("law_enforcement")
            if rng.random() < 0.4:
                wanted.append("prosecution")
            if rng.random() < 0.2:
                wanted.append("protection")
        if rng.random() < 0.15:
            wanted.append(rng.choice(["legal_aid", "restitution", "reintegration"]))
        picks = []
        for service_code in wanted:
            targets = SERVICE_TARGETS[service_code]
            if service_code == "reintegration" and victim.is_child:
                targets = CHILD_REINTEGRATION
            if case.destination_country == "" and service_code == "repatriation":
                targets = [t for t in targets if t[0] != "bp3mi-jakarta"]
            targets = [t for t in targets if t[0] in self.agencies]
            if targets and service_code in self.services:
                agency_code, role = rng.choice(targets)
                picks.append((service_code, agency_code, role))
        return picks

    def _respond(self, referral: Referral, service_code, agency_code, role, sent_at):
        """Accept/decline/complete as the receiving agency would; None while still open."""
        rng = self.rng
        responder = self.user(agency_code, role)
        answered_at = self._later(sent_at, hours=(2, 24 * 6))
        roll = rng.random()
        # Only recent referrals are left hanging; older ones were answered long ago.
        recent = (self.clock.ceiling - sent_at).days < 60
        if (roll < 0.15 and recent) or not self.clock.set(answered_at):
            return None  # not answered (overdue once past its due date) or not yet
        if 0.15 <= roll < 0.23:
            referral_decline(referral=referral, actor=responder, reason=rng.choice(DECLINE_TEXT))
            return answered_at
        referral_accept(referral=referral, actor=responder)
        done_at = self._later(answered_at, hours=(24, 24 * 25))
        if (rng.random() < 0.3 and recent) or not self.clock.set(done_at):
            return None  # service still under way
        referral_complete(
            referral=referral,
            actor=responder,
            delivered_on=timezone.localdate(done_at),
            description=DELIVERY_TEXT[service_code],
        )
        return done_at
