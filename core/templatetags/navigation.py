"""``{% nav_entries as entries %}``: the navigation entries the page's user sees (``core.nav``), from the context
the context processors filled (``role``, ``declares_bonus``); no query of its own."""

from django import template

from core import nav

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_entries(context) -> list[nav.Shown]:
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    return nav.visible(request.user, context.get("role"), {"declares_bonus": context.get("declares_bonus", False)},
                       getattr(match, "namespace", None), getattr(match, "url_name", None))
