"""The merge pages (issue 10 §2): pick a likely duplicate, compare, merge with a reason, see
the merge and undo it; only persons the user may name; other roles refused."""

import pytest
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases.models import Participant
from sigap.people.models import PersonMerge
from sigap.people.tests.test_merge import _case


@pytest.fixture
def twins(caseworker_a, areas):
    """Two records of one woman in two cases of UPT PPA (``test_merge._case``)."""
    first = _case(caseworker_a, areas, "Siti Nurhaliza")
    second = _case(caseworker_a, areas, "Siti Nurhalizah")
    return first.participants.get().person, second.participants.get().person


def test_pick_compare_merge_and_undo_in_the_pages(client, twins, caseworker_a):
    kept, dup = twins
    client.force_login(caseworker_a)
    url = reverse("people:person-merge", args=[kept.public_id])
    pick = client.get(url)
    assert pick.status_code == 200
    html = pick.content.decode()
    assert f"?other={dup.public_id}" in html and "Siti Nurhalizah" in html
    compare = client.get(url, {"other": dup.public_id})
    assert compare.status_code == 200
    page = compare.content.decode()
    assert "Siti Nurhaliza" in page and "Siti Nurhalizah" in page
    # no reason: refused in Indonesian, nothing changed
    refused = client.post(url, {"other": dup.public_id, "survivor": "this", "reason": ""})
    assert refused.status_code == 400
    assert "wajib" in refused.content.decode().lower()
    assert not PersonMerge.objects.exists()
    done = client.post(
        url, {"other": dup.public_id, "survivor": "this", "reason": "Nama dan tanggal lahir sama."}
    )
    merge = PersonMerge.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("people:merge-detail", args=[merge.public_id])
    assert merge.survivor == kept and merge.merged == dup
    assert Participant.objects.filter(person=kept).count() == 2
    detail = client.get(done["Location"]).content.decode()
    assert "Nama dan tanggal lahir sama." in detail and 'data-testid="undo-form"' in detail
    listing = client.get(reverse("people:merge-list")).content.decode()
    assert reverse("people:merge-detail", args=[merge.public_id]) in listing
    undo_url = reverse("people:merge-undo", args=[merge.public_id])
    assert client.post(undo_url, {"reason": ""}).status_code == 400
    undone = client.post(undo_url, {"reason": "Ternyata dua orang berbeda."})
    assert undone.status_code == 302
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == caseworker_a
    assert Participant.objects.filter(person=dup).count() == 1
    again = client.get(undone["Location"]).content.decode()
    assert 'data-testid="undo-form"' not in again
    assert AuditEvent.objects.filter(action="person.merge_undo").count() == 2


def test_keeping_the_other_record_swaps_survivor(client, twins, caseworker_a):
    kept, dup = twins
    client.force_login(caseworker_a)
    client.post(
        reverse("people:person-merge", args=[kept.public_id]),
        {"other": dup.public_id, "survivor": "other", "reason": "Sama."},
    )
    merge = PersonMerge.objects.get()
    assert merge.survivor == dup and merge.merged == kept


def test_roles_and_scope(
    client, twins, caseworker_a, caseworker_b, police_officer, reporter_kemayoran
):
    kept, dup = twins
    url = reverse("people:person-merge", args=[kept.public_id])
    client.force_login(police_officer)  # not a merging role
    assert client.get(url).status_code == 403
    client.force_login(reporter_kemayoran)
    assert client.get(url).status_code == 403
    client.force_login(caseworker_b)  # another agency's case team: cannot name these persons
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"other": dup.public_id, "survivor": "this", "reason": "x"}).status_code
        == 404
    )
    assert not PersonMerge.objects.exists()
    client.force_login(caseworker_a)
    merge_url = reverse("people:person-merge", args=[kept.public_id])
    client.post(merge_url, {"other": dup.public_id, "survivor": "this", "reason": "Sama."})
    merge = PersonMerge.objects.get()
    client.force_login(caseworker_b)
    assert client.get(reverse("people:merge-detail", args=[merge.public_id])).status_code == 404
    assert (
        client.post(
            reverse("people:merge-undo", args=[merge.public_id]), {"reason": "x"}
        ).status_code
        == 404
    )
    assert "Sama." not in client.get(reverse("people:merge-list")).content.decode()


def test_secretariat_sees_no_merge_of_another_agencys_records(
    client, twins, caseworker_a, secretariat_user, leadership_user
):
    """A merge inside UPT PPA (its own records) by its case team: the secretariat (which
    cannot open UPT PPA's cases) finds it neither in the list nor by its page, and never reads
    its reason (free text, may name the victim or a case number)."""
    kept, dup = twins
    client.force_login(caseworker_a)
    client.post(
        reverse("people:person-merge", args=[kept.public_id]),
        {"other": dup.public_id, "survivor": "this", "reason": "Alasan rahasia TPPO-X."},
    )
    merge = PersonMerge.objects.get()
    detail = reverse("people:merge-detail", args=[merge.public_id])
    client.force_login(secretariat_user)
    listing = client.get(reverse("people:merge-list"))
    assert listing.status_code == 200
    assert detail not in listing.content.decode()
    assert caseworker_a.get_full_name() not in listing.content.decode()
    assert client.get(detail).status_code == 404
    assert (
        client.post(
            reverse("people:merge-undo", args=[merge.public_id]), {"reason": "x"}
        ).status_code
        == 404
    )
    merge.refresh_from_db()
    assert merge.undone_at is None
    client.force_login(leadership_user)  # not a merging role
    assert client.get(reverse("people:merge-list")).status_code == 403
    assert client.get(detail).status_code == 403
