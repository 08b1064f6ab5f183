from django.utils.translation import override

from sigap.audit.labels import action_label


def test_action_codes_read_as_words_in_indonesian_and_english():
    with override("id"):
        assert action_label("case.view") == "Kasus: dilihat"
        assert action_label("referral.consent_override") == "Rujukan: persetujuan dikesampingkan"
    with override("en"):
        assert action_label("case.break_glass") == "Case: emergency access (break-glass)"


def test_unknown_action_code_stays_visible():
    assert "newthing" in action_label("newthing.happened")
