"""No admin for case work: assessments, plans, closure requests and tasks are case data and
stay out of the Django admin like ``cases`` and ``referrals`` (issue 3; the authorization
matrix checks this). Writes go through ``casework.services`` only (STYLE B13)."""
