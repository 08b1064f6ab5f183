"""Synthetic Indonesian linkage benchmark with ground truth (issue 10 "Must show").

``generate(n_records, seed)`` returns ``(records, truth)``: ``records`` are dicts with the
``link_records`` CSV columns; ``truth`` maps ``record_id`` to ``(person_id, syndicate_id or
"")``. What makes it hard, as in real Indonesian registers: names from Faker's id_ID lists
(so many namesakes), mononyms (Nur, Siti, Sri, Muhammad), Muhammad/Moh./M. and Nur/Nurul
variants, pre-1972 spellings (dj, tj, oe), one-letter typos, swapped, dropped and joined
names, titles (H., Hj.); dates with day/month swapped, year off by one, or only an age; twins
(same surname, birth date, village and household phone); shared household phones; decoy
public numbers (a hotline, a bank's call centre, a payment gateway) on unrelated records;
and syndicates of recruiters planted across cases, sharing phones (written in several
formats), bank accounts and handles. Area codes are real Kemendagri village codes.
"""

from __future__ import annotations

import csv
import datetime
import random
from dataclasses import dataclass, field
from pathlib import Path

from faker.providers.person.id_ID import Provider as _Names

COLUMNS = [
    "record_id",
    "case_ref",
    "report_date",
    "role",
    "full_name",
    "sex",
    "date_of_birth",
    "age",
    "birth_place",
    "origin_village",
    "origin_area_code",
    "nik",
    "phone",
    "bank_account",
    "social_handle",
    "passport_no",
]
MONONYMS_F = ["Nur", "Siti", "Sri", "Sumiati", "Wartini", "Suminah", "Kartini"]
MONONYMS_M = ["Muhammad", "Slamet", "Sutrisno", "Paijo", "Suparman", "Tukiman"]
MUHAMMAD_VARIANTS = ["Muhammad", "Muhamad", "Mohammad", "Moh.", "M.", "Moch.", "Mochammad"]
PUBLIC_NUMBERS = ["129", "+62 21 1500 771", "021-2922-2999"]
BANKS = ["002", "008", "009", "014", "451"]
FALLBACK_VILLAGES = [
    ("31.71.03.1001", "Kemayoran"),
    ("31.71.01.1001", "Gambir"),
    ("32.02.01.2001", "Palabuhanratu"),
    ("32.02.05.2003", "Cisolok"),
    ("33.01.01.2001", "Hanum"),
    ("35.07.02.2004", "Sumberpucung"),
    ("52.03.04.2002", "Sakra"),
    ("53.71.01.1003", "Oebobo"),
    ("61.05.03.2001", "Entikong"),
    ("64.72.01.1002", "Nunukan Barat"),
    ("32.14.02.2006", "Cikampek"),
    ("36.03.04.2003", "Balaraja"),
]


def load_villages(path: str | Path | None, *, limit: int = 5000, seed: int = 0) -> list[tuple]:
    """Up to ``limit`` (code, name) pairs of desa/kelurahan from the Kemendagri CSV
    (``code,level,name,parent_code``); the built-in list when the file is missing."""
    if path is None or not Path(path).exists():
        return FALLBACK_VILLAGES
    rows = []
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["level"] in ("desa", "kelurahan"):
                rows.append((row["code"], row["name"]))
    random.Random(seed).shuffle(rows)
    return rows[:limit] or FALLBACK_VILLAGES


@dataclass
class _Person:
    pid: int
    sex: str
    tokens: list[str]
    dob: datetime.date
    village: tuple
    nik: str = ""
    phone: str = ""
    passport: str = ""
    bank: str = ""
    handle: str = ""
    birth_place: str = ""
    syndicate: str = ""
    extra: dict = field(default_factory=dict)


