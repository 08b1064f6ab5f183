"""The workflow stage of a case, derived from its data and never stored (issue 4 §1).

intake (reported) → identification (open, no identification yet) → assessment (identified,
no assessment) → plan (assessment, no approved plan) → services (approved plan or open
referrals) → reintegration follow-up (no open referrals, follow-ups pending) → closed.

A case is at the furthest stage its data supports: open referrals mean "services" even
before a plan is approved, and pending follow-ups with no open referral mean "follow-up".
Pure: the facts come in as counts (annotated on a queryset by ``selectors.case_stage_facts``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sigap.casework.choices import WorkflowStage


@dataclass(frozen=True)
class StageFacts:
    """What the stage depends on; counts may be any non-negative int (or bool)."""

    status: str  # CaseStatus value: reported / open / closed
    identified: int = 0  # identifications recorded for victims of the case
    assessments: int = 0
    approved_plans: int = 0
    open_referrals: int = 0
    pending_followups: int = 0  # open reintegration follow-up tasks


def derive_stage(facts: StageFacts) -> WorkflowStage:
    """The workflow stage for ``facts``."""
    if facts.status == "closed":
        return WorkflowStage.CLOSED
    if facts.status == "reported":
        return WorkflowStage.INTAKE
    if facts.pending_followups and not facts.open_referrals:
        return WorkflowStage.FOLLOW_UP
    if facts.approved_plans or facts.open_referrals:
        return WorkflowStage.SERVICES
    if facts.assessments:
        return WorkflowStage.PLAN
    if facts.identified:
        return WorkflowStage.ASSESSMENT
    return WorkflowStage.IDENTIFICATION
