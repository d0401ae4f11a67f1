from django.apps import AppConfig


class ProvisionConfig(AppConfig):
    """The top floor: commands that fill a database (rubric and scheme fixtures, the demo county). It may import
    every app; no app imports it. Last in INSTALLED_APPS."""

    name = "provision"
    verbose_name = "数据准备"
