"""Assessment pages: rubrics, evaluations (form, sign-off, comparison, score sheets), the county overview, guidance
records and rectification items. Views bind a form, call a service, render or redirect; every object is fetched
through a scoped selector (D14), so another county's object answers 404. assessment/urls.py imports the modules
themselves (``evaluations.evaluation_detail``), so nothing is re-exported here."""
