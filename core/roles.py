"""The five roles and the groups of them that pages and services check, in one place.

``Role`` lives here, on the floor below every app, so that each app can name a group (``READERS``…) without
importing another; ``accounts.models.Role`` is this class. The members are strings: ``user_role(user) in MANAGERS``.
"""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "管理员"
    INSPECTOR = "inspector", "县级考核人员"
    DIRECTOR = "director", "中心主任"
    STAFF = "staff", "窗口工作人员"
    SUPERVISOR = "supervisor", "上级监管人员"  # 市/省政务服务管理部门: reads its region's summaries, writes nothing


EVERYONE = (Role.ADMIN, Role.INSPECTOR, Role.DIRECTOR, Role.STAFF)  # who works in the county (not the supervisor)
READERS = (Role.ADMIN, Role.INSPECTOR, Role.DIRECTOR)  # every role but staff: the county and the centres
COUNTY = (Role.ADMIN, Role.INSPECTOR)  # the county's assessors (and the admin standing in)
MANAGERS = (Role.ADMIN, Role.DIRECTOR)  # who runs a centre (and the admin standing in)
ISSUERS = (Role.ADMIN, Role.DIRECTOR, Role.STAFF)  # who serves at a centre: the director and the staff
ABOVE_COUNTY = (Role.ADMIN, Role.SUPERVISOR)  # who reads summaries above a county (per county, then town)
# Roles that only read: every guarded view refuses them anything but GET/HEAD (core.access.role_required).
READ_ONLY = (Role.SUPERVISOR,)
