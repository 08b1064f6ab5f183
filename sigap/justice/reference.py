"""Articles that may be charged (reference data, loaded by migration 0002_articles).

Each row: code, law, article, short description (an English msgid, translated at display),
and whether the article number or wording still needs checking against the official text
(``[verify]`` in ../shared/domain/indonesia-tppo.md §1). The descriptions are marked with
``gettext_noop`` so ``makemessages`` extracts them; the migration holds its own frozen copy.
"""

from django.utils.translation import gettext_noop as _

ARTICLES = [
    # code, law, article, description, needs verification
    ("uu21-2007-p2", "uu_21_2007", "Pasal 2", _("Trafficking in persons (core offence)"), False),
    (
        "uu21-2007-p3",
        "uu_21_2007",
        "Pasal 3",
        _("Bringing a person into Indonesia for exploitation"),
        True,
    ),
    (
        "uu21-2007-p4",
        "uu_21_2007",
        "Pasal 4",
        _("Taking an Indonesian citizen abroad for exploitation"),
        False,
    ),
    ("uu21-2007-p5", "uu_21_2007", "Pasal 5", _("Adopting a child for exploitation"), True),
    (
        "uu21-2007-p6",
        "uu_21_2007",
        "Pasal 6",
        _("Sending a child within or outside the country for exploitation"),
        True,
    ),
    (
        "uu21-2007-p7",
        "uu_21_2007",
        "Pasal 7",
        _(
            "Aggravated: serious injury, mental illness, pregnancy, loss of reproductive function "
            "or death of the victim"
        ),
        True,
    ),
    (
        "uu21-2007-p8",
        "uu_21_2007",
        "Pasal 8",
        _("State official abusing their power (penalty increased by one third)"),
        False,
    ),
    ("uu21-2007-p10", "uu_21_2007", "Pasal 10", _("Helping or attempting trafficking"), True),
    (
        "uu21-2007-p12",
        "uu_21_2007",
        "Pasal 12",
        _("Using a trafficking victim (sexual acts, forced labour, profiting from the victim)"),
        True,
    ),
    (
        "uu21-2007-p17",
        "uu_21_2007",
        "Pasal 17",
        _("Offence against a child (penalty increased by one third)"),
        True,
    ),
    (
        "uu21-2007-p19",
        "uu_21_2007",
        "Pasal 19",
        _("False information in state documents to facilitate trafficking"),
        True,
    ),
    ("uu21-2007-p22", "uu_21_2007", "Pasal 22", _("Obstructing the investigation"), False),
    (
        "uu21-2007-p24",
        "uu_21_2007",
        "Pasal 24",
        _("Disclosing the identity of a protected witness or victim"),
        True,
    ),
    (
        "uu18-2017-p81",
        "uu_18_2017",
        "Pasal 81",
        _("Placing migrant workers without being a licensed placement company"),
        True,
    ),
    (
        "uu18-2017-p83",
        "uu_18_2017",
        "Pasal 83",
        _("Placing migrant workers who do not meet the requirements"),
        True,
    ),
    (
        "uu18-2017-p86",
        "uu_18_2017",
        "Pasal 86",
        _("Placing migrant workers in jobs or countries against the rules"),
        True,
    ),
    (
        "uu12-2022-p4",
        "uu_12_2022",
        "Pasal 4",
        _("Sexual violence crime (types listed in the law)"),
        True,
    ),
    ("uu12-2022-p10", "uu_12_2022", "Pasal 10", _("Forced marriage"), True),
    ("uu12-2022-p12", "uu_12_2022", "Pasal 12", _("Sexual exploitation"), True),
    ("uu12-2022-p13", "uu_12_2022", "Pasal 13", _("Sexual slavery"), True),
]
