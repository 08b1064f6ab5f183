import re
from pathlib import Path

import pytest
from django.utils.translation import override

from sigap.audit.labels import action_label, action_label_known, model_label


def test_action_codes_read_as_words_in_indonesian_and_english():
    with override("id"):
        assert action_label("case.view") == "Kasus: dilihat"
        assert action_label("referral.consent_override") == "Rujukan: persetujuan dikesampingkan"
    with override("en"):
        assert action_label("case.break_glass") == "Case: emergency access (break-glass)"


def test_unknown_action_code_stays_visible():
    assert "newthing" in action_label("newthing.happened")


# --- Issue 13 §10: no raw key on any audit page -------------------------------------------------


ROOT = Path(__file__).resolve().parents[3]
# ``action="x.y"``, ``"action": "x.y"`` (bulk rows) and the task helper's positional code.
ACTION_RE = re.compile(
    r"""(?:action\s*=\s*|"action":\s*|_set_task_status\([^)]*?)"([a-z0-9_]+\.[a-z0-9_]+)\""""
)


def _codes_in_source() -> set[str]:
    codes = set()
    for path in (ROOT / "sigap").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        codes |= set(ACTION_RE.findall(path.read_text(encoding="utf-8")))
    return codes


def test_the_scan_finds_the_codes_it_must():
    codes = _codes_in_source()
    assert {"case.view", "role.permissions_sync", "task.complete", "referral.send"} <= codes
    assert len(codes) > 60


def test_every_action_code_in_the_code_base_has_a_label():
    missing = sorted(c for c in _codes_in_source() if not action_label_known(c))
    assert missing == []


def test_permissions_sync_reads_as_words():
    with override("id"):
        label = action_label("role.permissions_sync")
    assert "permissions_sync" not in label
    assert label == "Peran: izin disinkronkan"


@pytest.mark.django_db
def test_model_names_are_translated():
    with override("id"):
        assert model_label("accounts.user") == "Pengguna"
        assert model_label("cases.case") == "Kasus"
    assert model_label("gone.model") == "gone.model"
    assert model_label("") == "–"


@pytest.mark.parametrize("language", ["id", "en"])
def test_different_action_codes_never_read_alike(language):
    """The auditor's action filter lists each code by its label: two codes with one label
    (an RAD programme, activity and indicator all "dibuat") cannot be told apart."""
    seen: dict[str, str] = {}
    clashes = []
    with override(language):
        for code in sorted(_codes_in_source()):
            label = action_label(code)
            if label in seen:
                clashes.append((seen[label], code, label))
            seen[label] = code
    assert clashes == []


def test_compound_verbs_keep_their_object():
    with override("id"):
        assert action_label("rad.activity_create") == "Rencana Aksi Daerah (RAD): kegiatan dibuat"
        assert action_label("taskforce.member_add") == "Gugus Tugas: anggota ditambahkan"
        assert action_label("auth.login") == "Akun: masuk"
