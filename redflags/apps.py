from django.apps import AppConfig


class RedflagsConfig(AppConfig):
    name = "redflags"
    verbose_name = "窗口月考核与流动红旗"

    def ready(self) -> None:
        from core import facts
        from redflags.facts import PROVIDER

        facts.register(PROVIDER)
