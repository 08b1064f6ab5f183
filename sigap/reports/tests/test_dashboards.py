"""Chart dashboard (issue 12 §4): every number, per role, equals a count written by hand from
the small world below; filters by period and kecamatan; charts are SVG with no script and no
remote URL; GROUP BY queries only (the query count does not grow with the cases)."""

import base64
from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.models import Agency, Service
from sigap.cases.models import Case, Identification, Participant, Person
from sigap.cases.services import PersonData, case_open, case_report
from sigap.justice.models import RestitutionOrder, RestitutionPayment, Verdict
from sigap.referrals.models import Referral
from sigap.reports.charts import chart_svg
from sigap.reports.dashboards import Filters, dashboard_charts

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
ALL = Filters(start=date(2025, 1, 1), end=TODAY)
WIB = timezone.get_default_timezone()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=WIB)


@pytest.fixture
def world(reporter_kemayoran, reporter_gambir, caseworker_a, areas, upt_ppa):
    """Four cases.

    A: Kemayoran, 2026-03-10, UPT PPA handles it; victims F 16 (child, Jawa Tengah origin,
       identified on day 7) and M 30 (adult, identified on day 8); destination Malaysia;
       modus fishing crew; a health referral to Sudin Kesehatan (sent 03-12, due 03-19,
       started 03-19: on time) and a social referral (sent 03-20, due 03-27, still accepted:
       overdue); a conviction with 10,000,000 restitution, 4,000,000 paid in 2026.
    B: Kemayoran (Kebon Kosong), 2026-05-02, reported only; victim F 22 not identified.
    C: Gambir, 2025-04-20, UPT PPA handles it; victim F 5, identified day 2.
    D: Gambir, 2024-12-31 (before the default period); victim F 70.
    """
    kemayoran, kebon_kosong, gambir = (
        areas["31.71.03.1001"],
        areas["31.71.03.1002"],
        areas["31.71.01.1001"],
    )

    def report(actor, area, day, victims, **kw):
        case = case_report(
            actor=actor,
            intake_channel="kelurahan_report",
            report_area=area,
            summary="Synthetic dashboard case.",
            reported_on=day,
            victims=[
                PersonData(full_name=f"Korban {i}", sex=s) for i, (s, _a) in enumerate(victims)
            ],
            **kw,
        )
        for participant, (_sex, age) in zip(
            Participant.objects.filter(case=case, role="victim").order_by("id"),
            victims,
            strict=True,
        ):
            Participant.objects.filter(pk=participant.pk).update(
                age_at_exploitation=age, is_child=age < 18
            )
        return case

    a = report(
        reporter_kemayoran,
        kemayoran,
        date(2026, 3, 10),
        [("F", 16), ("M", 30)],
        modus="fishing_crew",
        exploitation_forms=["forced_labour", "sexual"],
        destination_country="MY",
    )
    b = report(
        reporter_kemayoran,
        kebon_kosong,
        date(2026, 5, 2),
        [("F", 22)],
        modus="domestic_worker",
        exploitation_forms=["domestic_servitude"],
    )
    c = report(
        reporter_gambir,
        gambir,
        date(2025, 4, 20),
        [("F", 5)],
        modus="online_scam",
        exploitation_forms=["forced_criminality"],
    )
    d = report(reporter_gambir, gambir, date(2024, 12, 31), [("F", 70)], modus="other")
    for case in (a, c):
        case_open(case=case, actor=caseworker_a)
    girl, man = Participant.objects.filter(case=a, role="victim").order_by("id")
    Person.objects.filter(pk=girl.person_id).update(origin_area_id="33.01.01.2001")
    for participant, day in ((girl, 7), (man, 8)):
        ident = Identification.objects.create(
            participant=participant,
            process=[],
            means=[],
            purpose=[],
            result="indicated",
            reason="x",
            identified_by=caseworker_a,
        )
        Identification.objects.filter(pk=ident.pk).update(
            created_at=_at(a.reported_on + timedelta(days=day))
        )
    child_c = Participant.objects.get(case=c, role="victim")
    ident = Identification.objects.create(
        participant=child_c,
        process=[],
        means=[],
        purpose=[],
        result="indicated",
        reason="x",
        identified_by=caseworker_a,
    )
    Identification.objects.filter(pk=ident.pk).update(created_at=_at(date(2025, 4, 22)))
    health = Agency.objects.get(code="sudin-kesehatan-jakpus")
    social = Agency.objects.get(code="sudin-sosial-jakpus")
    Referral.objects.create(
        case=a,
        victim=girl,
        from_agency=upt_ppa,
        to_agency=health,
        service=Service.objects.get(code="health_rehab"),
        status="in_progress",
        sent_at=_at(date(2026, 3, 12)),
        due_on=date(2026, 3, 19),
        started_at=_at(date(2026, 3, 19)),
        sent_by=caseworker_a,
    )
    Referral.objects.create(
        case=a,
        victim=man,
        from_agency=upt_ppa,
        to_agency=social,
        service=Service.objects.get(code="social_rehab"),
        status="accepted",
        sent_at=_at(date(2026, 3, 20)),
        due_on=date(2026, 3, 27),
        sent_by=caseworker_a,
    )
    suspect_person = Person.objects.create(full_name="Pelaku Satu", sex="M")
    suspect = Participant.objects.create(case=a, person=suspect_person, role="suspect")
    verdict = Verdict.objects.create(
        participant=suspect,
        level="first_instance",
        court="PN Jakarta Pusat",
        decided_on=date(2026, 5, 5),
        outcome="convicted",
        prison_months=48,
        recorded_by=caseworker_a,
    )
    order = RestitutionOrder.objects.create(verdict=verdict, victim=girl, amount_rupiah=10_000_000)
    RestitutionPayment.objects.create(
        order=order, paid_on=date(2026, 6, 1), amount_rupiah=4_000_000, recorded_by=caseworker_a
    )
    return {"a": a, "b": b, "c": c, "d": d}


