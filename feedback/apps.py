from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "好差评与投诉"

    def ready(self) -> None:
        from feedback import exports

        exports.register()
