"""Demo data: `seed_demo --scale county` for `make demo`, `--scale province` for benchmarks. Safe to re-run."""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

import assessment.demo
import feedback.demo
import library.demo
import matters.demo
import redflags.demo
import staff_scoring.demo
import trainings.demo
from accounts.demo import seed_accounts
from centers.demo import seed_county, seed_province
from centers.models import Region

# Apps that add their own demo data on top of the county, in this order (each one reads what the ones before it
# made); each has `seed(counties, rng)`. The library comes before the evaluations, so that they see its documents;
# the demo rubrics are loaded before both (the library tags documents to their items). Trainings come after the
# library (they link its training records) and before the evaluations (their facts pre-fill them).
APP_SEEDERS = [matters.demo, library.demo, trainings.demo, assessment.demo, staff_scoring.demo, feedback.demo,
               redflags.demo]


class Command(BaseCommand):
    help = "生成演示数据：--scale county（演示县，含各角色账号）或 --scale province（规模测试数据）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["county", "province"], default="county")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（相同种子生成相同数据）")

    def handle(self, *args, scale: str, seed: int, **options):
        rng = random.Random(seed)
        started = time.monotonic()
        if scale == "province":
            if Region.objects.filter(code="9").exists():
                raise CommandError(gettext("规模测试数据已存在（区划代码 9）；请使用新的数据库。"))
            counts = seed_province(rng)
            self.stdout.write(f"规模数据已生成（{time.monotonic() - started:.0f} 秒）：{counts}")
            return
        counties = seed_county(rng)
        assessment.demo.demo_rubrics()
        for module in APP_SEEDERS:
            module.seed(counties, random.Random(seed))
        accounts = seed_accounts(counties)
        self.stdout.write(self.style.SUCCESS("演示数据就绪。演示账号（用户名 / 密码）："))
        for username, password, what in accounts:
            self.stdout.write(f"  {username:<11} / {password}   {what}")