def _charts(user, filters=ALL):
    return {s.key: s for s in dashboard_charts(user=user, filters=filters, today=TODAY)}


def _rows(series) -> dict:
    return {row[0]: row[1:] if len(row) > 2 else row[1] for row in series.rows}


CITY_WIDE = ["supervisor_a", "secretariat_user", "leadership_user"]


@pytest.mark.parametrize("persona", CITY_WIDE)
def test_city_wide_roles_see_every_case_in_the_period(persona, request, world):
    charts = _charts(request.getfixturevalue(persona))
    # Period 2025-01-01..2026-06-15: cases A, B, C (D is from 2024); victims 2 + 1 + 1.
    over_time = _rows(charts["over_time"])
    assert over_time["Mar 2026"] == (1, 2)
    assert over_time["Mei 2026"] == (1, 1)
    assert over_time["Apr 2025"] == (1, 1)
    assert sum(c for c, _v in over_time.values()) == 3
    assert len(over_time) == 18  # every month of the period, zeros included
    assert _rows(charts["kecamatan"]) == {"Kemayoran": 2, "Gambir": 1}
    assert _rows(charts["kelurahan"]) == {
        "Kemayoran (Kemayoran)": 1,
        "Kebon Kosong (Kemayoran)": 1,
        "Gambir (Gambir)": 1,
    }
    assert charts["kecamatan"].rows[0] == ("Kemayoran", 2)  # ranked
    assert _rows(charts["origin"]) == {"Jawa Tengah": 1, "Tidak diketahui": 3}
    assert _rows(charts["destination"]) == {"Malaysia": 1, "Belum dicatat": 2}
    assert _rows(charts["modus"])["Anak buah kapal (ABK)"] == 1
    assert len(charts["modus"].rows) == 3
    forms = _rows(charts["forms"])
    assert sum(forms.values()) == 4 and len(forms) == 4
    assert _rows(charts["sex"]) == {"Perempuan": 3, "Laki-laki": 1}
    age = _rows(charts["age"])
    assert (age["0-5"], age["13-17"], age["18-24"], age["25-44"], age["60+"]) == (1, 1, 1, 1, 0)
    assert _rows(charts["children"]) == {"Anak": 2, "Dewasa": 2, "Usia tidak diketahui": 0}
    # Identification: girl day 7 (within), man day 8 (later), C's child day 2 (within),
    # B's victim not yet and reported 44 days before today (past 7 days).
    assert [r[1] for r in charts["identification"].rows] == [2, 1, 1, 0]
    # Referral to service: health started on its due date (within); social still open, due
    # 03-27 (not yet, past the due date).
    assert [r[1] for r in charts["service"].rows] == [1, 0, 1, 0]
    # Overdue: open (sent, accepted, in progress) after the due date, as on the dashboard.
    assert _rows(charts["overdue"]) == {
        "Suku Dinas Kesehatan Kota Administrasi Jakarta Pusat": 1,
        "Suku Dinas Sosial Kota Administrasi Jakarta Pusat": 1,
    }
    assert _rows(charts["verdicts"])["Dipidana"] == 1
    assert charts["restitution"].rows == [("2026", 10_000_000, 4_000_000)]
    yoy = _rows(charts["year_on_year"])
    assert yoy["Mar"] == (0, 1) and yoy["Apr"] == (1, 0) and yoy["Mei"] == (0, 1)
    assert yoy["Des"] == (0, 0)  # D, 2024-12-31, is not last year


