from django.apps import AppConfig


class CentersConfig(AppConfig):
    name = "centers"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from centers.facts import PROVIDER
        from core import facts

        facts.register(PROVIDER)
