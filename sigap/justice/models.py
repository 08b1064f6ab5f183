"""The justice process of a case: police reports, stages, suspects' roles and charges,
verdicts, restitution orders and payments (UU 21/2007; issue 4 §4).

Suspects are ``cases.Participant`` rows with role ``suspect``; this app adds their roles and
charges. Money is in whole Rupiah (integers). Free text here may name people: it is never
logged, and the victim's printable summary never shows it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sigap.core.models import BaseModel
from sigap.justice import rules
from sigap.justice.choices import (
    LAW_SHORT,
    JusticeStage,
    Law,
    SuspectRoleCode,
    VerdictLevel,
    VerdictOutcome,
)


class Article(models.Model):
    """An article that may be charged (reference data; see reference.py)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    law = models.CharField(_("law"), max_length=16, choices=Law.choices)
    article = models.CharField(_("article"), max_length=40)
    short_description = models.CharField(_("short description"), max_length=200)
    needs_verification = models.BooleanField(
        _("article number or wording still to be checked"), default=False
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return f"{self.article} {LAW_SHORT.get(self.law, self.law)}"

    @property
    def description(self) -> str:
        """The short description in the active language."""
        return gettext(self.short_description)


class PoliceReport(BaseModel):
    """A police report (laporan polisi), e.g. "LP/B/123/VII/2026/SPKT/Polres Metro Jakarta
    Pusat", made by ``unit`` on ``reported_on``."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="police_reports", db_index=False
    )
    number = models.CharField(_("report number"), max_length=120)
    unit = models.CharField(_("police unit"), max_length=150)
    reported_on = models.DateField(_("report date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["reported_on", "id"]
        verbose_name = _("police report")
        verbose_name_plural = _("police reports")
        permissions = [
            ("view_justice", "Can view the justice process of a case"),
            ("manage_justice", "Can record police reports, stages, suspects and charges"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="uniq_police_report_number"),
        ]

    def __str__(self) -> str:
        return self.number


class StageEvent(BaseModel):
    """One step of the case's justice process; the latest (by id) is the current stage.

    ``reason`` is required when the process goes back (e.g. the prosecutor returns the file to
    the investigator, "P19").
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="justice_stages", db_index=False
    )
    stage = models.CharField(_("stage"), max_length=32, choices=JusticeStage.choices)
    occurred_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("justice stage")
        verbose_name_plural = _("justice stages")
        indexes = [models.Index(fields=["case", "-id"])]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.occurred_on}"


class SuspectRole(models.Model):
    """One role of a suspect in the trafficking chain (a suspect may have several)."""

    participant = models.ForeignKey(
        "cases.Participant", on_delete=models.CASCADE, related_name="suspect_roles"
    )
    role = models.CharField(_("role"), max_length=24, choices=SuspectRoleCode.choices)

    class Meta:
        verbose_name = _("suspect's role")
        verbose_name_plural = _("suspects' roles")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "role"], name="uniq_suspect_role"),
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class Charge(models.Model):
    """An article charged against a suspect."""

    participant = models.ForeignKey(
        "cases.Participant", on_delete=models.CASCADE, related_name="charges"
    )
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="charges")

    class Meta:
        verbose_name = _("charge (article)")
        verbose_name_plural = _("charges (articles)")
        ordering = ["article__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "article"], name="uniq_charge"),
        ]

    def __str__(self) -> str:
        return str(self.article_id)


class Verdict(BaseModel):
    """A court decision on one suspect. ``final_notice_on``: the date the final and binding
    verdict was notified; the 14-day restitution deadline counts from it (Pasal 50)."""

    participant = models.ForeignKey(
        "cases.Participant", on_delete=models.PROTECT, related_name="verdicts"
    )
    level = models.CharField(_("court level"), max_length=16, choices=VerdictLevel.choices)
    court = models.CharField(_("court"), max_length=150)
    decided_on = models.DateField(_("date of verdict"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=VerdictOutcome.choices)
    prison_months = models.PositiveIntegerField(
        _("prison sentence (months)"), null=True, blank=True
    )
    fine_rupiah = models.PositiveBigIntegerField(_("fine (Rupiah)"), default=0)
    final_notice_on = models.DateField(_("notice of the final verdict"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        permissions = [("record_verdict", "Can record verdicts and restitution payments")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="convicted")
                | (models.Q(prison_months__isnull=True) & models.Q(fine_rupiah=0)),
                name="verdict_sentence_only_when_convicted",
            ),
        ]

    def __str__(self) -> str:
        return f"Verdict {self.public_id}"

    @property
    def restitution_due_on(self):
        return rules.restitution_due_on(self.final_notice_on)


class RestitutionOrder(BaseModel):
    """Restitution a verdict orders the convicted person to pay to one victim (Rupiah)."""

    verdict = models.ForeignKey(
        Verdict, on_delete=models.CASCADE, related_name="restitution_orders"
    )
    victim = models.ForeignKey(
        "cases.Participant", on_delete=models.PROTECT, related_name="restitution_orders"
    )
    amount_rupiah = models.PositiveBigIntegerField(_("restitution ordered (Rupiah)"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("restitution order")
        verbose_name_plural = _("restitution orders")
        constraints = [
            models.UniqueConstraint(fields=["verdict", "victim"], name="uniq_restitution_victim"),
            models.CheckConstraint(
                condition=models.Q(amount_rupiah__gt=0), name="restitution_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Restitution {self.public_id}"

    @property
    def due_on(self):
        """Last day to pay: notice of the final verdict + 14 days (None before the notice)."""
        return rules.restitution_due_on(self.verdict.final_notice_on)

    @property
    def paid_rupiah(self) -> int:
        """Sum of payments; the selectors annotate ``paid_total`` to avoid a query per row."""
        total = getattr(self, "paid_total", None)
        if total is None:
            total = sum(p.amount_rupiah for p in self.payments.all())
        return int(total)

    @property
    def outstanding_rupiah(self) -> int:
        return max(self.amount_rupiah - self.paid_rupiah, 0)

    @property
    def status(self) -> str:
        """A RestitutionStatus code as of today in Jakarta."""
        return rules.restitution_status(
            amount=self.amount_rupiah,
            paid=self.paid_rupiah,
            notice_on=self.verdict.final_notice_on,
        )

    @property
    def is_overdue(self) -> bool:
        return self.status == "overdue"


class RestitutionPayment(BaseModel):
    """A payment received against a restitution order."""

    order = models.ForeignKey(RestitutionOrder, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("payment date"))
    amount_rupiah = models.PositiveBigIntegerField(_("amount paid (Rupiah)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("restitution payment")
        verbose_name_plural = _("restitution payments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_rupiah__gt=0), name="restitution_payment_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Payment {self.public_id}"