def test_year_on_year_counts_last_and_this_year_only(supervisor_a, world):
    yoy = _rows(_charts(supervisor_a)["year_on_year"])
    assert sum(last for last, _this in yoy.values()) == 1  # C (2025-04)
    assert sum(this for _last, this in yoy.values()) == 2  # A, B


def test_reporter_sees_its_own_reports_only(reporter_kemayoran, world):
    charts = _charts(reporter_kemayoran)
    assert _rows(charts["kecamatan"]) == {"Kemayoran": 2}
    # Status only: its cases are counted, their victims, verdicts and restitution are not
    # (test_charts_show_no_content_of_a_case_the_user_sees_by_status_only).
    assert _rows(charts["sex"]) == {}
    assert charts["restitution"].rows == []
    assert charts["service"].total == 0  # reporters see no referral


def test_service_provider_sees_its_open_referral_cases_only(health_provider, world):
    charts = _charts(health_provider)
    assert _rows(charts["kecamatan"]) == {"Kemayoran": 1}  # case A via its open referral
    assert charts["service"].total == 1  # only the referral addressed to it
    assert charts["overdue"].rows == [("Suku Dinas Kesehatan Kota Administrasi Jakarta Pusat", 1)]


def test_auditor_sees_zero(make_user, world):
    auditor = make_user("auditor", "pemkot-jakpus", "dpo")
    charts = _charts(auditor)
    assert all(series.total == 0 for key, series in charts.items() if key != "year_on_year")
    assert sum(sum(r[1:]) for r in charts["year_on_year"].rows) == 0


def test_filters_by_period_and_kecamatan(supervisor_a, world):
    only_2026 = Filters(start=date(2026, 1, 1), end=TODAY)
    assert _rows(_charts(supervisor_a, only_2026)["kecamatan"]) == {"Kemayoran": 2}
    gambir = Filters(start=date(2024, 1, 1), end=TODAY, kecamatan="31.71.01")
    charts = _charts(supervisor_a, gambir)
    assert _rows(charts["kecamatan"]) == {"Gambir": 2}  # C and D
    assert _rows(charts["age"])["60+"] == 1


def test_city_wide_figures_are_cached_per_filters_personal_ones_are_not(
    supervisor_a, reporter_kemayoran, world
):
    _charts(supervisor_a)
    Case.objects.filter(pk=world["b"].pk).update(reported_on=date(2025, 5, 2))
    # Cached: the city-wide figure has not moved yet.
    assert _rows(_charts(supervisor_a)["over_time"])["Mei 2026"] == (1, 1)
    # Another filter is another key; the reporter's own scope is never cached.
    # (a reporter's cases count, their victims do not: it sees them by status only)
    assert _rows(_charts(reporter_kemayoran)["over_time"])["Mei 2025"] == (1, 0)
    cache.clear()
    assert _rows(_charts(supervisor_a)["over_time"])["Mei 2026"] == (0, 0)


