from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Terkirim")
    ACCEPTED = "accepted", _("Diterima")
    DECLINED = "declined", _("Ditolak")
    IN_PROGRESS = "in_progress", _("Sedang berjalan")
    COMPLETED = "completed", _("Selesai")
    REVOKED = "revoked", _("Dibatalkan")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
