from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = gettext_lazy("培训与会议")

    def ready(self) -> None:
        from core import facts
        from trainings.facts import PROVIDER

        facts.register(PROVIDER)
