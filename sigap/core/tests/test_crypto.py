"""Field encryption, keyed hashes and key settings (sigap.core.crypto, sigap.core.fields)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.test import override_settings

from sigap.core import crypto

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
SECRET = "Sinta Sintetis"  # synthetic


def test_round_trip_and_a_fresh_token_every_time():
    with override_settings(SIGAP_FIELD_KEYS=[KEY_A]):
        first, second = crypto.encrypt(SECRET), crypto.encrypt(SECRET)
        assert first != second  # random IV: equal names are not linkable in the database
        assert SECRET not in first
        assert crypto.decrypt(first) == SECRET == crypto.decrypt(second)


def test_wrong_key_raises_without_the_value_in_the_message():
    with override_settings(SIGAP_FIELD_KEYS=[KEY_A]):
        token = crypto.encrypt(SECRET)
    with (
        override_settings(SIGAP_FIELD_KEYS=[KEY_B]),
        pytest.raises(crypto.DecryptionError) as excinfo,
    ):
        crypto.decrypt(token)
    assert SECRET not in str(excinfo.value)
    assert token not in str(excinfo.value)


def test_rotation_with_new_key_first_then_old_key_can_go():
    with override_settings(SIGAP_FIELD_KEYS=[KEY_A]):
        token = crypto.encrypt(SECRET)
    with override_settings(SIGAP_FIELD_KEYS=[KEY_B, KEY_A]):
        assert crypto.decrypt(token) == SECRET  # old rows still readable
        assert not crypto.is_current(token)
        rotated = crypto.rotate(token)
        assert crypto.is_current(rotated)
    with override_settings(SIGAP_FIELD_KEYS=[KEY_B]):
        assert crypto.decrypt(rotated) == SECRET
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(token)


def test_keys_that_are_not_fernet_keys_are_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(SIGAP_FIELD_KEYS=["not-a-key"]), pytest.raises(ImproperlyConfigured):
        crypto.encrypt(SECRET)


def test_nik_hash_is_keyed_and_separated_by_purpose():
    nik = "3171010101010001"
    with override_settings(SIGAP_HASH_KEY="key-one"):
        one = crypto.nik_hash(nik)
        assert one == crypto.nik_hash("3171 0101 0101 0001")  # spacing does not matter
        assert one != crypto.keyed_hash(nik, purpose="name")
        assert len(one) == 64
        assert crypto.nik_hash("") == ""
    with override_settings(SIGAP_HASH_KEY="key-two"):
        assert crypto.nik_hash(nik) != one  # without the key, no dictionary of 16-digit NIKs


def test_name_tokens_ignore_case_accents_and_punctuation():
    assert crypto.name_tokens("  SITI  Nur'aini-Rahmawati ") == ["siti", "nur", "aini", "rahmawati"]
    assert crypto.name_tokens("Désirée") == ["desiree"]
    assert crypto.name_tokens("") == []


def test_name_index_holds_hashes_of_words_not_the_words():
    index = crypto.name_index("Melati Rahasia")
    assert "melati" not in index.lower()
    assert f" {crypto.name_token_hash('melati')} " in index
    assert f" {crypto.name_token_hash('rahasia')} " in index
    assert crypto.name_index("Melati Rahasia") == crypto.name_index("rahasia MELATI")  # unordered
    assert crypto.name_index("") == ""


def test_name_index_fits_its_column_for_a_very_long_name():
    from sigap.cases.models import Person

    name = " ".join(f"kata{i}" for i in range(60))[:150]
    assert len(crypto.name_index(name)) <= Person._meta.get_field("name_index").max_length


def test_dev_key_is_a_deterministic_fernet_key():
    assert crypto.dev_key("s", "field") == crypto.dev_key("s", "field")
    assert crypto.dev_key("s", "field") != crypto.dev_key("s", "hash")
    Fernet(crypto.dev_key("s", "field"))  # raises if malformed


def test_parse_keys_accepts_commas_and_newlines():
    assert crypto.parse_keys(f" {KEY_B},\n{KEY_A}\n") == [KEY_B, KEY_A]
    assert crypto.parse_keys("") == []


@pytest.mark.django_db
def test_encrypted_fields_refuse_lookups_that_cannot_work():
    from sigap.cases.models import Person

    with pytest.raises(FieldError):
        list(Person.objects.filter(full_name="Sinta"))
    with pytest.raises(FieldError):
        list(Person.objects.filter(full_name__icontains="Sinta"))
    with pytest.raises(FieldError):
        list(Person.objects.filter(nik__in=["3171010101010001"]))
    assert list(Person.objects.filter(nik="")) == []  # blanks stay comparable
    assert list(Person.objects.filter(date_of_birth__isnull=True)) == []


def _settings_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "DJANGO_"))}
    env.update({"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_DEBUG": "false", **extra})
    return env


def _import_settings(env):
    root = Path(__file__).resolve().parents[3]
    return subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-c", "import config.settings as s; print(len(s.SIGAP_FIELD_KEYS))"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_keys_refuses_to_start():
    result = _import_settings(_settings_env())
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SIGAP_FIELD_KEYS" in result.stderr


def test_production_reads_keys_from_files(tmp_path):
    keys = tmp_path / "field_keys"
    keys.write_text(f"{KEY_B},{KEY_A}\n")
    hash_key = tmp_path / "hash_key"
    hash_key.write_text("h" * 40)
    env = _settings_env(SIGAP_FIELD_KEYS_FILE=str(keys), SIGAP_HASH_KEY_FILE=str(hash_key))
    result = _import_settings(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2"


def test_production_without_hash_key_refuses_to_start():
    result = _import_settings(_settings_env(SIGAP_FIELD_KEYS=KEY_A))
    assert result.returncode != 0
    assert "SIGAP_HASH_KEY" in result.stderr
