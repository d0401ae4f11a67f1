from django.apps import AppConfig


class StaffScoringConfig(AppConfig):
    name = "staff_scoring"
    verbose_name = "工作人员计分"
