"""Reads for assessment. Rubric versions are reference data: every logged-in role except staff may read them."""

from django.db.models import Max

from assessment.models import RubricVersion


def rubric_versions():
    return RubricVersion.objects.select_related("uploaded_by").order_by("code", "-version")


def latest_versions():
    """The newest version of each rubric code (published or not), for the list page."""
    newest = RubricVersion.objects.values("code").annotate(v=Max("version"))
    wanted = {(row["code"], row["v"]) for row in newest}
    return [r for r in rubric_versions() if (r.code, r.version) in wanted]


def published_rubrics(subject: str | None = None):
    qs = RubricVersion.objects.filter(published_at__isnull=False)
    if subject:
        qs = qs.filter(subjects__contains=subject)
    return qs.order_by("code", "-version")
