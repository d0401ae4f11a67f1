from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "matters"
    verbose_name = "事项目录"

    def ready(self) -> None:
        from matters import exports

        exports.register()
