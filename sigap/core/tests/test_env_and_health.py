"""Validated env helpers (sigap.core.env) and ``GET /healthz``."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from sigap.core.env import env_bool, env_int, env_list, env_secret, env_str

VAR = "SIGAP_TEST_ONLY_VAR"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("TRUE", True), (" yes ", True), ("on", True), ("0", False), ("off", False)],
)
def test_env_bool_parses_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR) is expected


def test_env_bool_uses_default_when_unset(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)
    assert env_bool(VAR, default=True) is True
    assert env_bool(VAR) is False


def test_env_bool_rejects_maybe_naming_the_variable_not_the_value(monkeypatch):
    monkeypatch.setenv(VAR, "maybe")
    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_bool(VAR)
    assert VAR in str(excinfo.value)
    assert "maybe" not in str(excinfo.value)


def test_env_int_parses_and_rejects(monkeypatch):
    monkeypatch.setenv(VAR, "42")
    assert env_int(VAR, 7) == 42
    monkeypatch.setenv(VAR, "")
    assert env_int(VAR, 7) == 7
    monkeypatch.setenv(VAR, "forty")
    with pytest.raises(ImproperlyConfigured):
        env_int(VAR, 7)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv(VAR, "a.example, b.example,,")
    assert env_list(VAR) == ["a.example", "b.example"]
    monkeypatch.delenv(VAR)
    assert env_list(VAR, ["x"]) == ["x"]


def test_env_str_default(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)
    assert env_str(VAR, "fallback") == "fallback"


def test_env_secret_reads_name_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-the-file\n", encoding="utf-8")
    monkeypatch.setenv(VAR, "from-the-environment")
    monkeypatch.setenv(f"{VAR}_FILE", str(secret))
    assert env_secret(VAR) == "from-the-file"


def test_env_secret_falls_back_to_the_variable(monkeypatch):
    monkeypatch.delenv(f"{VAR}_FILE", raising=False)
    monkeypatch.setenv(VAR, "from-the-environment")
    assert env_secret(VAR) == "from-the-environment"
    monkeypatch.delenv(VAR)
    assert env_secret(VAR, "default") == "default"


def test_env_secret_unreadable_file_is_a_configuration_error(monkeypatch, tmp_path):
    monkeypatch.setenv(f"{VAR}_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_secret(VAR)
    assert f"{VAR}_FILE" in str(excinfo.value)


@pytest.mark.django_db
def test_healthz_answers_200_json_with_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] in {"sqlite", "postgresql"}
    assert "no-cache" in response.get("Cache-Control", "") or "max-age=0" in response.get(
        "Cache-Control", ""
    )


@pytest.mark.django_db
def test_healthz_reports_a_database_failure_as_503(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["status"] == "error"


@pytest.mark.django_db
def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
