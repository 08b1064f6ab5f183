from datetime import date

import pytest
from django.http import Http404

from sigap.taskforce import selectors, services
from sigap.taskforce.tests.conftest import agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(meeting, secretariat_user):
    def make(code):
        return services.action_item_create(
            actor=secretariat_user,
            meeting=meeting,
            owner_agency=agency(code),
            description=f"Item {code}",
            due_on=date(2024, 9, 30),
        )

    return {"health": make("sudin-kesehatan-jakpus"), "police": make("polres-jakpus-ppa")}


def test_agency_sees_only_its_own_items(items, health_provider, police_officer):
    assert list(selectors.action_item_list(user=health_provider)) == [items["health"]]
    assert list(selectors.action_item_list(user=police_officer)) == [items["police"]]
    with pytest.raises(Http404):
        selectors.action_item_get(user=health_provider, public_id=items["police"].public_id)


def test_secretariat_sees_all_items_leadership_only_counts(
    items, meeting, task_force, secretariat_user, leadership_user
):
    assert selectors.action_item_list(user=secretariat_user).count() == 2
    assert selectors.action_item_list(user=leadership_user).count() == 0
    agg = selectors.coordination_aggregates(user=leadership_user, task_force=task_force)
    # both items are due 30 Sept 2024, before today: open and overdue
    assert (agg.items_open, agg.items_overdue, agg.items_done) == (2, 2, 0)
    assert {r["agency"] for r in agg.by_agency} == {
        agency("sudin-kesehatan-jakpus").name,
        agency("polres-jakpus-ppa").name,
    }


def test_items_out_of_reach_for_others(items, caseworker_b, auditor_user, platform_admin):
    for user in (caseworker_b, auditor_user, platform_admin):
        assert selectors.action_item_list(user=user).count() == 0


def test_meetings_visible_to_members_and_leadership_only(
    meeting, health_provider, caseworker_b, leadership_user, reporter_gambir, auditor_user
):
    assert list(selectors.meeting_list(user=health_provider)) == [meeting]
    assert list(selectors.meeting_list(user=leadership_user)) == [meeting]
    for outsider in (caseworker_b, reporter_gambir, auditor_user):
        assert selectors.meeting_list(user=outsider).count() == 0
        with pytest.raises(Http404):
            selectors.meeting_get(user=outsider, public_id=meeting.public_id)


def test_superuser_without_membership_sees_nothing(meeting, items, django_user_model):
    root = django_user_model.objects.create_user(username="root", password="x" * 20)
    root.is_superuser = True
    root.save()
    assert selectors.meeting_list(user=root).count() == 0
    assert selectors.action_item_list(user=root).count() == 0
    assert selectors.task_force_list(user=root).count() == 0


def test_overdue_filter_counts_open_items_past_due(items, health_provider, secretariat_user):
    services.action_item_complete(actor=health_provider, item=items["health"], evidence="ok")
    overdue = selectors.action_item_list(user=secretariat_user, overdue=True)
    assert list(overdue) == [items["police"]]
