"""Database constraints of case work."""

import pytest
from django.db import IntegrityError, transaction

from sigap.casework.models import CasePlan, ClosureRequest

pytestmark = pytest.mark.django_db


def test_one_plan_in_progress_per_victim(draft_plan, caseworker_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        CasePlan.objects.create(
            case=draft_plan.case,
            participant=draft_plan.participant,
            goals="Duplicate",
            created_by=caseworker_a,
        )


def test_rejected_plan_needs_a_comment(draft_plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        CasePlan.objects.filter(pk=draft_plan.pk).update(status="rejected", decision_comment="")


def test_one_pending_closure_request_per_case(pending_closure, caseworker_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClosureRequest.objects.create(
            case=pending_closure.case, reason="other", note="x", requested_by=caseworker_a
        )
