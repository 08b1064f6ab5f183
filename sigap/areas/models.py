"""Kemendagri administrative areas (reference data, loaded by ``manage.py load_areas``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.areas.choices import AreaLevel


def normalize_name(name: str) -> str:
    """Lower-case, single-spaced form of an area name used for search (``name_key``)."""
    return " ".join(name.lower().split())


class Area(models.Model):
    """One provinsi, kabupaten/kota, kecamatan or desa/kelurahan.

    ``code`` is the Kemendagri code *with dots* (``31.71.03.1001``); BPS codes are a different
    scheme and are never stored here (../shared/data/NOTICE.md). ``name_key`` is the normalised
    name, indexed for prefix search.
    """

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    name = models.CharField(_("name"), max_length=120)
    name_key = models.CharField(max_length=120, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def kind_label(self) -> str:
        """Level label (e.g. "Kelurahan") for display."""
        return self.get_level_display()

    def path_names(self) -> list[str]:
        """Names from this area up to its province. Uses ``parent`` links: select_related them."""
        names = []
        node = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return names

    @property
    def label(self) -> str:
        """``"Kel. Kemayoran, Kemayoran, Kota Administrasi Jakarta Pusat, DKI Jakarta"`` style."""
        return ", ".join(self.path_names())

    def ancestor_code(self, level_segments: int) -> str:
        """The code truncated to ``level_segments`` dot-separated parts (2 = kabupaten/kota)."""
        return ".".join(self.code.split(".")[:level_segments])
