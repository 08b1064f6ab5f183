"""Blocking keys of persons for the indexed duplicate check (issue 10 §1)."""

from django.db import models


class PersonKey(models.Model):
    """One blocking key of a person: a keyed hash (``sigap.people.keys``) of a normalised,
    phonetic name word with the birth year, with the birth day and month, or with the origin
    kabupaten/kota; of the whole name; or of the birth date with the origin kabupaten.

    Derived data (like ``Person.name_index``): rewritten by :func:`sigap.people.keys.keys_refresh`
    whenever a person is written. Holds no plaintext; ``(key, person)`` is indexed so the
    duplicate check reads only the index entries of the query's keys.
    """

    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "person"], name="uniq_person_key"),
        ]
        indexes = [models.Index(fields=["person"], name="personkey_person_idx")]

    def __str__(self) -> str:
        return f"PersonKey {self.pk}"
