# SIGAP: two commands. `make run` (app on SQLite) and `make test` (whole suite).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# make run serves a production-like app over plain HTTP on localhost.
RUN_ENV := DJANGO_SECRET_KEY_FILE=var/secret_key DJANGO_SECURE_SSL_REDIRECT=false \
	DJANGO_SECURE_COOKIES=false SIGAP_FIELD_KEYS_FILE=var/field_keys SIGAP_HASH_KEY_FILE=var/hash_key

.PHONY: run test setup lint fmt clean seed manage

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade "pip>=25.1"
	$(VENV)/bin/pip install --quiet -e . --group dev
	touch $@

var/secret_key:
	mkdir -p var
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

# Encryption key for identity fields (Fernet) and the key of the NIK/name search hashes.
# Losing var/field_keys makes the stored identities unreadable: back it up apart from the DB.
var/field_keys: | $(VENV)/.installed
	mkdir -p var
	$(PY) -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > $@
	chmod 600 $@

var/hash_key:
	mkdir -p var
	$(PY) -c "import secrets; print(secrets.token_urlsafe(32))" > $@
	chmod 600 $@

setup: $(VENV)/.installed var/secret_key var/field_keys var/hash_key
	$(RUN_ENV) $(PY) manage.py compile_translations
	$(RUN_ENV) $(PY) manage.py migrate --no-input -v0
	$(RUN_ENV) $(PY) manage.py bootstrap
	$(RUN_ENV) $(PY) manage.py collectstatic --no-input -v0

run: setup
	@echo ""
	@echo "SIGAP is starting at http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	@echo "Log in with one of the demo accounts listed above (also in var/demo-logins.txt)."
	@# The task worker (exports, long jobs) and the audit sealer (chains new audit rows and
	@# writes the checkpoint, every minute) run beside gunicorn; Ctrl+C or gunicorn's exit
	@# stops them all (docs/operations.md, "Web server and worker").
	@$(RUN_ENV) $(PY) manage.py db_worker --no-reload --interval 1 -v0 & worker=$$!; \
	( trap 'kill $$nap 2>/dev/null; exit 0' TERM; \
	  while :; do sleep 60 & nap=$$!; wait $$nap; \
	  $(RUN_ENV) $(PY) manage.py audit_seal -v0 >/dev/null || true; done ) & \
	sealer=$$!; \
	trap 'kill $$worker $$sealer 2>/dev/null; wait $$worker $$sealer 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) SIGAP_BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn -c config/gunicorn.py \
		config.wsgi:application

# Demo data with the same environment as make run (keys in var/); CASES=N for more (bulk above 1000
# is a matter of minutes, see docs/benchmarks.md). Safe beside a running `make run`.
CASES ?= 200
seed: setup
	$(RUN_ENV) $(PY) manage.py seed_demo --cases $(CASES)

# Any management command with make run's environment: make manage ARGS="audit_verify"
manage: setup
	$(RUN_ENV) $(PY) manage.py $(ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(VENV)/.installed
	mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings_test $(PY) manage.py compile_translations
	DJANGO_SETTINGS_MODULE=config.settings_test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings_test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n 2 --dist loadfile -q

clean:
	rm -rf $(VENV) var staticfiles
