"""The derived workflow stage, one step at a time (no database)."""

import pytest

from sigap.casework.choices import WorkflowStage
from sigap.casework.stages import StageFacts, derive_stage


@pytest.mark.parametrize(
    ("facts", "stage"),
    [
        (StageFacts(status="reported"), WorkflowStage.INTAKE),
        (StageFacts(status="open"), WorkflowStage.IDENTIFICATION),
        (StageFacts(status="open", identified=1), WorkflowStage.ASSESSMENT),
        (StageFacts(status="open", identified=1, assessments=1), WorkflowStage.PLAN),
        (
            StageFacts(status="open", identified=1, assessments=1, approved_plans=1),
            WorkflowStage.SERVICES,
        ),
        (StageFacts(status="open", identified=1, open_referrals=2), WorkflowStage.SERVICES),
        (
            StageFacts(status="open", identified=1, approved_plans=1, pending_followups=4),
            WorkflowStage.FOLLOW_UP,
        ),
        (
            StageFacts(status="open", approved_plans=1, open_referrals=1, pending_followups=4),
            WorkflowStage.SERVICES,  # services not done yet
        ),
        (StageFacts(status="closed", pending_followups=4), WorkflowStage.CLOSED),
        (StageFacts(status="reported", open_referrals=1), WorkflowStage.INTAKE),
    ],
)
def test_stage_is_derived_from_the_facts(facts, stage):
    assert derive_stage(facts) == stage
