from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StaffScoringConfig(AppConfig):
    name = "staff_scoring"
    verbose_name = "工作人员计分"

    def ready(self) -> None:
        from staff_scoring import exports

        exports.register()

        from core import definitions
        from staff_scoring.schemes import SCHEMES

        definitions.register(SCHEMES)

        post_migrate.connect(_install_triggers, sender=self)


def _install_triggers(using: str, **_kwargs) -> None:
    """The triggers that raise a staff member's ledger revision, installed again after every migrate, and the kept
    totals forgotten (staff_scoring.kept.after_migrate)."""
    from django.db import connections

    from staff_scoring import kept

    kept.after_migrate(connections[using])
