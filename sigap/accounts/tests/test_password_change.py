"""Password change in the app (issue 13 §9): Django's view with SIGAP's templates and
validators, audited without the password."""

import pytest
from django.urls import reverse

from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

OLD = "correct horse battery staple"  # conftest.TEST_PASSWORD
NEW = "Kuda-Baterai-Benar-2026"


def test_password_change_keeps_the_session_and_is_audited(client, caseworker_a):
    client.force_login(caseworker_a)
    url = reverse("accounts:password_change")
    page = client.get(url)
    assert page.status_code == 200
    assert "Ganti kata sandi" in page.content.decode()
    response = client.post(url, {"old_password": OLD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    caseworker_a.refresh_from_db()
    assert caseworker_a.check_password(NEW)
    # Still signed in (the session hash was updated).
    assert client.get(reverse("accounts:password_change_done")).status_code == 200
    event = AuditEvent.objects.get(action="auth.password_change")
    assert event.target_public_id == caseworker_a.public_id
    assert NEW not in str(event.changes) and OLD not in str(event.changes)


def test_wrong_old_password_or_weak_new_one_is_refused_in_indonesian(client, caseworker_a):
    client.force_login(caseworker_a)
    url = reverse("accounts:password_change")
    wrong = client.post(url, {"old_password": "salah", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 200
    weak = client.post(
        url, {"old_password": OLD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    body = weak.content.decode()
    assert weak.status_code == 200
    assert "terlalu pendek" in body  # MinimumLengthValidator, in Indonesian
    caseworker_a.refresh_from_db()
    assert caseworker_a.check_password(OLD)
    assert not AuditEvent.objects.filter(action="auth.password_change").exists()


def test_account_page_links_to_password_preferences_and_api_docs(client, caseworker_a):
    client.force_login(caseworker_a)
    body = client.get(reverse("api-pages:token-list")).content.decode()
    for name in ("accounts:password_change", "casework:notification-preferences", "api:docs"):
        assert reverse(name) in body


def test_api_docs_page_is_served_locally(client):
    page = client.get(reverse("api:docs"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200
    assert reverse("api:schema") in script.content.decode()
