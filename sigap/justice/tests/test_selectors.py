"""Selectors: scope of the justice list and of the restitution data read by other apps."""

import pytest

from sigap.justice.selectors import justice_case_list, restitution_orders_for_case

pytestmark = pytest.mark.django_db


def test_restitution_orders_for_case_team(verdict, justice_case, caseworker_a):
    orders = list(restitution_orders_for_case(user=caseworker_a, case=justice_case))
    assert [o.amount_rupiah for o in orders] == [11_111_111, 22_222_222]
    assert [o.paid_rupiah for o in orders] == [0, 0]


@pytest.mark.parametrize("persona", ["health_provider", "caseworker_b", "secretariat_user"])
def test_restitution_orders_empty_for_others(request, verdict, justice_case, persona):
    user = request.getfixturevalue(persona)
    assert list(restitution_orders_for_case(user=user, case=justice_case)) == []


def test_justice_list_scope(
    justice_case, caseworker_a, police_officer, caseworker_b, health_provider
):
    assert list(justice_case_list(user=caseworker_a)) == [justice_case]
    assert list(justice_case_list(user=police_officer)) == [justice_case]
    assert list(justice_case_list(user=caseworker_b)) == []
    assert list(justice_case_list(user=health_provider)) == []
