"""Job-offer screening core (issue 9 §3): pure Python, no Django imports.

``engine.screen(text, answers, ruleset, licensed_agencies)`` returns a :class:`ScreeningResult`;
``default_rules.DEFAULT_RULESET`` is the ruleset shipped with SIGAP, stored as data so an admin
can edit and publish new versions without a code change.
"""
