"""UU 21/2007 rules: age in full years, the child flag, and the three-element assessment."""

from datetime import date

import pytest

from sigap.cases import rules
from sigap.cases.rules import INDICATED, NEEDS_INFORMATION, NOT_INDICATED


class TestAgeOn:
    def test_day_before_18th_birthday_is_17(self):
        assert rules.age_on(born=date(2008, 3, 15), on=date(2026, 3, 14)) == 17

    def test_18th_birthday_is_18(self):
        assert rules.age_on(born=date(2008, 3, 15), on=date(2026, 3, 15)) == 18

    def test_day_after_18th_birthday_is_18(self):
        assert rules.age_on(born=date(2008, 3, 15), on=date(2026, 3, 16)) == 18

    def test_29_february_birthday_counts_on_1_march_in_common_years(self):
        born = date(2008, 2, 29)
        assert rules.age_on(born=born, on=date(2026, 2, 28)) == 17
        assert rules.age_on(born=born, on=date(2026, 3, 1)) == 18

    def test_29_february_birthday_in_a_leap_year(self):
        born = date(2008, 2, 29)
        assert rules.age_on(born=born, on=date(2028, 2, 28)) == 19
        assert rules.age_on(born=born, on=date(2028, 2, 29)) == 20

    def test_birth_day_is_age_zero(self):
        assert rules.age_on(born=date(2026, 1, 1), on=date(2026, 1, 1)) == 0

    def test_date_before_birth_is_refused(self):
        with pytest.raises(ValueError):
            rules.age_on(born=date(2026, 1, 2), on=date(2026, 1, 1))


class TestAgeAt:
    def test_date_of_birth_wins_over_estimated_age(self):
        age = rules.age_at(
            date_of_birth=date(2010, 5, 1),
            estimated_age=30,
            reported_on=date(2026, 6, 1),
            at=date(2026, 3, 1),
        )
        assert age == 15

    def test_estimated_age_is_shifted_back_to_the_exploitation_date(self):
        # 19 at the report (2026-06-01) means 17 two years earlier.
        age = rules.age_at(
            date_of_birth=None,
            estimated_age=19,
            reported_on=date(2026, 6, 1),
            at=date(2024, 5, 1),
        )
        assert age == 17

    def test_estimated_age_unchanged_within_the_same_year(self):
        age = rules.age_at(
            date_of_birth=None,
            estimated_age=16,
            reported_on=date(2026, 6, 1),
            at=date(2026, 1, 10),
        )
        assert age == 16

    def test_estimated_age_never_goes_negative(self):
        age = rules.age_at(
            date_of_birth=None,
            estimated_age=1,
            reported_on=date(2026, 6, 1),
            at=date(2020, 1, 1),
        )
        assert age == 0

    def test_no_age_information_gives_none(self):
        age = rules.age_at(
            date_of_birth=None,
            estimated_age=None,
            reported_on=date(2026, 6, 1),
            at=date(2026, 1, 1),
        )
        assert age is None

    def test_exploitation_before_birth_gives_zero(self):
        age = rules.age_at(
            date_of_birth=date(2020, 1, 1),
            estimated_age=None,
            reported_on=date(2026, 6, 1),
            at=date(2019, 1, 1),
        )
        assert age == 0


@pytest.mark.parametrize(("age", "expected"), [(0, True), (17, True), (18, False), (None, None)])
def test_is_child_is_under_18(age, expected):
    assert rules.is_child(age) is expected


class TestAssessIdentification:
    def test_child_with_process_and_purpose_without_means_is_indicated(self):
        age = rules.age_on(born=date(2009, 9, 1), on=date(2026, 2, 1))
        assert age == 16
        result = rules.assess_identification(
            process=["recruitment"], means=[], purpose=["forced_labour"], child=rules.is_child(age)
        )
        assert result.result == INDICATED
        assert result.missing == []
        assert result.reason

    def test_adult_with_process_and_purpose_but_no_means_needs_information(self):
        result = rules.assess_identification(
            process=["recruitment", "harbouring"], means=[], purpose=["forced_labour"], child=False
        )
        assert result.result == NEEDS_INFORMATION
        assert result.missing == ["means"]
        assert result.reason

    def test_adult_with_all_three_elements_is_indicated(self):
        result = rules.assess_identification(
            process=["recruitment", "harbouring"],
            means=["deception", "debt_bondage"],
            purpose=["forced_labour"],
            child=False,
        )
        assert result.result == INDICATED
        assert result.missing == []

    @pytest.mark.parametrize("child", [True, False, None])
    def test_no_element_at_all_is_not_indicated(self, child):
        result = rules.assess_identification(process=[], means=[], purpose=[], child=child)
        assert result.result == NOT_INDICATED
        assert result.missing == ["process", "means", "purpose"]

    def test_unknown_age_is_treated_as_adult(self):
        unknown = rules.assess_identification(
            process=["recruitment"], means=[], purpose=["prostitution"], child=None
        )
        adult = rules.assess_identification(
            process=["recruitment"], means=[], purpose=["prostitution"], child=False
        )
        assert unknown.result == adult.result == NEEDS_INFORMATION
        assert unknown.missing == ["means"]
        # The reason says that the age is unknown, so it differs from the adult's.
        assert unknown.reason != adult.reason

    def test_child_without_purpose_needs_information_naming_purpose(self):
        result = rules.assess_identification(
            process=["recruitment"], means=[], purpose=[], child=True
        )
        assert result.result == NEEDS_INFORMATION
        assert result.missing == ["purpose"]

    def test_missing_elements_are_listed_in_legal_order(self):
        result = rules.assess_identification(
            process=[], means=[], purpose=["forced_labour"], child=False
        )
        assert result.result == NEEDS_INFORMATION
        assert result.missing == ["process", "means"]
