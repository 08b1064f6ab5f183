"""Synthetic inputs for case tests (Faker's id_ID locale: invented names, never real data).

Writes go through the services (STYLE B13), so these factories build *inputs* (the
``PersonData`` and ``JourneyData`` dataclasses) and small helpers call ``case_report`` with them.
"""

from __future__ import annotations

from datetime import date

import factory

from sigap.cases.services import JourneyData, PersonData, case_report


class PersonDataFactory(factory.Factory):
    """A synthetic adult woman from the conftest village outside Jakarta (origin set by caller)."""

    class Meta:
        model = PersonData

    full_name = factory.Faker("name_female", locale="id_ID")
    sex = "F"
    date_of_birth = date(1999, 6, 15)
    estimated_age = None
    origin_area = None


class JourneyDataFactory(factory.Factory):
    class Meta:
        model = JourneyData

    stage = "recruitment"
    occurred_on = date(2026, 1, 10)


def report_case(*, actor, areas, victims=None, journey=None, **overrides):
    """Report a case at Kelurahan Kemayoran through ``case_report``; overrides go straight in."""
    kwargs = {
        "actor": actor,
        "intake_channel": "kelurahan_report",
        "report_area": areas["31.71.03.1001"],
        "summary": "Laporan sintetis untuk pengujian.",
        "modus": "migrant_worker",
        "exploitation_forms": ["forced_labour"],
        "destination_country": "MY",
        "recruitment_channel": "facebook",
        "victims": victims
        if victims is not None
        else [PersonDataFactory(origin_area=areas["33.01.01.2001"])],
        "journey": journey if journey is not None else [JourneyDataFactory()],
    }
    kwargs.update(overrides)
    return case_report(**kwargs)


def assert_audited(*, action, actor, target, pii=()):
    """The newest ``action`` row on ``target`` names ``actor``; no audit row holds ``pii``.

    ``pii`` are personal-data values (names, dates of birth, note bodies) that must never
    appear in any ``AuditEvent.changes`` (STYLE B4). Returns the event.
    """
    import json

    from sigap.audit.models import AuditEvent

    event = (
        AuditEvent.objects.filter(action=action, target_public_id=target.public_id)
        .order_by("-id")
        .first()
    )
    assert event is not None, f"no {action} audit row for the target"
    assert event.actor_id == (actor.pk if actor is not None else None)
    assert event.target_public_id == target.public_id
    every_change = json.dumps([e.changes for e in AuditEvent.objects.all()], default=str)
    for value in pii:
        assert str(value) not in every_change, "personal data found in the audit log"
    return event
