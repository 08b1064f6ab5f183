"""Bulk copies of service-made demo cases, for ``seed_demo --cases N`` at scale (issue 8 §2).

How: ``seed_demo`` first makes a few hundred *template* cases through the services (so every
row, flag, number and audit event is exactly what the services write). :class:`BulkCloner` then
copies those templates with ``bulk_create`` in large batches until N cases exist:

- every row created by the template run is copied, in foreign-key order, whatever app it
  belongs to (cases, referrals, casework, justice, rights, ...), with new primary keys, new
  ``public_id`` UUIDs and its foreign keys pointed at the copies;
- people get new synthetic names of the same sex; the encrypted fields are encrypted and the
  keyed search hashes (``nik_hash``, ``name_index``) recomputed by the fields themselves on
  insert, as on a normal save;
- each copied case is moved back in time by a few days (all its dates together, so the order
  of events stays as the services made it) and gets the next case number of its year from
  ``CaseCounter``;
- the template cases' audit events are copied too (actor, action, changes with ids remapped,
  the shifted time) and appended to the hash chain with
  :func:`sigap.audit.services.audit_append_many`, so ``audit_verify`` still holds.

Reference data and people who log in (users, memberships, agencies, areas, audit, counters)
are never copied. Nothing personal is printed. Memory holds the templates plus one round.
"""

from __future__ import annotations

import json
import random
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from sigap.cases import person_hooks

# Apps and models whose rows are never copied: reference data, accounts, the audit log itself.
SKIP_APPS = {"accounts", "agencies", "areas", "audit", "auth", "contenttypes", "sessions", "admin"}
# Blocking keys are derived from the (new) names: recomputed after the persons are inserted.
SKIP_MODELS = {"cases.casecounter", "justice.article", "people.personkey"}
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def copyable_models() -> list[type[models.Model]]:
    """Concrete, managed models whose rows a seeding run creates (see ``SKIP_*``)."""
    out = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in SKIP_APPS:
            continue
        if meta.label_lower in SKIP_MODELS or meta.app_label.startswith("django"):
            continue
        out.append(model)
    return out


def max_ids() -> dict[str, int]:
    """``{model label: highest id}`` for every copyable model (0 when empty)."""
    return {
        m._meta.label_lower: m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for m in copyable_models()
    }


def _graph_fks(model, labels: set[str]) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model._meta.label_lower in labels
    ]


def insert_many(model, objs: list, *, batch_size: int = 2000) -> None:
    """Insert ``objs`` and set their primary keys, in list order.

    PostgreSQL: ids are taken from the table's sequence in one query, then the rows are
    streamed with ``COPY ... FROM STDIN`` (values prepared by each field's
    ``pre_save``/``get_db_prep_save``, so encryption and keyed hashes are applied exactly as on a
    normal save). Other databases: ``bulk_create`` in batches of ``batch_size``.
    """
    if not objs:
        return
    conn = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the proxy costs per attribute
    if conn.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=batch_size)
        return
    meta = model._meta
    # Generated columns (e.g. Referral.open_rank) are computed by the database, never written.
    fields = [f for f in meta.concrete_fields if not getattr(f, "generated", False)]
    table = conn.ops.quote_name(meta.db_table)
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
        columns = ", ".join(conn.ops.quote_name(f.column) for f in fields)
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608
            for obj in objs:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), conn) for f in fields])
        for obj in objs:
            obj._state.adding = False
            obj._state.db = conn.alias


