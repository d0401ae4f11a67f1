"""Template helpers of the red-flag pages: rule codes as readers know them, the engine's texts without codes and
decision numbers."""

from django import template

from core.texts import without_decisions
from redflags.ledger import rule_label as _rule_label
from redflags.ledger import with_rule_labels

register = template.Library()


@register.filter
def rule_label(code, scheme) -> str:
    """``{{ line.rule|rule_label:scheme }}``: "9.late" → "9 信息管理·迟报"; "1.3" stays "1.3"."""
    return _rule_label(scheme, str(code)) if scheme is not None else str(code)


@register.filter
def reader_text(text, scheme=None) -> str:
    """``{{ line.why|reader_text:scheme }}``: an engine text with worded rule codes named and without the
    specification's decision numbers ("细则9.late：0.5分/次" → "细则9 信息管理·迟报：0.5分/次")."""
    text = without_decisions(text)
    return with_rule_labels(text, scheme) if scheme is not None else text
