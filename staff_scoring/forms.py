"""Forms of staff scoring. They only bind and convert input; the services validate against the scheme."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from centers.models import ServiceCentre, Staff
from scoring.common import fmt as _num
from scoring.ledger import Rule, Scheme
from staff_scoring.models import AppealStatus

KIND_SIGN = {"deduction": "−", "bonus": "+"}


def points_text(rule: Rule, scheme: Scheme) -> str:
    """How a rule is scored, in a few Chinese words: "−3分/次", "+本地4/市(州)级12…", "按对应细则扣分"."""
    sign = KIND_SIGN[rule.kind]
    if rule.refers:
        return "按对应细则扣分"
    if rule.levels:
        return sign + "，".join(f"{scheme.levels.get(k, k)}{_num(v)}" for k, v in rule.levels.items()) + "分"
    if rule.points_range:
        low, high = rule.points_range
        text = f"{sign}{_num(low)}—{_num(high)}分/次"
    else:
        text = f"{sign}{_num(rule.points)}分/次"  # type: ignore[arg-type]
    if rule.occurrences_per_day:
        text += f"（1天按{rule.occurrences_per_day}次计）"
    if rule.aggravated and rule.aggravated.min is not None:
        text += f"；造成不良影响{_num(rule.aggravated.min)}" + (
            f"—{_num(rule.aggravated.max)}" if rule.aggravated.max != rule.aggravated.min else "") + "分/次"
    return text


def rule_choices(scheme: Scheme) -> list:
    """Rules grouped by category, each labelled "10a 参加…会议…无故迟到、早退（−3分/次）"."""
    groups: dict[str, list] = {}
    for rule in scheme.rules.values():
        text = rule.text if len(rule.text) <= 36 else rule.text[:35] + "…"
        title = scheme.categories[rule.category].title
        label = f"{'扣分' if rule.kind == 'deduction' else '加分'} · {title}"
        groups.setdefault(label, []).append((rule.code, f"{rule.code}  {text}（{points_text(rule, scheme)}）"))
    return [("", "— 请选择细则 —"), *groups.items()]


class EventForm(forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    rule = forms.ChoiceField(label="细则")
    occurrences = forms.IntegerField(label="次数", min_value=1, required=False,
                                     help_text="同一天同一情形发生多次时填写；默认 1 次")
    days = forms.DecimalField(label="天数", min_value=0.5, max_digits=4, decimal_places=1, required=False,
                              help_text="只用于按天计的细则（如旷工：半天填 0.5，1天按2次计）")
    level = forms.ChoiceField(label="级别", required=False, help_text="按级别计分的细则（媒体报道、表彰、建议采纳等）")
    aggravated = forms.BooleanField(label="造成不良影响 / 情节严重", required=False)
    points = forms.DecimalField(label="分值（每次）", max_digits=5, decimal_places=1, required=False,
                                help_text="造成不良影响时在细则规定的范围内填写")
    deed = forms.CharField(label="事迹/事项标识", max_length=200, required=False,
                           help_text="媒体报道、信息采用必填：同一事迹或同一篇信息按最高级别认定一次；锦旗与表扬信为同一件事时填同一标识")
    refers_to = forms.ChoiceField(label="对应细则", required=False, help_text="回访查实的问题（细则27）按哪条细则扣分")
    note = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.ImageField(label="照片", required=False, help_text="现场照片、锦旗或报道截图（JPG/PNG）")

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = rule_choices(scheme)
        self.fields["level"].choices = [("", "—")] + list(scheme.levels.items())
        self.fields["refers_to"].choices = [("", "—")] + [
            (r.code, f"{r.code}  {r.text[:30]}") for r in scheme.rules.values() if r.kind == "deduction" and not r.refers
        ]
        if not self.is_bound and "date" not in self.initial:
            self.initial["date"] = timezone.localdate()

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("photo", None)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AppealForm(forms.Form):
    reason = forms.CharField(label="申诉理由", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                             help_text="说明为什么这条记录不属实或不应扣分（加分），可附证明人、时间等")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="处理结果", widget=forms.RadioSelect, choices=[
        (AppealStatus.UPHELD, "维持原记录（申诉不成立）"),
        (AppealStatus.REVOKED, "撤销这条记录（申诉成立，不再计分）"),
    ])
    reason = forms.CharField(label="处理理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class DutyForm(forms.Form):
    staff = forms.ModelChoiceField(label="工作人员", queryset=Staff.objects.none())

    def __init__(self, *args, centre: ServiceCentre, **kwargs):
        super().__init__(*args, **kwargs)
        from centers.selectors import staff_of_centre

        self.fields["staff"].queryset = staff_of_centre(centre)


class UploadForm(forms.Form):
    file = forms.FileField(label="文件")

    def __init__(self, *args, accept: str = "", max_mb: int = 5, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_mb = max_mb
        if accept:
            self.fields["file"].widget.attrs["accept"] = accept

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_mb * 1024 * 1024:
            raise forms.ValidationError(f"文件不能超过 {self.max_mb} MB")
        return upload
