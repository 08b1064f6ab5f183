from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    """Kinds of task-force member agencies (../shared/domain/indonesia-tppo.md §5)."""

    SECRETARIAT = "secretariat", _("Sekretariat (Suku Dinas PPAPP)")
    UPT_PPA = "upt_ppa", _("UPT/UPTD PPA")
    KECAMATAN = "kecamatan", _("Kantor Kecamatan")
    KELURAHAN = "kelurahan", _("Kantor Kelurahan")
    EDUCATION = "education", _("Pendidikan")
    SOCIAL = "social", _("Sosial")
    HEALTH = "health", _("Kesehatan")
    MANPOWER = "manpower", _("Ketenagakerjaan")
    POLICE = "police", _("Kepolisian")
    PROSECUTOR = "prosecutor", _("Kejaksaan")
    IMMIGRATION = "immigration", _("Imigrasi")
    LPSK = "lpsk", _("LPSK")
    MIGRANT_PROTECTION = "migrant_protection", _("Pelindungan Pekerja Migran")
    SCHOOL = "school", _("Sekolah")
    OTHER = "other", _("Lainnya")


class Role(models.TextChoices):
    """User roles; each maps to one Django Group holding its permissions (see roles.py)."""

    REPORTER = "reporter", _("Pelapor (kelurahan/kecamatan/sekolah)")
    CASE_MANAGER = "case_manager", _("Manajer kasus")
    SUPERVISOR = "supervisor", _("Supervisor")
    SECRETARIAT = "secretariat", _("Sekretariat gugus tugas")
    SERVICE_PROVIDER = "service_provider", _("Penyedia layanan")
    POLICE = "police", _("Penyidik kepolisian")
    LEADERSHIP = "leadership", _("Pimpinan")
    AUDITOR = "auditor", _("Auditor / petugas pelindungan data")
    PLATFORM_ADMIN = "platform_admin", _("Admin platform")


class ServiceCode(models.TextChoices):
    """Victim services (UU 21/2007 Pasal 51 and Permen PPPA service standards)."""

    HEALTH_REHAB = "health_rehab", _("Rehabilitasi kesehatan")
    SOCIAL_REHAB = "social_rehab", _("Rehabilitasi sosial")
    REPATRIATION = "repatriation", _("Pemulangan")
    REINTEGRATION = "reintegration", _("Reintegrasi sosial")
    LEGAL_AID = "legal_aid", _("Bantuan hukum")
    SHELTER = "shelter", _("Penampungan sementara")
    ACCOMPANIMENT = "accompaniment", _("Pendampingan")
    RESTITUTION = "restitution", _("Pendampingan restitusi")
    LAW_ENFORCEMENT = "law_enforcement", _("Penegakan hukum (laporan polisi)")
