"""Rubric versions (D8). Evaluations against them come with the evaluations issue."""

from django.conf import settings
from django.db import models


class SubjectKind(models.TextChoices):
    CENTRE = "centre", "便民服务中心"
    STATION = "station", "便民服务站"
    WINDOW = "window", "窗口"
    DEPARTMENT = "department", "县级部门"
    TOWNSHIP = "township", "乡镇（街道）"


class RubricVersion(models.Model):
    """One published (or uploaded, not yet published) version of an official rubric.

    ``definition`` is the fixture as parsed data (JSON); ``scoring.rubric.load_rubric`` turns it into the engine's
    frozen types. A version never changes once published: a changed rubric is a new version, and an evaluation keeps
    the version it was made with (D8).
    """

    code = models.SlugField("细则编码", max_length=60)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("名称", max_length=200)
    subject_kind = models.CharField("考核对象", max_length=20, choices=SubjectKind.choices)
    max_total = models.DecimalField("满分", max_digits=7, decimal_places=2)
    definition = models.JSONField("细则内容")
    content_hash = models.CharField(max_length=64)
    source_name = models.CharField("来源文件", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="rubric_code_version_unique",
                                    violation_error_message="该细则的这个版本已存在"),
        ]
        verbose_name = "考核细则版本"
        verbose_name_plural = "考核细则版本"

    def __str__(self) -> str:
        return f"{self.title}（{self.code} 第{self.version}版）"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