def _uuid_refs(model) -> list[str]:
    """Attnames of UUID fields other than ``public_id``: references to other rows by UUID."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.UUIDField) and f.name != "public_id"
    ]


@contextmanager
def _no_auto_now(model_list):
    """Let copied rows keep their (shifted) simulated ``created_at``/``updated_at``."""
    saved = []
    for model in model_list:
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class BulkCloner:
    """Copies the rows created since ``baseline`` (a :func:`max_ids` snapshot) in bulk.

    ``name_for(female: bool) -> str`` gives a new synthetic name. ``shift_days`` bounds the
    backward move of each copied case (days). ``batch_size`` is the ``bulk_create`` batch.
    """

    def __init__(
        self,
        *,
        baseline: dict[str, int],
        rng: random.Random,
        name_for: Callable[[bool], str],
        shift_days: int = 10,
        batch_size: int = 2000,
    ):
        from sigap.audit.models import AuditEvent

        self.rng = rng
        self.name_for = name_for
        self.shift_days = shift_days
        self.batch_size = batch_size
        self.case_model = apps.get_model("cases", "Case")
        models_ = [
            m
            for m in copyable_models()
            if m.objects.filter(pk__gt=baseline.get(m._meta.label_lower, 0)).exists()
        ]
        labels = {m._meta.label_lower for m in models_}
        self.order = self._fk_order(models_, labels)
        self.fks = {m: _graph_fks(m, labels) for m in self.order}
        self.rows: dict[type, list[dict]] = {}
        for m in self.order:
            qs = m.objects.filter(pk__gt=baseline.get(m._meta.label_lower, 0)).order_by("pk")
            self.rows[m] = list(qs.values(*[f.attname for f in m._meta.concrete_fields]))
        self.public_ids = {
            str(r["public_id"]): (m, r["id"])
            for m in self.order
            for r in self.rows[m]
            if "public_id" in r
        }
        self.owner = self._owners()
        self.template_cases = [r["id"] for r in self.rows.get(self.case_model, [])]
        self.audit_rows = list(
            AuditEvent.objects.filter(
                pk__gt=baseline.get("audit.auditevent", 0),
                target_public_id__in=[uuid.UUID(p) for p in self.public_ids],
            )
            .order_by("pk")
            .select_related("actor")
        )
        self.users = {}

    # --- set-up ---------------------------------------------------------------------------

    @staticmethod
    def _fk_order(models_, labels) -> list:
        # Rows pointing at others by UUID (no FK) go last, once those UUIDs have copies.
        models_ = sorted(models_, key=lambda m: bool(_uuid_refs(m)))
        order, placed = [], set()
        pending = list(models_)
        while pending:
            progressed = False
            for m in list(pending):
                deps = {
                    f.related_model._meta.label_lower
                    for f in _graph_fks(m, labels)
                    if f.related_model is not m
                }
                if deps <= placed:
                    order.append(m)
                    placed.add(m._meta.label_lower)
                    pending.remove(m)
                    progressed = True
            if not progressed:  # a cycle: place the rest as they are (nullable FKs expected)
                order.extend(pending)
                break
        return sorted(order, key=lambda m: bool(_uuid_refs(m)))

    def _owners(self) -> dict[tuple[type, int], int]:
        """(model, id) → the template case the row belongs to (followed through FKs both ways)."""
        owner: dict[tuple[type, int], int] = {}
        for r in self.rows.get(self.case_model, []):
            owner[(self.case_model, r["id"])] = r["id"]
        for _ in range(4):
            for m in self.order:
                uuid_refs = _uuid_refs(m)
                for r in self.rows[m]:
                    key = (m, r["id"])
                    for name in uuid_refs:  # e.g. Notification.case_public_id
                        found = self.public_ids.get(str(r[name]))
                        if key not in owner and found in owner:
                            owner[key] = owner[found]
                    for f in self.fks[m]:
                        target = r[f.attname]
                        if target is None:
                            continue
                        tkey = (f.related_model, target)
                        if key not in owner and tkey in owner:
                            owner[key] = owner[tkey]
                        elif key in owner and tkey not in owner:
                            owner[tkey] = owner[key]  # e.g. a person, through a participant
        return owner

    # --- copying --------------------------------------------------------------------------

    def copy(self, cases: int) -> int:
        """Copy the first ``cases`` template cases once (one transaction); returns cases made."""
        chosen = set(self.template_cases[:cases])
        shift = {c: timedelta(days=self.rng.randint(1, self.shift_days)) for c in chosen}
        new_ids: dict[type, dict[int, int]] = defaultdict(dict)
        numbers: dict[str, str] = {}
        new_uuids: dict[str, uuid.UUID] = {}
        with transaction.atomic(), _no_auto_now(self.order):
            for m in self.order:
                objs, olds = [], []
                for r in self.rows[m]:
                    case_id = self.owner.get((m, r["id"]))
                    if case_id not in chosen:
                        continue
                    obj = self._copy_row(m, r, shift[case_id], new_ids, new_uuids)
                    if hasattr(obj, "case_number"):
                        obj.case_number = numbers.get(obj.case_number, obj.case_number)
                    objs.append(obj)
                    olds.append(r["id"])
                if m is self.case_model:
                    self._number(objs)
                    numbers = {
                        r["number"]: o.number
                        for r, o in zip(
                            (r for r in self.rows[m] if r["id"] in chosen), objs, strict=True
                        )
                    }
                insert_many(m, objs, batch_size=self.batch_size)
                if m._meta.label_lower == "cases.person":
                    person_hooks.keys_refresh(objs)  # keys of the new names (sigap.people)
                new_ids[m] = {old: obj.pk for old, obj in zip(olds, objs, strict=True)}
            self._audit(chosen, shift, new_uuids)
        return len(chosen)

    def _copy_row(self, m, r, delta, new_ids, new_uuids):
        data = {}
        fks = {f.attname: f for f in self.fks[m]}
        for f in m._meta.concrete_fields:
            value = r[f.attname]
            if f.primary_key:
                continue
            if f.attname in fks and value is not None:
                value = new_ids[fks[f.attname].related_model].get(value, value)
            elif f.name == "public_id":
                fresh = uuid.uuid4()
                new_uuids[str(value)] = fresh
                value = fresh
            elif isinstance(f, models.UUIDField) and value is not None:
                value = new_uuids.get(str(value), value)
            elif isinstance(value, datetime | date):
                value = value - delta
            elif isinstance(f, models.JSONField) and value:
                value = self._remap_json(value, new_uuids)
            data[f.attname] = value
        if m._meta.label_lower == "cases.person":
            sex = data.get("sex") or self.rng.choice("FM")
            data["full_name"] = self.name_for(sex == "F")
        return m(**data)

    @staticmethod
    def _remap_json(value, new_uuids):
        text = json.dumps(value, default=str)
        if not UUID_RE.search(text):
            return value
        return json.loads(UUID_RE.sub(lambda x: str(new_uuids.get(x.group(0), x.group(0))), text))

    def _number(self, cases) -> None:
        """Next ``TPPO-<kota>-<year>-NNNN`` per (kota, year), the counters bumped once each."""
        counter_model = apps.get_model("cases", "CaseCounter")
        wanted = Counter((c.number.split("-")[1], c.reported_on.year) for c in cases)
        start = {}
        for (prefix, year), n in sorted(wanted.items()):
            counter, _ = counter_model.objects.select_for_update().get_or_create(
                prefix=prefix, year=year
            )
            start[(prefix, year)] = counter.last
            counter.last += n
            counter.save(update_fields=["last"])
        for c in cases:
            key = (c.number.split("-")[1], c.reported_on.year)
            start[key] += 1
            c.number = f"TPPO-{key[0]}-{key[1]}-{start[key]:04d}"

    def _audit(self, chosen, shift, new_uuids) -> None:
        from sigap.audit.services import audit_append_many

        rows = []
        for event in self.audit_rows:
            found = self.public_ids.get(str(event.target_public_id))
            if found is None:
                continue
            m, old = found
            case_id = self.owner.get((m, old))
            if case_id not in chosen:
                continue
            target = SimpleNamespace(
                public_id=new_uuids[str(event.target_public_id)],
                _meta=SimpleNamespace(label_lower=event.target_type),
            )
            rows.append(
                {
                    "actor": event.actor,
                    "action": event.action,
                    "target": target,
                    "changes": self._remap_json(event.changes, new_uuids),
                    "ip_address": event.ip_address,
                    "occurred_at": event.occurred_at - shift[case_id],
                }
            )
        rows.sort(key=lambda row: row["occurred_at"])
        audit_append_many(rows=rows)