def test_query_count_does_not_grow_with_cases(supervisor_a, world, report_case, reporter_gambir):
    _charts(supervisor_a, Filters(start=date(2026, 6, 1), end=TODAY))  # loads the permissions
    with CaptureQueriesContext(connection) as first:
        _charts(supervisor_a)
    for _ in range(5):
        report_case(reporter_gambir, "31.71.01.1001", reported_on=date(2026, 2, 1))
    cache.clear()
    with CaptureQueriesContext(connection) as second:
        _charts(supervisor_a)
    assert len(second) == len(first) <= 30


def test_page_has_every_chart_with_its_table_and_no_script(client, leadership_user, world):
    client.force_login(leadership_user)
    response = client.get(reverse("reports:charts"), {"start": "2025-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    for series, uri in response.context["charts"]:
        assert f'id="table-{series.key}"' in html
        assert bool(uri) == series.has_data, series.key
        if not uri:
            continue
        svg = base64.b64decode(uri.split(",", 1)[1]).decode()
        assert "<script" not in svg and "http://" not in svg.replace(
            "http://www.w3.org", ""
        ).replace("http://purl.org", "")
    assert "Kasus menurut kecamatan" in html


def test_bad_filters_show_an_error_in_indonesian(client, leadership_user, world):
    client.force_login(leadership_user)
    response = client.get(reverse("reports:charts"), {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "Tanggal awal tidak boleh setelah tanggal akhir." in response.content.decode()


def test_chart_svg_carries_the_numbers(supervisor_a, world):
    series = _charts(supervisor_a)["kecamatan"]
    svg = chart_svg(series)
    assert svg.startswith("<svg") and "Kemayoran" in svg


# --- Monthly recap for the Wali Kota (issue 12 §5) ------------------------------------------


def test_recap_figures_of_march_2026(supervisor_a, world):
    from sigap.reports.recap import recap_figures

    f = recap_figures(user=supervisor_a, month=date(2026, 3, 1), today=TODAY)
    # March 2026: case A only, its girl (child) and man; girl identified on day 7, man day 8.
    assert (f.cases, f.victims, f.children) == (1, 2, 1)
    assert (f.identified_within_7, f.identified_total) == (1, 2)
    # Health referral started on its due date; the social one still open past 03-27.
    assert (f.services_within_7, f.services_total) == (1, 2)
    assert f.overdue_referrals == 2  # as of 31 March both are open past their due date
    assert (f.verdicts, f.restitution_awarded, f.restitution_paid) == (1, 10_000_000, 4_000_000)
    assert (f.year_to_date, f.year_to_date_last_year) == (1, 0)  # Jan–Mar 2026 vs 2025


def test_recap_pdf_is_one_page_and_audited(client, leadership_user, reporter_kemayoran, world):
    import io

    from pypdf import PdfReader

    from sigap.audit.models import AuditEvent

    client.force_login(leadership_user)
    response = client.get(reverse("reports:monthly-recap"), {"month": "2026-03"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Rekap bulanan TPPO untuk Wali Kota" in text
    assert "Maret 2026" in text and "03/2026" not in text  # the month in words
    assert "Rp 10.000.000" in text and "Rp 4.000.000" in text
    assert "Korban 0" not in text and "Pelaku Satu" not in text  # no names
    event = AuditEvent.objects.filter(action="report.export", actor=leadership_user).get()
    assert event.changes == {"report": "monthly_recap", "month": "2026-03", "format": "pdf"}
    bad = client.get(reverse("reports:monthly-recap"), {"month": "Maret"})
    assert bad.status_code == 400
    assert "Tulis bulan sebagai YYYY-MM" in bad.content.decode()
    assert bad["Content-Type"].startswith("text/html")  # a page, not a bare text
    client.force_login(reporter_kemayoran)
    assert client.get(reverse("reports:monthly-recap")).status_code == 403


def test_monthly_recap_command(tmp_path, leadership_user, reporter_kemayoran, world):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = tmp_path / "rekap.pdf"
    call_command(
        "monthly_recap",
        month="2026-03",
        output=str(out),
        user=leadership_user.username,
        stdout=StringIO(),
    )
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError):
        call_command(
            "monthly_recap", month="2026-03", output=str(out), user=reporter_kemayoran.username
        )
    with pytest.raises(CommandError):
        call_command("monthly_recap", month="03/2026", output=str(out), user="pimpinan")


def test_monthly_line_chart_keeps_every_month_label_whole():
    """QA 2026-12-04: twelve months on /dashboard/charts/ were drawn as "2026-…" (pygal cut
    the labels to fit), so no month could be read off the chart."""
    from sigap.reports.dashboards import Series

    months = [f"2026-{m:02d}" for m in range(1, 13)]
    series = Series(
        key="months",
        title="t",
        rule="r",
        headings=("Bulan", "Kasus", "Korban"),
        rows=[(m, i, 2 * i) for i, m in enumerate(months)],
        kind="line",
    )
    svg = chart_svg(series)
    assert "…" not in svg
    for month in months:
        assert f">{month}</text>" in svg


def test_charts_show_no_content_of_a_case_the_user_sees_by_status_only(
    reporter_kemayoran, health_provider, world
):
    """A reporter sees its reported cases by status only, a service provider the minimal view
    (no modus, exploitation forms, destination, other victims, identification, justice): the
    charts over their scope must not give those fields back as counts (with one case in
    scope, a count is that case's value). The case export leaves the same cells empty."""
    content = ["origin", "modus", "forms", "destination", "sex", "age", "children"]
    content += ["identification", "verdicts"]
    for user in (reporter_kemayoran, health_provider):
        charts = _charts(user)
        for key in content:
            assert charts[key].total == 0, (user.username, key)
        assert charts["restitution"].rows == [] or all(
            not any(r[1:]) for r in charts["restitution"].rows
        )
        assert all(v == 0 for _c, v in _rows(charts["over_time"]).values())
    # Status-level numbers (kelurahan, month, referrals to its agency) stay.
    assert _rows(_charts(reporter_kemayoran)["kecamatan"]) == {"Kemayoran": 2}
    assert _rows(_charts(health_provider)["kecamatan"]) == {"Kemayoran": 1}


def test_a_chart_of_only_zeros_is_not_drawn(client, reporter_kemayoran, world):
    """A reporter's content charts count nothing (status-only view): the page says so in
    Indonesian instead of drawing an empty 0-1 axis; its status-level charts are drawn."""
    client.force_login(reporter_kemayoran)
    response = client.get(reverse("reports:charts"))
    assert response.status_code == 200
    charts = {series.key: uri for series, uri in response.context["charts"]}
    assert charts["modus"] == "" and charts["kecamatan"].startswith("data:image/svg+xml")
    html = response.content.decode()
    section = html.split('id="chart-modus"', 1)[1].split("</section>", 1)[0]
    assert "<img" not in section
    assert "Tanpa grafik: semua hitungan pada periode ini 0." in section or (
        "Tidak ada data untuk periode ini." in section
    )


def test_dashboard_form_counts_follow_the_view_of_each_case(client, reporter_kemayoran, world):
    from sigap.reports.selectors import dashboard_cases_by_exploitation_form

    assert all(
        row.count == 0 for row in dashboard_cases_by_exploitation_form(user=reporter_kemayoran)
    )


def test_dashboard_says_form_counts_are_not_shown_to_a_role_that_sees_no_case_in_full(
    client, reporter_kemayoran, supervisor_a, world
):
    """A reporter's forms counted nothing (status-only view), so the table read 0 on every
    form although it has cases: the page says the counts are not shown for its role."""
    client.force_login(reporter_kemayoran)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert 'id="stat-forms"' not in page
    assert "Tidak ditampilkan untuk peran Anda: hitungan ini membaca isi kasus" in page
    client.force_login(supervisor_a)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert 'id="stat-forms"' in page and 'id="stat-forms-hidden"' not in page


def test_month_labels_are_words_in_the_active_language(supervisor_a, world):
    """QA 2026-12-07: the charts labelled months "2026-03" and the year comparison "01".."12"."""
    from django.utils import translation

    charts = _charts(supervisor_a)
    assert [row[0] for row in charts["year_on_year"].rows][:5] == [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Mei",
    ]
    assert "Mar 2026" in _rows(charts["over_time"])
    with translation.override("en"):
        english = _charts(supervisor_a)
    assert [row[0] for row in english["year_on_year"].rows][4] == "May"
    assert "Mar 2026" in _rows(english["over_time"])
