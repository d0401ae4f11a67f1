"""Forms: they check shape and give Chinese messages; the services check the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from centers.models import ServiceCentre, Staff
from centers.selectors import staff_ids_of_centre
from core.forms import MonthField
from feedback.models import WINDOW_DEDUCTION_RULES, Channel, Complaint, ComplaintCategory, DeficiencyNotice, Level
from staff_scoring.schemes import direct_deductions, points_text, scheme_of

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "请填写日期", "invalid": "日期格式应为 年-月-日"}


def date_field(label: str, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET, error_messages=DATE_ERRORS, **kwargs)


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=gettext_lazy("您对本次服务的评价"), choices=Level.choices, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "请选择一个评价等级", "invalid_choice": "请选择一个评价等级"},
    )
    staff = forms.TypedChoiceField(label=gettext_lazy("为哪位工作人员评价（可不选）"), required=False, coerce=int, empty_value=None,
                                   error_messages={"invalid_choice": "请选择本窗口的工作人员，或不选"})
    comment = forms.CharField(
        label=gettext_lazy("意见或建议（选填）"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "评价内容不能超过 500 字"},
    )
    phone = forms.CharField(
        label=gettext_lazy("联系电话（选填，便于我们回访）"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": "电话号码过长"},
    )

    def __init__(self, *args, staff_choices=(), fixed_staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_staff or not staff_choices:
            del self.fields["staff"]
        else:
            self.fields["staff"].choices = [("", "不指定")] + [(s.pk, s.name) for s in staff_choices]

    # The citizen's page draws its own radio buttons and list (big targets on a phone). These give it each choice
    # as text with whether it is the one chosen, so the template neither formats numbers nor compares them per
    # option (the form page is on every QR scan: docs/performance.md).

    def level_options(self) -> list[tuple[str, str, bool]]:
        """(value, label, checked) of each level."""
        return _options(self.fields["level"].choices, self["level"].value())

    def staff_options(self) -> list[tuple[str, str, bool]]:
        """(value, label, selected) of each staff choice, "不指定" first."""
        return _options(self.fields["staff"].choices, self["staff"].value())


def _options(choices, chosen) -> list[tuple[str, str, bool]]:
    chosen = str(chosen)  # as the form shows it back: the posted text, or the initial value
    return [(str(value), label, str(value) == chosen) for value, label in choices]


class TicketForm(forms.Form):
    staff = forms.ModelChoiceField(label=gettext_lazy("服务人员"), queryset=Staff.objects.none(), required=False, empty_label=gettext_lazy("不指定"),
                                   error_messages={"invalid_choice": "请选择本窗口（站点）的工作人员"})
    matter_name = forms.CharField(label=gettext_lazy("办理事项（选填）"), max_length=200, required=False)
    matter_code = forms.CharField(label=gettext_lazy("事项编码（选填）"), max_length=64, required=False)
    case_no = forms.CharField(label=gettext_lazy("办件编号（选填）"), max_length=64, required=False)

    def __init__(self, *args, staff_queryset=None, own_staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if own_staff or staff_queryset is None:
            del self.fields["staff"]
        else:
            self.fields["staff"].queryset = staff_queryset


# ------------------------------------------------------------------------------------------ workflow action forms


def _note(label: str, required: bool, message: str = "请填写说明") -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": message, "max_length": "内容不能超过 2000 字"})


class NoteForm(forms.Form):
    def __init__(self, *args, label: str = "说明", required: bool = True, message: str = "请填写说明", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"] = _note(label, required, message)


class DatedNoteForm(forms.Form):
    on = date_field("日期")

    def __init__(self, *args, label: str = "说明", message: str = "请填写说明", date_label: str = "日期",
                 reached: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = date_label
        self.fields["on"].initial = timezone.localdate()
        if reached:
            self.fields["reached"] = forms.BooleanField(label="已联系上评价人", required=False, initial=True)
        self.fields["note"] = _note(label, True, message)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=gettext_lazy("延期（工作日）"), min_value=1, max_value=60, error_messages={
        "required": "请填写延期天数", "invalid": "请填写整数", "min_value": "至少延期 1 个工作日",
        "max_value": "延期天数过多"})
    note = _note("延期理由", True, "请填写延期理由")


def deduction_rule_label(rule, scheme) -> str:
    """A deduction rule as the complaint's form offers it: "第21条 对办事群众提出的申请或咨询推诿…（−5分/次）"."""
    text = rule.text if len(rule.text) <= 36 else rule.text[:35] + "…"
    return f"第{rule.code}条 {text}（{points_text(rule, scheme)}）"


