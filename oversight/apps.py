from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = gettext_lazy("上级监管")
