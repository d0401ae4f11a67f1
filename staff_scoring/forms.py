"""Forms of staff scoring. They bind and convert input (and refuse a date after today, so that it shows with the other
inputs' errors); the services validate against the scheme."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from centers.models import ServiceCentre, Staff
from scoring.ledger import Rule, Scheme
from staff_scoring.models import AppealStatus
from staff_scoring.schemes import direct_deductions, points_text
from staff_scoring.services import MAX_DAYS, MAX_OCCURRENCES, too_many


def rule_choices(scheme: Scheme) -> list:
    """Rules grouped by category, each labelled "10a 参加…会议…无故迟到、早退（−3分/次）"."""
    groups: dict[str, list] = {}
    for rule in scheme.rules.values():
        text = rule.text if len(rule.text) <= 36 else rule.text[:35] + "…"
        title = scheme.categories[rule.category].title
        label = f"{'扣分' if rule.kind == 'deduction' else '加分'} · {title}"
        groups.setdefault(label, []).append((rule.code, f"{rule.code}  {text}（{points_text(rule, scheme)}）"))
    return [("", "— 请选择细则 —"), *groups.items()]


# The inputs every event has; the others are shown only for the rules that use them (``rule_inputs``).
COMMON_INPUTS = ("date", "note", "photo")


def rule_inputs(rule: Rule, scheme: Scheme) -> tuple[str, ...]:
    """The event inputs ``rule`` uses, read from its definition: a count unless it is once per deed or year, days for
    per-day rules, a level for levelled ones, the aggravation and judged points where the rule has them, a deed for
    once-per-deed rules or deed caps, the rule it names for a "scored as" rule (27)."""
    inputs: list[str] = []
    targets = [rule]
    if rule.refers:
        targets = direct_deductions(scheme)
        inputs.append("refers_to")
    if any(not r.once_per for r in targets):
        inputs.append("occurrences")
    if any(r.occurrences_per_day for r in targets):
        inputs.append("days")
    if any(r.levels for r in targets):
        inputs.append("level")
    if any(r.aggravated for r in targets):
        inputs.append("aggravated")
    if any(r.points_range or (r.aggravated and r.aggravated.min is not None) for r in targets):
        inputs.append("points")
    if any(r.once_per == "deed" or any(c.per == "deed" for c in r.caps) for r in targets):
        inputs.append("deed")
    return tuple(inputs)


class RuleChoiceForm(forms.Form):
    """Step one of recording: choose the rule (sent by GET), so that step two shows only the inputs it uses."""

    rule = forms.ChoiceField(label=_("细则"))

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = rule_choices(scheme)


class EventForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    rule = forms.ChoiceField(label=_("细则"))
    # The bounds of one record (services.MAX_OCCURRENCES, MAX_DAYS): the inputs' ``max``, and the service's words
    # when the form refuses more.
    occurrences = forms.IntegerField(label=_("次数"), min_value=1, max_value=MAX_OCCURRENCES, required=False,
                                     help_text=_("同一天同一情形发生多次时填写；默认 1 次"))
    days = forms.DecimalField(label=_("天数"), min_value=0.5, max_value=MAX_DAYS, max_digits=4, decimal_places=1,
                              required=False,
                              help_text=_("只用于按天计的细则（如旷工：半天填 0.5，1天按2次计）"))
    level = forms.ChoiceField(label=_("级别"), required=False, help_text=_("按级别计分的细则（媒体报道、表彰、建议采纳等）"))
    aggravated = forms.BooleanField(label=_("造成不良影响 / 情节严重"), required=False)
    points = forms.DecimalField(label=_("分值（每次）"), max_digits=5, decimal_places=1, required=False,
                                help_text=_("造成不良影响时在细则规定的范围内填写"))
    deed = forms.CharField(label=_("事迹/事项标识"), max_length=200, required=False,
                           help_text=_("媒体报道、信息采用必填：同一事迹或同一篇信息按最高级别认定一次；锦旗与表扬信为同一件事时填同一标识"))
    refers_to = forms.ChoiceField(label=_("对应细则"), required=False, help_text=_("回访查实的问题（细则27）按哪条细则扣分"))
    note = forms.CharField(label=_("情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.ImageField(label=_("照片"), required=False, help_text=_("现场照片、锦旗或报道截图（JPG/PNG）"))

    revision = forms.CharField(widget=forms.HiddenInput, required=False)  # read by core.revisions.expected

    # What an input not shown for the chosen rule means: nothing (an edit to another rule clears it).
    EMPTY = {"occurrences": None, "days": None, "level": "", "aggravated": False, "points": None, "deed": "",
             "refers_to": ""}

    def __init__(self, *args, scheme: Scheme, rule: Rule, revision: int | None = None, **kwargs):
        """The form for one ``rule``: its code travels in a hidden field, and only the inputs it uses are shown;
        ``revision`` (editing) is the version of the event the form was loaded at."""
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.fields["rule"].choices = [(rule.code, rule.code)]
        self.fields["rule"].widget = forms.HiddenInput()
        self.initial["rule"] = rule.code
        used = rule_inputs(rule, scheme)
        for name in self.EMPTY:
            if name not in used:
                del self.fields[name]
        for name in ("occurrences", "days"):
            if name in self.fields:
                self.fields[name].error_messages["max_value"] = too_many(name)
        if "level" in self.fields:
            levels = rule.levels or {k: None for k in scheme.levels}
            self.fields["level"].choices = [("", "—")] + [(k, scheme.levels.get(k, k)) for k in levels]
        if "refers_to" in self.fields:
            self.fields["refers_to"].choices = [("", "—")] + [
                (r.code, f"{r.code}  {r.text[:30]}") for r in direct_deductions(scheme)]
        if revision is None:
            del self.fields["revision"]
        else:
            self.initial["revision"] = revision
        if not self.is_bound and "date" not in self.initial:
            self.initial["date"] = timezone.localdate()

    def clean_date(self):
        """The service refuses a future date too (``check_event``); here it shows with the other inputs' errors."""
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(gettext("日期不能晚于今天"), code="future")
        return day

    def service_values(self) -> dict:
        """Every editable value: the shown inputs as entered, the others empty (so that changing the rule of an
        event clears what the new rule does not use)."""
        data = {**self.EMPTY, **self.cleaned_data}
        data.pop("photo", None)
        data.pop("revision", None)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("申诉理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                             help_text=_("说明为什么这条记录不属实或不应扣分（加分），可附证明人、时间等"))
    attachment = forms.FileField(label=_("证明材料（可选）"), required=False,
                                 help_text=_("图片（JPG、PNG、WebP、GIF）或 PDF，不超过 10 MB"),
                                 widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("处理结果"), widget=forms.RadioSelect, choices=[
        (AppealStatus.UPHELD, "维持原记录（申诉不成立）"),
        (AppealStatus.REVOKED, "撤销这条记录（申诉成立，不再计分）"),
    ])
    reason = forms.CharField(label=_("处理理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class DutyForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("工作人员"), queryset=Staff.objects.none())

    def __init__(self, *args, centre: ServiceCentre, **kwargs):
        super().__init__(*args, **kwargs)
        from centers.selectors import staff_of_centre

        self.fields["staff"].queryset = staff_of_centre(centre)


class ProposalDecisionForm(forms.Form):
    """The director's answer to a deduction proposal from a training's attendance (staff_scoring.attendance)."""

    decision = forms.ChoiceField(label=_("处理结果"), widget=forms.RadioSelect, choices=[
        ("confirm", _("确认扣分（记为扣分记录，可申诉）")),
        ("dismiss", _("不予扣分（须填写理由）")),
    ])
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             required=False)