class _Gen:
    def __init__(self, seed: int, villages: list[tuple]):
        self.r = random.Random(seed)
        self.villages = villages
        self.pid = 0
        self.first_m = list(_Names.first_names_male)
        self.first_f = list(_Names.first_names_female)
        self.last_m = list(_Names.last_names_male)
        self.last_f = list(_Names.last_names_female)

    def phone(self) -> str:
        return "08" + "".join(self.r.choice("0123456789") for _ in range(self.r.choice([9, 10])))

    def person(self, *, sex=None, surname=None, dob=None, village=None, phone=None) -> _Person:
        r = self.r
        self.pid += 1
        sex = sex or r.choice("LP")
        if r.random() < 0.04:
            tokens = [r.choice(MONONYMS_F if sex == "P" else MONONYMS_M)]
        else:
            first = r.choice(self.first_f if sex == "P" else self.first_m)
            tokens = [first]
            if sex == "L" and r.random() < 0.12:
                tokens.insert(0, "Muhammad")
            if sex == "P" and r.random() < 0.10:
                tokens.insert(0, r.choice(["Siti", "Nur", "Sri"]))
            if r.random() < 0.35:
                tokens.append(r.choice(self.first_f if sex == "P" else self.first_m))
            tokens.append(surname or r.choice(self.last_f if sex == "P" else self.last_m))
        dob = dob or datetime.date(1960, 1, 1) + datetime.timedelta(days=r.randrange(0, 18000))
        village = village or r.choice(self.villages)
        p = _Person(self.pid, sex, tokens, dob, village)
        if r.random() < 0.6:
            day = dob.day + (40 if sex == "P" else 0)
            p.nik = (
                village[0].replace(".", "")[:6]
                + f"{day:02d}{dob.month:02d}{dob.year % 100:02d}"
                + f"{r.randrange(1, 9999):04d}"
            )
        p.phone = phone if phone is not None else (self.phone() if r.random() < 0.5 else "")
        if r.random() < 0.25:
            p.passport = r.choice("ABCXE") + f"{r.randrange(0, 9999999):07d}"
        p.birth_place = village[1]
        return p

    # --- noisy copies -------------------------------------------------------------------------

    def noisy_name(self, tokens: list[str]) -> str:
        r = self.r
        t = list(tokens)
        if t and t[0] == "Muhammad" and r.random() < 0.6:
            t[0] = r.choice(MUHAMMAD_VARIANTS)
        for i, w in enumerate(t):
            if w in ("Nur",) and r.random() < 0.3:
                t[i] = "Nurul"
            if r.random() < 0.08:
                w2 = w.replace("j", "dj").replace("u", "oe").replace("c", "tj")
                t[i] = w2
        if r.random() < 0.10:
            i = r.randrange(len(t))
            w = t[i]
            if len(w) > 3:
                k = r.randrange(1, len(w))
                op = r.random()
                if op < 0.4:
                    w = w[:k] + w[k + 1 :]
                elif op < 0.7:
                    w = w[:k] + r.choice("aeiouhnrs") + w[k:]
                else:
                    w = w[:k] + r.choice("aeiou") + w[k + 1 :]
                t[i] = w
        if len(t) >= 2 and r.random() < 0.05:
            t[0], t[-1] = t[-1], t[0]
        if len(t) >= 3 and r.random() < 0.06:
            t.pop(r.randrange(1, len(t)))
        if len(t) >= 2 and r.random() < 0.04:
            i = r.randrange(len(t) - 1)
            t[i : i + 2] = [t[i] + t[i + 1].lower()]
        if r.random() < 0.05 and t[-1][-1] in "a":
            t[-1] = t[-1] + "h"
        name = " ".join(t)
        if r.random() < 0.04:
            name = r.choice(["H. ", "Hj. ", "Bpk. ", "Ibu "]) + name
        if r.random() < 0.3:
            name = name.upper() if r.random() < 0.5 else name.lower()
        return name

    def phone_format(self, phone: str) -> str:
        r = self.r
        if not phone or not phone.startswith("08"):
            return phone
        rest = phone[1:]
        choice = r.random()
        if choice < 0.3:
            return phone
        if choice < 0.5:
            return f"{phone[:4]}-{phone[4:8]}-{phone[8:]}"
        if choice < 0.75:
            return f"+62 {rest[:3]} {rest[3:7]} {rest[7:]}"
        return "62" + rest

    def record(self, p: _Person, *, rid: str, case_ref: str, role: str, report: datetime.date):
        r = self.r
        dob = p.dob
        dob_s, age = "", ""
        x = r.random()
        if x < 0.12:
            age = str(report.year - dob.year - (0 if r.random() < 0.5 else 1))
        elif x < 0.18:
            pass
        else:
            d = dob
            if d.day <= 12 and r.random() < 0.05:
                d = datetime.date(d.year, d.day, d.month)
            elif r.random() < 0.05:
                try:
                    d = d.replace(year=d.year + r.choice([-1, 1]))
                except ValueError:
                    d = d.replace(year=d.year + 1, day=28)
            dob_s = d.isoformat() if r.random() < 0.6 else d.strftime("%d-%m-%Y")
        village = p.village
        if r.random() < 0.08:
            village = ("", "")
        nik = p.nik if (p.nik and r.random() < 0.6) else ""
        if nik and r.random() < 0.02:
            k = r.randrange(len(nik))
            nik = nik[:k] + str((int(nik[k]) + 1) % 10) + nik[k + 1 :]
        phone = self.phone_format(p.phone) if (p.phone and r.random() < 0.6) else ""
        if role == "victim" and not phone and r.random() < 0.03:
            phone = r.choice(PUBLIC_NUMBERS)  # the number the victim called: public
        return {
            "record_id": rid,
            "case_ref": case_ref,
            "report_date": report.isoformat(),
            "role": role,
            "full_name": self.noisy_name(p.tokens),
            "sex": p.sex if r.random() > 0.03 else "",
            "date_of_birth": dob_s,
            "age": age,
            "birth_place": p.birth_place if r.random() < 0.3 else "",
            "origin_village": village[1],
            "origin_area_code": village[0],
            "nik": nik,
            "phone": phone,
            "bank_account": p.bank if (p.bank and r.random() < 0.7) else "",
            "social_handle": p.handle if (p.handle and r.random() < 0.6) else "",
            "passport_no": p.passport if (p.passport and r.random() < 0.4) else "",
        }


