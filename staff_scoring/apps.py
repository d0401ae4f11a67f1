from django.apps import AppConfig


class StaffScoringConfig(AppConfig):
    name = "staff_scoring"
    verbose_name = "工作人员计分"

    def ready(self) -> None:
        from staff_scoring import exports

        exports.register()

        from core import definitions
        from staff_scoring.schemes import SCHEMES

        definitions.register(SCHEMES)
