"""Template helpers shared by the apps: a versioned definition (rubric, scheme) as readers know it, and engine texts
without the specification's decision numbers."""

from django import template

from core.texts import without_decisions

register = template.Library()


@register.inclusion_tag("partials/definition_name.html", takes_context=True)
def definition_name(context, version):
    """``{% definition_name version %}``: a rubric or scheme version by its title and 第N版; the admin also sees its
    code (``core.definitions.PublishedDefinition``)."""
    return {"version": version, "show_code": context.get("role") == "admin"}


@register.filter
def no_refs(text) -> str:
    """``{{ line.why|no_refs }}``: "计入 2026年12月（D16）" → "计入 2026年12月"."""
    return without_decisions(text)