def generate(n_records: int, *, seed: int = 0, villages: list[tuple] | None = None):
    """``n_records`` synthetic records and their truth ``{record_id: (person_id,
    syndicate_id)}`` (syndicate ids only for suspects and recruiters). Deterministic per seed.
    """
    g = _Gen(seed, villages or FALLBACK_VILLAGES)
    r = g.r
    records: list[dict] = []
    truth: dict[str, tuple[str, str]] = {}
    victims: list[_Person] = []
    syndicates: list[dict] = []
    case_no = 0
    start = datetime.date(2018, 1, 1)

    def add(p: _Person, case_ref: str, role: str, report: datetime.date):
        rid = f"R{len(records) + 1:07d}"
        records.append(g.record(p, rid=rid, case_ref=case_ref, role=role, report=report))
        truth[rid] = (f"P{p.pid}", p.syndicate if role in ("suspect", "recruiter") else "")

    while len(records) < n_records:
        case_no += 1
        case_ref = f"TPPO-{case_no:07d}"
        report = start + datetime.timedelta(days=r.randrange(0, 3000))
        for _ in range(r.choice([1, 1, 1, 2, 2, 3, 4])):
            if victims and r.random() < 0.30:
                p = r.choice(victims)  # a returning or double-counted victim
            else:
                if victims and r.random() < 0.01:
                    twin_of = r.choice(victims)
                    p = g.person(
                        sex=r.choice("LP"),
                        surname=twin_of.tokens[-1],
                        dob=twin_of.dob,
                        village=twin_of.village,
                        phone=twin_of.phone,
                    )
                elif victims and r.random() < 0.04:
                    sib = r.choice(victims)  # same household phone, different person
                    p = g.person(village=sib.village, phone=sib.phone, surname=sib.tokens[-1])
                else:
                    p = g.person()
                victims.append(p)
                if len(victims) > 200_000:
                    victims.pop(r.randrange(len(victims)))
            add(p, case_ref, "victim", report)
        if r.random() < 0.2:
            add(g.person(), case_ref, "witness", report)
        if not syndicates or r.random() < 0.3:
            sid = f"S{len(syndicates) + 1}"
            syndicates.append(
                {
                    "id": sid,
                    "members": [],
                    "phones": [g.phone() for _ in range(r.choice([1, 2]))],
                    "bank": f"{r.choice(BANKS)}-{r.randrange(10**9, 10**10)}",
                    "handle": f"@rekrut_{sid.lower()}_{r.randrange(100, 999)}",
                }
            )
        syn = syndicates[-1] if r.random() < 0.5 else r.choice(syndicates)
        for _ in range(r.choice([1, 1, 2])):
            if syn["members"] and r.random() < 0.6:
                p = r.choice(syn["members"])
            else:
                p = g.person(phone=r.choice(syn["phones"]))
                p.syndicate = syn["id"]
                if r.random() < 0.7:
                    p.bank = syn["bank"]
                if r.random() < 0.5:
                    p.handle = syn["handle"]
                syn["members"].append(p)
            rec_role = r.choice(["suspect", "recruiter"])
            add(p, case_ref, rec_role, report)
            if r.random() < 0.05:
                records[-1]["phone"] = r.choice(PUBLIC_NUMBERS)  # a decoy on a suspect
        if len(records) >= n_records:
            break
    records = records[:n_records]
    truth = {rec["record_id"]: truth[rec["record_id"]] for rec in records}
    return records, truth


def write_csv(records: list[dict], path: str | Path) -> None:
    """Write records with the ``link_records`` header."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(records)
