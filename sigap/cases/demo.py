"""Demo accounts for a fresh install: one user per role at the city's agencies.

Passwords are random per install, written to ``var/demo-logins.txt`` (mode 600) and printed
by ``manage.py bootstrap``; nothing secret is in the repository.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.db import transaction

from sigap.accounts.models import User
from sigap.accounts.services import user_create
from sigap.agencies.choices import Role
from sigap.agencies.models import Agency
from sigap.agencies.services import membership_set

# username, display name, role, agency code
DEMO_USERS = [
    ("lurah.kemayoran", "Petugas Kelurahan Kemayoran", Role.REPORTER, "kelurahan-31-71-03-1001"),
    ("camat.kemayoran", "Petugas Kecamatan Kemayoran", Role.REPORTER, "kecamatan-31-71-03"),
    ("mk.uptppa", "Manajer Kasus UPT PPA", Role.CASE_MANAGER, "upt-ppa-dki"),
    ("spv.uptppa", "Supervisor UPT PPA", Role.SUPERVISOR, "upt-ppa-dki"),
    ("sekretariat", "Sekretariat Sudin PPAPP", Role.SECRETARIAT, "sudin-ppapp-jakpus"),
    ("kesehatan", "Petugas Sudin Kesehatan", Role.SERVICE_PROVIDER, "sudin-kesehatan-jakpus"),
    ("sosial", "Petugas Sudin Sosial", Role.SERVICE_PROVIDER, "sudin-sosial-jakpus"),
    ("penyidik", "Penyidik Unit PPA Polres", Role.POLICE, "polres-jakpus-ppa"),
    ("jaksa", "Jaksa Kejari Jakarta Pusat", Role.PROSECUTOR, "kejari-jakpus"),
    ("lpsk", "Petugas LPSK", Role.LPSK, "lpsk"),
    ("pimpinan", "Wakil Wali Kota (pimpinan)", Role.LEADERSHIP, "pemkot-jakpus"),
    ("auditor", "Petugas Pelindungan Data", Role.AUDITOR, "pemkot-jakpus"),
    ("admin", "Admin Platform", Role.PLATFORM_ADMIN, "pemkot-jakpus"),
]


@transaction.atomic
def demo_users_create(*, logins_file: Path) -> list[tuple[str, str, str]]:
    """Create the demo users that do not exist yet, all with one fresh random password.

    Returns ``[(username, role label, agency)]`` for all demo users and writes the password
    to ``logins_file`` (again whenever the list of demo logins changes). Existing users are
    never changed.
    """
    password = None
    if logins_file.exists():
        password = _read_password(logins_file)
    rows = []
    for username, name, role, agency_code in DEMO_USERS:
        agency = Agency.objects.get(code=agency_code)
        if not User.objects.filter(username=username).exists():
            if password is None:
                password = secrets.token_urlsafe(9)
            first, _sep, last = name.partition(" ")
            user = user_create(
                username=username,
                password=password,
                first_name=first,
                last_name=last,
                is_staff=role == Role.PLATFORM_ADMIN,
            )
            membership_set(user=user, agency=agency, role=role)
        rows.append((username, str(Role(role).label), str(agency)))
    if password is not None:
        # Written the first time, and again when a release adds demo users (e.g. the
        # prosecutor and LPSK logins), so the printed list always names every demo login.
        text = _format(rows, password)
        if not logins_file.exists() or logins_file.read_text(encoding="utf-8") != text:
            logins_file.parent.mkdir(parents=True, exist_ok=True)
            logins_file.write_text(text, encoding="utf-8")
            logins_file.chmod(0o600)
    return rows


def _read_password(path: Path) -> str | None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("password: "):
            return line.removeprefix("password: ").strip()
    return None


def _format(rows, password: str) -> str:
    lines = [
        "SIGAP demo logins (synthetic users; change or delete before real use)",
        f"password: {password}",
        "",
    ]
    lines += [f"{u:<18} {role:<42} {agency}" for u, role, agency in rows]
    return "\n".join(lines) + "\n"
