"""The printable leaflet (issue 9 §6): built from the ruleset's red flags, with the hotlines."""

import copy
import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from sigap.analytics.leaflet import HIGH_WEIGHT, leaflet_pdf, red_flags
from sigap.analytics.screening.default_rules import DEFAULT_RULESET


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _high(ruleset):
    return [
        r
        for r in ruleset["rules"]
        if r["kind"] == "red_flag" and (r["weight"] >= HIGH_WEIGHT or r.get("critical"))
    ]


@pytest.mark.django_db
@override_settings(SIGAP_HOTLINES=[("Hotline Gugus Tugas", "021-555-0129"), ("SAPA", "129")])
def test_public_leaflet_has_every_high_weight_flag_and_hotlines(client):
    response = client.get(reverse("analytics:leaflet"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    high = _high(DEFAULT_RULESET)
    assert len(high) >= 10
    missing = [r["label"]["id"] for r in high if r["label"]["id"] not in text]
    assert not missing
    assert "Kenali tanda-tanda lowongan kerja palsu" in text
    assert "021-555-0129" in text and "Hotline Gugus Tugas" in text
    assert DEFAULT_RULESET["version"] in text
    # Mitigations are not warning signs.
    assert "Menggunakan visa kerja" not in text


def test_leaflet_follows_an_edited_ruleset():
    ruleset = copy.deepcopy(DEFAULT_RULESET)
    ruleset["version"] = "test-9"
    ruleset["rules"].append(
        {
            "code": "NEW_FLAG",
            "kind": "red_flag",
            "label": {"id": "Tanda baru yang diuji", "en": "A new tested sign"},
            "source": "Sumber uji",
            "weight": 4,
            "critical": False,
            "patterns": ["x"],
        }
    )
    strong, _other = red_flags(ruleset)
    assert strong[0]["weight"] == 5 and "NEW_FLAG" in [r["code"] for r in strong]
    text = _text(leaflet_pdf(ruleset=ruleset, hotlines=[("Uji", "0800")]))
    assert "Tanda baru yang diuji" in text and "Sumber uji" in text and "0800" in text
