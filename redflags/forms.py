"""Forms: they check shape and give Chinese messages; the services check the rules of the scheme."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

from core.forms import MonthField
from redflags.ledger import declarable_rules, recordable_rules, rule_label
from redflags.models import RedFlagPolicy
from scoring.ledger import Rule, Scheme
from staff_scoring.schemes import points_text

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
POINTS_ERRORS = {
    "invalid": "分值应为数字，如 0.5",
    "max_decimal_places": "分值最多保留 1 位小数（0.1 分）",
    "max_digits": "分值过大",
    "max_whole_digits": "分值过大",
    "min_value": "分值应大于 0",
    "max_value": "分值过大",
}


CHOICE_CHARS = 40  # a 附加分 choice on the declaration form: its rule's text cut there, with an ellipsis


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def points_span(rules: list[Rule]) -> tuple[Decimal | None, Decimal | None]:
    """The lowest and the highest points the rules' ranges allow (None, None when no rule has a range)."""
    ranges = [rule.points_range for rule in rules if rule.points_range is not None]
    if not ranges:
        return None, None
    return min(lo for lo, _ in ranges), max(hi for _, hi in ranges)


def _choice_label(scheme: Scheme, rule: Rule) -> str:
    return f"{rule_label(scheme, rule.code)}　{rule.text}（{points_text(rule, spoken=True)}）"


def grouped_choices(scheme: Scheme, rules: list[Rule]) -> list:
    groups: dict[str, list] = {}
    for rule in rules:
        title = scheme.categories[rule.category].title
        maximum = scheme.categories[rule.category].max
        if maximum is not None and rule.kind == "deduction":
            title = f"{title}（{maximum.normalize():f}分）"
        groups.setdefault(title, []).append((rule.code, _choice_label(scheme, rule)))
    return [("", "请选择细则")] + list(groups.items())


class EventForm(forms.Form):
    window = forms.ModelChoiceField(label=gettext_lazy("窗口"), queryset=None, empty_label=gettext_lazy("请选择窗口"),
                                    error_messages={"required": "请选择窗口", "invalid_choice": "请选择本中心的窗口"})
    date = forms.DateField(label=gettext_lazy("日期"), widget=DATE_WIDGET,
                           error_messages={"required": "请填写日期", "invalid": "日期格式应为 年-月-日"})
    rule = forms.ChoiceField(label=gettext_lazy("考核细则"), error_messages={"required": "请选择细则",
                                                             "invalid_choice": "请选择窗口月考核方案中的细则"})
    points = forms.DecimalField(label=gettext_lazy("分值（每次）"), required=False, max_digits=4, decimal_places=1,
                                min_value=Decimal("0.1"), max_value=99, error_messages=POINTS_ERRORS,
                                help_text=gettext_lazy("有分值范围的细则（如 1—5 分）在范围内填写；固定分值的不用填写"))
    occurrences = forms.IntegerField(label=gettext_lazy("次数"), initial=1, min_value=1, max_value=99, error_messages={
        "required": "请填写次数", "invalid": "次数应为整数", "min_value": "次数至少为 1", "max_value": "次数最多 99"})
    note = forms.CharField(label=gettext_lazy("情况说明"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "请填写情况说明（何时、何事、依据）",
                                           "max_length": "情况说明不能超过 1000 字"})

    def __init__(self, *args, windows, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = windows
        self.fields["rule"].choices = grouped_choices(scheme, recordable_rules(scheme))


class DeclarationItemForm(forms.Form):
    rule = forms.ChoiceField(label=gettext_lazy("加分情形"), required=False,
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                             error_messages={"invalid_choice": "请选择附加分情形（1）—（13）"})
    # No min_value: a positive value below a rule's range gets the service's message naming the rule and its range
    # (细则A2每次加 0.3—5 分，填写的是 0.1); the input's min, max and step follow the rules' ranges (__init__).
    points = forms.DecimalField(label=gettext_lazy("申报分值"), required=False, max_digits=3, decimal_places=1,
                                error_messages=POINTS_ERRORS,
                                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))
    reason = forms.CharField(label=gettext_lazy("事由"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
                             error_messages={"max_length": "事由不能超过 500 字"})

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        rules = declarable_rules(scheme)
        self.fields["rule"].choices = [("", "—")] + [
            (rule.code, f"（{rule.code[1:]}）{Truncator(rule.text).chars(CHOICE_CHARS, truncate='…')}") for rule in rules
        ]
        low, high = points_span(rules)
        points = self.fields["points"]
        points.widget.attrs.update({"min": _text(low or Decimal("0.1")), "step": "0.1"})  # step: services.POINT_STEP
        if high is not None:
            points.max_value = high
            points.validators.append(MaxValueValidator(high))
            points.error_messages["max_value"] = f"每项最多加 {_text(high)} 分"
            points.widget.attrs["max"] = _text(high)

    def clean_points(self):
        points = self.cleaned_data.get("points")
        if points is not None and points <= 0:
            raise forms.ValidationError(POINTS_ERRORS["min_value"], code="min_value")
        return points

    @property
    def filled(self) -> bool:
        data = getattr(self, "cleaned_data", None) or {}
        return bool(data.get("rule") or data.get("points") is not None or data.get("reason"))


class DeclarationForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("申报说明（选填）"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"max_length": "申报说明不能超过 1000 字"})


def declaration_formset(data=None, *, scheme: Scheme, initial=None, rows: int = 4):
    """Item rows: the declaration's items plus empty rows up to ``rows`` (at least one empty row)."""
    initial = list(initial or [])
    extra = max(1, rows - len(initial))
    formset_class = forms.formset_factory(DeclarationItemForm, extra=extra, max_num=13, absolute_max=13,
                                          validate_max=True)
    formset = formset_class(data, initial=initial or None, prefix="items", form_kwargs={"scheme": scheme})
    formset.error_messages = {**formset.error_messages,
                              "missing_management_form": "表单数据不完整，请刷新页面后重新填写",
                              "too_many_forms": "最多申报 13 项"}
    return formset


class DeclarationActionForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("意见"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"max_length": "意见不能超过 1000 字"})


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤销理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写撤销理由", "max_length": "撤销理由不能超过 1000 字"})


class PolicyForm(forms.ModelForm):
    revision = forms.CharField(widget=forms.HiddenInput, required=False)  # read by core.revisions

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["revision"] = self.instance.revision if self.instance.pk else 0

    class Meta:
        model = RedFlagPolicy
        fields = ["monthly_red_flags", "annual_red_flags"]
        error_messages = {
            field: {"required": "请填写数量", "invalid": "请填写整数", "min_value": "至少 1 个",
                    "max_value": "最多 50 个"}
            for field in ("monthly_red_flags", "annual_red_flags")
        }


class MonthForm(forms.Form):
    month = MonthField()
