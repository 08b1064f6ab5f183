"""Coded lists for cases (../shared/domain/: UU 21/2007 Pasal 1, HTCDS and CTDC names)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    REPORTED = "reported", _("Dilaporkan")
    OPEN = "open", _("Ditangani")
    CLOSED = "closed", _("Ditutup")


class IntakeChannel(models.TextChoices):
    KELURAHAN_REPORT = "kelurahan_report", _("Laporan kelurahan/kecamatan")
    SCHOOL_REPORT = "school_report", _("Laporan sekolah")
    WALK_IN = "walk_in", _("Datang langsung")
    HOTLINE = "hotline", _("Hotline (SAPA 129 dll.)")
    POLICE = "police", _("Rujukan kepolisian")
    AGENCY_REFERRAL = "agency_referral", _("Rujukan instansi lain")
    REPATRIATION = "repatriation", _("Pemulangan dari luar negeri")
    OUTREACH = "outreach", _("Penjangkauan")
    ONLINE = "online", _("Pengaduan daring")
    OTHER = "other", _("Lainnya")


class Modus(models.TextChoices):
    """Modus operandi (domain §3.1; Polri Satgas TPPO categories kept as a mapping)."""

    MIGRANT_WORKER = "migrant_worker", _("Pekerja migran nonprosedural")
    DOMESTIC_WORKER = "domestic_worker", _("Pekerja rumah tangga")
    ONLINE_SCAM = "online_scam", _("Penipuan daring (online scam)")
    FISHING_CREW = "fishing_crew", _("Anak buah kapal (ABK)")
    SEXUAL_EXPLOITATION = "sexual_exploitation", _("Eksploitasi seksual / prostitusi")
    CHILD_EXPLOITATION = "child_exploitation", _("Eksploitasi anak")
    ORGAN_TRADE = "organ_trade", _("Perdagangan organ")
    MAIL_ORDER_BRIDE = "mail_order_bride", _("Pengantin pesanan")
    INTERNSHIP = "internship", _("Magang / program kampus palsu")
    OTHER = "other", _("Lainnya")


class ExploitationForm(models.TextChoices):
    """UU 21/2007 Pasal 1 angka 7 (exploitation) and HTCDS exploitation types."""

    FORCED_LABOUR = "forced_labour", _("Kerja paksa")
    SEXUAL = "sexual", _("Eksploitasi seksual")
    DOMESTIC_SERVITUDE = "domestic_servitude", _("Perbudakan rumah tangga")
    SLAVERY = "slavery", _("Perbudakan atau praktik serupa")
    FORCED_CRIMINALITY = "forced_criminality", _("Dipaksa melakukan kejahatan (mis. scam)")
    FORCED_BEGGING = "forced_begging", _("Dipaksa mengemis")
    FORCED_MARRIAGE = "forced_marriage", _("Perkawinan paksa")
    ORGAN_REMOVAL = "organ_removal", _("Pengambilan organ/jaringan tubuh")
    OTHER = "other", _("Lainnya")


class RecruitmentChannel(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    TIKTOK = "tiktok", _("TikTok")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    OTHER_ONLINE = "other_online", _("Media sosial/daring lainnya")
    BROKER = "broker", _("Calo / sponsor")
    FAMILY_FRIEND = "family_friend", _("Keluarga / teman")
    AGENCY = "agency", _("Perusahaan penempatan (P3MI)")
    CAMPUS = "campus", _("Kampus / sekolah")
    UNKNOWN = "unknown", _("Tidak diketahui")


class ParticipantRole(models.TextChoices):
    VICTIM = "victim", _("Korban")
    WITNESS = "witness", _("Saksi")
    SUSPECT = "suspect", _("Terduga pelaku")


class Sex(models.TextChoices):
    FEMALE = "F", _("Perempuan")
    MALE = "M", _("Laki-laki")


class JourneyStage(models.TextChoices):
    RECRUITMENT = "recruitment", _("Perekrutan")
    TRANSIT = "transit", _("Transit / penampungan")
    EXPLOITATION = "exploitation", _("Eksploitasi")


class Process(models.TextChoices):
    """Process element, UU 21/2007 Pasal 1 angka 1."""

    RECRUITMENT = "recruitment", _("Perekrutan")
    TRANSPORTATION = "transportation", _("Pengangkutan")
    HARBOURING = "harbouring", _("Penampungan")
    SENDING = "sending", _("Pengiriman")
    TRANSFER = "transfer", _("Pemindahan")
    RECEIPT = "receipt", _("Penerimaan")


class Means(models.TextChoices):
    """Means element, UU 21/2007 Pasal 1 angka 1."""

    THREAT = "threat", _("Ancaman kekerasan")
    VIOLENCE = "violence", _("Penggunaan kekerasan")
    ABDUCTION = "abduction", _("Penculikan")
    CONFINEMENT = "confinement", _("Penyekapan")
    FORGERY = "forgery", _("Pemalsuan")
    DECEPTION = "deception", _("Penipuan")
    ABUSE_OF_POWER = "abuse_of_power", _("Penyalahgunaan kekuasaan atau posisi rentan")
    DEBT_BONDAGE = "debt_bondage", _("Jeratan utang")
    PAYMENT = "payment", _("Memberi bayaran atau manfaat kepada yang memegang kendali")


class Purpose(models.TextChoices):
    """Purpose element: exploitation, UU 21/2007 Pasal 1 angka 1 and angka 7."""

    PROSTITUTION = "prostitution", _("Pelacuran / eksploitasi seksual")
    FORCED_LABOUR = "forced_labour", _("Kerja atau pelayanan paksa")
    SLAVERY = "slavery", _("Perbudakan atau praktik serupa")
    OPPRESSION = "oppression", _("Penindasan / pemerasan")
    ORGAN_REMOVAL = "organ_removal", _("Pengambilan organ/jaringan tubuh")
    OTHER_EXPLOITATION = (
        "other_exploitation",
        _("Pemanfaatan tenaga atau kemampuan untuk keuntungan pihak lain"),
    )


class IdentificationResult(models.TextChoices):
    INDICATED = "indicated", _("Terindikasi TPPO")
    NOT_INDICATED = "not_indicated", _("Tidak terindikasi TPPO")
    NEEDS_INFORMATION = "needs_information", _("Perlu informasi lebih lanjut")
    UNDER_SCREENING = "under_screening", _("Dalam penyaringan")


class ClosureReason(models.TextChoices):
    SERVICES_COMPLETED = "services_completed", _("Layanan selesai, korban pulih/reintegrasi")
    NOT_TPPO = "not_tppo", _("Bukan TPPO setelah identifikasi")
    TRANSFERRED = "transferred", _("Dialihkan ke wilayah/instansi lain")
    VICTIM_DECLINED = "victim_declined", _("Korban menolak layanan lanjutan")
    LOST_CONTACT = "lost_contact", _("Kehilangan kontak")
    DECEASED = "deceased", _("Korban meninggal dunia")
    OTHER = "other", _("Lainnya")
