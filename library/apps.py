from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = gettext_lazy("资料库")
