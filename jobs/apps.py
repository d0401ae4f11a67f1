from django.apps import AppConfig
from django.utils.translation import gettext_lazy
from django_tasks_db.apps import TasksAppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = gettext_lazy("后台任务")


class TaskQueueConfig(TasksAppConfig):
    """django-tasks-db's own app (the queue the workers read) under a Chinese name in the admin: its name is a
    plain English string there. Its fields and statuses are translated in locale/zh_Hans (third-party strings only)."""

    verbose_name = gettext_lazy("任务队列")
