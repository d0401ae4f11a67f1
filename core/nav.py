"""The navigation bar's menu, declared once: which entries each role sees, where they lead, when they are active.

``templates/partials/nav_items.html`` loops over ``visible(...)`` (through ``{% nav_entries %}``,
``core.templatetags.navigation``). Entries name their pages by URL name only, so this module imports no app (it sits
on the floor below them all, docs/architecture.md § Layers). What it needs beyond the user — the role and whether a
staff member declares a window's 附加分 — the context processors put in every page's context
(``accounts.context_processors.role``, ``redflags.context_processors.nav``); building the menu asks the database
nothing more.

An entry is active when the page's namespace is one of ``active`` (``"feedback"``), or its namespace and URL name
are (``"feedback:my_ticket"``; ``":home"`` is a page without a namespace), and it is none of ``inactive``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import READERS, Role

ADMIN, SUPERVISOR, INSPECTOR, DIRECTOR, STAFF = Role.ADMIN, Role.SUPERVISOR, Role.INSPECTOR, Role.DIRECTOR, Role.STAFF
ANYONE = ("*",)  # every signed-in user, one without a role too


@dataclass(frozen=True)
class Link:
    label: str
    url: str  # a URL name
    roles: tuple[str, ...] = ()  # in a menu, empty: the menu's roles
    active: tuple[str, ...] = ()
    inactive: tuple[str, ...] = ()
    # URL arguments read from the user ({"centre": "centre_id"}); a user without one does not see the entry.
    kwargs: dict[str, str] = field(default_factory=dict, hash=False)
    when: str = ""  # a context flag that must be true ("declares_bonus")


@dataclass(frozen=True)
class Menu:
    label: str
    roles: tuple[str, ...]
    active: tuple[str, ...]
    items: tuple[Link | None, ...]  # None: a divider
    inactive: tuple[str, ...] = ()


# 服务评价码 sends staff on to their window's or station's code page, which makes a one-time code: its pages too.
TICKET_PAGES = ("feedback:my_ticket", "feedback:ticket_window", "feedback:ticket_station", "feedback:ticket_detail")

MENU: tuple[Link | Menu, ...] = (
    Link(_("首页"), "home", roles=ANYONE, active=(":home",)),
    Menu(_("组织机构"), (ADMIN,), ("centers", "workdays"), (
        Link(_("中心与站点"), "centers:centre_list"),
        Link(_("工作日历"), "workdays:year_list"),
        Link(_("辖区汇总"), "oversight:summary"),
        None,
        Link(_("账号管理"), "admin:accounts_user_changelist"),
        Link(_("管理后台"), "admin:index"),
    )),
    # The supervisor reads: its region's summary, the counties' evaluation overviews, ratings and complaints, and the
    # export of staff scores (it opens no centre's board).
    Link(_("辖区汇总"), "oversight:summary", roles=(SUPERVISOR,), active=("oversight",)),
    Link(_("考核总览"), "assessment:county_overview", roles=(SUPERVISOR,), active=("assessment",)),
    Link(_("好差评与投诉"), "feedback:overview", roles=(SUPERVISOR,), active=("feedback",)),
    Link(_("工作人员得分"), "staff_scoring:index", roles=(SUPERVISOR,), active=("staff_scoring",)),
    Link(_("中心与站点"), "centers:centre_list", roles=(INSPECTOR,), active=("centers",)),
    Link(_("本中心"), "centers:centre_detail", roles=(DIRECTOR,), active=("centers",), kwargs={"centre": "centre_id"}),
    Menu(_("考核"), READERS, ("assessment", "library", "trainings"), (
        Link(_("考核评分"), "assessment:evaluation_list"),
        Link(_("指导与整改"), "assessment:guidance_list"),
        Link(_("考核细则"), "assessment:rubric_list"),
        Link(_("资料库"), "library:document_list"),
        Link(_("沟通语言标准"), "library:service_language"),
        Link(_("培训与会议"), "trainings:list"),
        Link(_("工作日历"), "workdays:year_list", roles=(INSPECTOR, DIRECTOR)),  # the admin's is under 组织机构
    )),
    Menu(_("事项目录"), READERS, ("matters",), (
        Link(_("事项目录"), "matters:overview", roles=(ADMIN, INSPECTOR)),
        Link(_("事项目录"), "matters:centre_catalogue", roles=(DIRECTOR,), kwargs={"centre": "centre_id"}),
        Link(_("参考目录"), "matters:reference_list"),
    )),
    Menu(_("工作人员计分"), (ADMIN,), ("staff_scoring",), (
        Link(_("工作人员计分"), "staff_scoring:index"),
        Link(_("计分方案"), "staff_scoring:scheme_list"),
    )),
    Link(_("工作人员计分"), "staff_scoring:index", roles=(INSPECTOR,), active=("staff_scoring",)),
    Link(_("工作人员计分"), "staff_scoring:board", roles=(DIRECTOR,), active=("staff_scoring",),
         kwargs={"centre": "centre_id"}),
    Link(_("我的得分"), "staff_scoring:staff_page", roles=(STAFF,), active=("staff_scoring",),
         kwargs={"staff": "staff_id"}),
    Link(_("流动红旗"), "redflags:index", roles=READERS, active=("redflags",)),
    Link(_("附加分申报"), "redflags:my_window", roles=(STAFF,), active=("redflags",), when="declares_bonus"),
    Link(_("参考目录"), "matters:reference_list", roles=(STAFF,), active=("matters",)),
    Link(_("好差评与投诉"), "feedback:overview", roles=READERS, active=("feedback",)),
    Link(_("我的评价"), "feedback:rating_list", roles=(STAFF,), active=("feedback",), inactive=TICKET_PAGES),
    Link(_("服务评价码"), "feedback:my_ticket", roles=(STAFF,), active=TICKET_PAGES),
)


@dataclass(frozen=True)
class Shown:
    """An entry as the template draws it: a link (``href``) or a menu (``items``; ``None`` among them a divider)."""

    label: str
    href: str = "#"
    active: bool = False
    items: tuple[Shown | None, ...] = ()


def _matches(patterns: tuple[str, ...], namespace: str | None, url_name: str | None) -> bool:
    return any(p == namespace if ":" not in p else p == f"{namespace or ''}:{url_name}" for p in patterns)


def _is_active(entry: Link | Menu, namespace: str | None, url_name: str | None) -> bool:
    return (_matches(entry.active, namespace, url_name)
            and not _matches(entry.inactive, namespace, url_name))


def _href(link: Link, user) -> str | None:
    kwargs = {name: getattr(user, attribute, None) for name, attribute in link.kwargs.items()}
    if any(value is None for value in kwargs.values()):
        return None
    return reverse(link.url, kwargs=kwargs)


def _shows(link: Link, role: str, roles: tuple[str, ...], flags: dict) -> bool:
    roles = link.roles or roles
    return (roles == ANYONE or role in roles) and (not link.when or bool(flags.get(link.when)))


def visible(user, role: str | None, flags: dict, namespace: str | None, url_name: str | None) -> list[Shown]:
    """The entries ``user`` (of ``role``) sees on the page of ``namespace``/``url_name``. ``flags``
    holds the context's facts an entry may need (``when``)."""
    shown: list[Shown] = []
    for entry in MENU:
        if isinstance(entry, Menu):
            if role not in entry.roles:
                continue
            items: list[Shown | None] = []
            for item in entry.items:
                if item is None:
                    items.append(None)
                elif _shows(item, role, entry.roles, flags) and (href := _href(item, user)) is not None:
                    items.append(Shown(item.label, href))
            shown.append(Shown(entry.label, active=_is_active(entry, namespace, url_name), items=tuple(items)))
        elif _shows(entry, role, (), flags) and (href := _href(entry, user)) is not None:
            shown.append(Shown(entry.label, href, _is_active(entry, namespace, url_name)))
    return shown