class DeductionForm(forms.Form):
    """A verified complaint naming a staff member → a deduction under the scheme in force for their post
    (``version``, shown by its name, not asked): one of its deduction rules (``direct_deductions``; the service
    checks it again)."""

    rule = forms.ChoiceField(label=gettext_lazy("扣分细则"), error_messages={
        "required": "请选择扣分细则", "invalid_choice": "请从本岗位计分方案的扣分细则中选择"})
    points = forms.DecimalField(label=gettext_lazy("扣分值（选填）"), required=False, min_value=0, max_digits=5, decimal_places=1,
                                help_text=gettext_lazy("细则为区间扣分（如 4—20 分/次）时必填，须在区间之内"))
    note = _note("说明（选填）", False)

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["rule"]
        if version is None:
            field.choices = [("", "—")]
            field.help_text = gettext("尚未发布适用于该工作人员岗位的计分方案，请管理员先载入并发布")
            return
        scheme = scheme_of(version)
        field.choices = [("", "— 请选择扣分细则 —"),
                         *((rule.code, deduction_rule_label(rule, scheme)) for rule in direct_deductions(scheme))]
        field.help_text = gettext("计分方案：%(name)s（第%(version)s版，该工作人员岗位现行方案）") % {
            "name": version.title, "version": version.version}


