"""Rubric versions (D8). Evaluations against them come with the evaluations issue."""

from django.db import models

from core.definitions import PublishedDefinition


class SubjectKind(models.TextChoices):
    CENTRE = "centre", "便民服务中心"
    STATION = "station", "便民服务站"
    WINDOW = "window", "窗口"
    DEPARTMENT = "department", "县级部门"
    TOWNSHIP = "township", "乡镇（街道）"


class RubricVersion(PublishedDefinition):
    """One version of an official rubric (考核细则), stored as the fixture text it was loaded from.

    ``scoring.rubric.load_rubric`` turns it into the engine's frozen types (``assessment.rubrics.RUBRICS``). A
    version never changes once published; an evaluation keeps the version it was made with (D8).
    """

    subjects = models.CharField("考核对象", max_length=100, help_text="逗号分隔：centre, station, window …")
    max_total = models.DecimalField("满分", max_digits=7, decimal_places=2)

    class Meta(PublishedDefinition.Meta):
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="rubric_code_version_unique",
                                    violation_error_message="该考核细则的这个版本已存在"),
        ]
        verbose_name = "考核细则版本"
        verbose_name_plural = "考核细则版本"

    @property
    def subject_labels(self) -> str:
        labels = dict(SubjectKind.choices)
        return "、".join(labels.get(s, s) for s in self.subjects.split(","))
