"""`manage.py jobs_cleanup`: delete background jobs older than 7 days with their files, fail jobs whose worker died,
prune the task framework's finished rows. The worker also runs it after every job; schedule it daily (cron) so
files expire on a site where nobody exports for a while."""

from core.commands import QuietCommand
from jobs import runner


class Command(QuietCommand):
    help = "清理过期（超过 7 天）的后台导出任务及其文件。"

    def handle(self, *args, **options):
        counts = runner.cleanup()
        self.stdout.write("已删除过期任务 {expired} 个（文件 {files} 个），标记中断任务 {stale} 个，清理任务记录 {tasks} 条"
                          .format(**counts))
