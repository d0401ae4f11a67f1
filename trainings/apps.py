from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = "培训与会议"

    def ready(self) -> None:
        from core import facts
        from trainings.facts import PROVIDER

        facts.register(PROVIDER)
