from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "好差评与投诉"

    def ready(self) -> None:
        from core import facts
        from feedback import exports
        from feedback.facts import PROVIDER

        exports.register()
        facts.register(PROVIDER)
