"""Who may read or change the victims' rights of a case (docs/access-model.md).

Record scope first comes from ``Case.objects.visible_to(user)``; within a visible case:

- users with full access to the case (``case_view_for(...).full``: the handling agency's case
  team, the UPT PPA intake queue, the handling secretariat, break-glass) read every victim's
  rights;
- police of an agency the case is referred to (those who read its justice process) read the
  restitution and LPSK protection of each victim, read-only: they need them for the case
  file (restitution goes into the indictment; Pasal 47 protection), not the services;
- the handling agency's case team of an open case (``cases.change_case``) changes them;
- everyone else, service providers included, gets 404 (as for a record that does not exist).
"""

from __future__ import annotations

from dataclasses import dataclass

from sigap.cases.access import case_view_for
from sigap.casework.access import can_work
from sigap.justice.access import justice_view_for


@dataclass(frozen=True)
class RightsView:
    read_all: bool = False  # every right, repatriation, restitution, protection
    read_justice: bool = False  # restitution and LPSK protection only
    edit: bool = False

    @property
    def read(self) -> bool:
        return self.read_all or self.read_justice


def rights_view_for(user, case) -> RightsView:
    """Capabilities of ``user`` on the rights of ``case`` (a case already known visible)."""
    if case_view_for(user, case).full:
        return RightsView(read_all=True, read_justice=True, edit=can_work(user, case))
    if justice_view_for(user, case).read:
        return RightsView(read_justice=True)
    return RightsView()
