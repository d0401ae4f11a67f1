"""The task queue's admin page (django-tasks-db's own, read-only) with its computed columns named in Chinese."""

from django.contrib import admin
from django.utils.translation import gettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ("id", "task", "status", "enqueued_at", "started_at", "finished_at", "priority", "queue_name")

    @admin.display(description=gettext_lazy("任务"))
    def task(self, obj):
        return obj.task_name

    @admin.display(description=gettext_lazy("错误追踪"))
    def formatted_traceback(self, obj):
        return super().formatted_traceback(obj)

    @admin.display(description=gettext_lazy("不早于"))
    def display_run_after(self, obj):
        return super().display_run_after(obj)
