"""``{% audit_row %}`` writes the cells the audit table's template markup wrote: same HTML
for a case target, another target, no target column, a user without a full name and no
actor, in both languages and in the user's time zone (issue 8: ~0.3 ms a row through the
template engine on a 50-row page)."""

import uuid
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.utils import timezone, translation

from sigap.audit.models import AuditEvent

# The row cells of audit/_access_log_table.html before the tag (5e0a29e).
PREVIOUS_ROW = Template(
    "{% load i18n audit_labels %}{% for e in events %}"
    "<td><time datetime=\"{{ e.occurred_at|date:'c' }}\">"
    '{{ e.occurred_at|date:"d-m-Y H:i" }}</time></td>'
    "<td>{% if e.actor %}{{ e.actor.get_full_name|default:e.actor.username }}"
    '{% else %}{% translate "System or anonymous" %}{% endif %}</td>'
    '<td>{{ e.actor_agency_name|default:"–" }}</td>'
    "<td>{{ e.action|audit_action }}</td>"
    '{% if show_target %}<td>{% if e.target_type == "cases.case" %}'
    "<a href=\"{% url 'audit:case-access-log' e.target_public_id %}\">"
    "{{ e.target_type|audit_model }}</a>{% else %}{{ e.target_type|audit_model }}{% endif %}"
    "</td>{% endif %}|{% endfor %}"
)
NEW_ROW = Template(
    "{% load audit_labels %}{% for e in events %}{% audit_row e show_target %}|{% endfor %}"
)


def _events():
    user = get_user_model()
    named = user(username="cm-upt", first_name="Sari <b>", last_name="Dewi & co")
    plain = user(username="kesehatan")
    when = datetime(2026, 3, 31, 18, 5, 7, 123456, tzinfo=UTC)  # 1 April 01:05 in Jakarta
    rows = [
        AuditEvent(
            occurred_at=when,
            actor=named,
            action="case.view",
            target_type="cases.case",
            target_public_id=uuid.uuid4(),
        ),
        AuditEvent(occurred_at=when, actor=plain, action="referral.send", target_type="x.y"),
        AuditEvent(occurred_at=when, actor=None, action="user.login_failed", target_type=""),
        AuditEvent(
            occurred_at=when,
            actor=plain,
            action="casework_plan.approve",
            target_type="cases.person",
        ),
    ]
    rows[0].actor_agency_name = "UPT PPA <DKI>"
    rows[1].actor_agency_name = ""
    return rows


@pytest.mark.parametrize("show_target", [True, False])
@pytest.mark.parametrize("language", ["id", "en"])
def test_same_cells_as_the_template_markup(language, show_target):
    events = _events()
    with translation.override(language), timezone.override("Asia/Jakarta"):
        context = {"events": events, "show_target": show_target}
        expected = PREVIOUS_ROW.render(Context(context))
        assert NEW_ROW.render(Context(context)) == expected
    assert "01-04-2026 01:05" in expected
    assert "&lt;b&gt;" in expected and "UPT PPA &lt;DKI&gt;" in expected
    assert ("/audit/" in expected) is show_target


def test_the_log_url_is_reversed_once_per_render(monkeypatch):
    from sigap.core import rows

    calls = []
    real = rows.reverse
    monkeypatch.setattr(rows, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))
    events = [_events()[0] for _ in range(5)]
    html = NEW_ROW.render(Context({"events": events, "show_target": True}))
    assert len(calls) == 1
    assert all(str(e.target_public_id) in html for e in events)