class WindowDeductionForm(forms.Form):
    """A verified complaint against a window → an event of the window's monthly ledger (上虞细则)."""

    rule = forms.ChoiceField(label=gettext_lazy("窗口月考核细则"), initial="6.6",
                             error_messages={"required": "请选择细则", "invalid_choice": "请选择细则6.6或S5"})
    points = forms.DecimalField(label=gettext_lazy("扣分值"), required=False, min_value=Decimal("0.1"), max_value=10,
                                max_digits=3, decimal_places=1, help_text=gettext_lazy("细则6.6每起扣 0.2—2 分，须填写；S5 固定扣 5 分，不用填写"),
                                error_messages={"invalid": "扣分值应为数字，如 0.5",
                                                "max_decimal_places": "扣分值最多保留 1 位小数"})
    note = _note("说明（选填）", False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = list(WINDOW_DEDUCTION_RULES.items())


def followup_action_form(action: str, data=None, max_extension: int = 10):
    kwargs = {"data": data, "prefix": action}
    if action == "verify":
        return NoteForm(label="核实情况（选填）", required=False, **kwargs)
    if action == "dispute":
        return NoteForm(label="核实不实的理由（报县级审核）", message="请说明核实不实的理由", **kwargs)
    if action in ("uphold", "reject"):
        return NoteForm(label="审核意见", message="请填写审核意见", **kwargs)
    if action == "callback":
        return DatedNoteForm(label="回访情况", message="请填写回访情况（联系不上也请注明）", date_label="回访日期",
                             reached=True, **kwargs)
    if action == "extend":
        form = ExtendForm(**kwargs)
        form.fields["days"].max_value = max_extension
        form.fields["days"].help_text = f"仅可延期一次，最多 {max_extension} 个工作日"
        return form
    if action == "rectify":
        return DatedNoteForm(label="整改情况", message="请填写整改情况", date_label="整改完成日期", **kwargs)
    return None


def complaint_action_form(action: str, data=None, version=None):
    """The form of a complaint's move; ``version``: the scheme in force for the named staff member (a deduction)."""
    kwargs = {"data": data, "prefix": action}
    if action == "investigate":
        return forms.Form(**kwargs)
    if action in ("substantiate", "dismiss"):
        return DatedNoteForm(label="调查核实情况", message="请填写调查核实情况", date_label="核实日期", **kwargs)
    if action == "reply":
        return DatedNoteForm(label="答复内容（答复方式、要点）", message="请填写答复内容", date_label="答复日期", **kwargs)
    if action == "withdraw":
        return NoteForm(label="撤回情况", message="请说明撤回情况", **kwargs)
    if action == "mark_complex":
        return NoteForm(label="复杂情形说明", message="请说明复杂情形（如涉及两个以上部门）", **kwargs)
    if action == "request_deduction":
        return DeductionForm(version=version, **kwargs)
    if action == "request_window_deduction":
        return WindowDeductionForm(**kwargs)
    return None


class NoticeCloseForm(forms.Form):
    on = date_field("日期")
    note = forms.CharField(label=gettext_lazy("说明（选填）"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


# ------------------------------------------------------------------------------------------------- intake forms


class ComplaintCreateForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ["mode", "category", "window", "staff", "matter_name", "summary", "complainant_name",
                  "complainant_phone", "received_on", "complex", "complex_reason"]
        widgets = {"received_on": DATE_WIDGET, "summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "complainant_name": "投诉人身份予以保密：仅本中心主任和管理员可见",
            "complex": "较为复杂或涉及两个以上部门的，答复期限为15个工作日，否则为5个工作日",
        }
        error_messages = {
            "summary": {"required": "请填写投诉内容"},
            "mode": {"required": "请选择投诉方式"},
            "category": {"required": "请选择投诉类别"},
            "received_on": DATE_ERRORS,
        }

    def __init__(self, *args, centre: ServiceCentre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = centre.windows.order_by("number")
        self.fields["staff"].queryset = Staff.objects.filter(pk__in=staff_ids_of_centre(centre)).order_by("name")
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["received_on"].input_formats = ["%Y-%m-%d"]


class PublicComplaintForm(forms.Form):
    """A citizen's complaint (/p/complaints/new/). ``website`` is a honeypot: people never see it, robots fill it."""

    window = forms.ModelChoiceField(label=gettext_lazy("投诉的窗口"), queryset=None, empty_label=gettext_lazy("请选择窗口"),
                                    error_messages={"required": "请选择投诉的窗口", "invalid_choice": "请选择本中心的窗口"})
    matter_name = forms.CharField(label=gettext_lazy("办理的事项（选填）"), max_length=200, required=False,
                                  error_messages={"max_length": "事项名称不能超过 200 字"})
    category = forms.ChoiceField(label=gettext_lazy("投诉类型（选填）"), required=False,
                                 choices=[("", "请选择")] + list(ComplaintCategory.choices),
                                 error_messages={"invalid_choice": "请从列表中选择投诉类型"})
    summary = forms.CharField(label=gettext_lazy("投诉内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                              error_messages={"required": "请填写投诉内容", "max_length": "投诉内容不能超过 2000 字"})
    complainant_name = forms.CharField(label=gettext_lazy("您的姓名"), max_length=40,
                                       widget=forms.TextInput(attrs={"autocomplete": "name"}),
                                       error_messages={"required": "请填写您的姓名", "max_length": "姓名过长"})
    complainant_phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=20,
                                        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                                        error_messages={"required": "请填写联系电话，用于答复和查询",
                                                        "max_length": "电话号码过长"})
    website = forms.CharField(label=gettext_lazy("网址"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, centre: ServiceCentre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = centre.windows.filter(active=True).order_by("number")

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(gettext("提交失败，请刷新页面后重新填写。"))
        return data


class ComplaintLookupForm(forms.Form):
    receipt = forms.CharField(label=gettext_lazy("回执编号"), max_length=20,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
                              error_messages={"required": "请填写回执编号"})
    last4 = forms.CharField(label=gettext_lazy("联系电话后4位"), max_length=4, min_length=4,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                            error_messages={"required": "请填写联系电话后4位", "min_length": "请填写4位数字",
                                            "max_length": "请填写4位数字"})


class NoticeCreateForm(forms.ModelForm):
    class Meta:
        model = DeficiencyNotice
        fields = ["window", "applicant", "applicant_phone", "matter_name", "matter_code", "missing_materials",
                  "promised_on", "issued_on"]
        widgets = {"promised_on": DATE_WIDGET, "issued_on": DATE_WIDGET,
                   "missing_materials": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "applicant": {"required": "请填写申请人"},
            "matter_name": {"required": "请填写审批服务事项"},
            "missing_materials": {"required": "请填写缺少的材料"},
            "promised_on": DATE_ERRORS,
            "issued_on": DATE_ERRORS,
        }

    def __init__(self, *args, centre: ServiceCentre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = centre.windows.filter(active=True).order_by("number")
        self.fields["issued_on"].initial = timezone.localdate()


# ------------------------------------------------------------------------------------------------------ filters


class RatingFilterForm(forms.Form):
    centre = forms.TypedChoiceField(label=gettext_lazy("中心"), required=False, coerce=int, empty_value=None)
    level = forms.TypedChoiceField(label=gettext_lazy("等级"), required=False, coerce=int, empty_value=None,
                                   choices=[("", "全部")] + list(Level.choices))
    channel = forms.ChoiceField(label=gettext_lazy("渠道"), required=False, choices=[("", "全部")] + list(Channel.choices))
    start = date_field("自", required=False)
    end = date_field("至", required=False)
    bad = forms.BooleanField(label=gettext_lazy("只看差评"), required=False)

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].choices = [("", "全部")] + [(c.pk, c.name) for c in centres]
        for name, field in self.fields.items():
            if name != "bad":
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = f"{css} form-control-sm" if css == "form-control" else f"{css} form-select-sm"

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", gettext("结束日期不能早于开始日期"))
        return data


class MonthForm(forms.Form):
    month = MonthField(default_today=True)
