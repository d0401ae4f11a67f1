from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "考核评估"

    def ready(self) -> None:
        from assessment import exports
        from assessment.evidence import library_items
        from library import catalogue

        exports.register()
        catalogue.register(library_items)

        from assessment.facts import PROVIDER
        from core import facts

        facts.register(PROVIDER)

        from assessment.rubrics import RUBRICS
        from core import definitions

        definitions.register(RUBRICS)
