from datetime import date

from django import forms
from django.utils.translation import gettext, gettext_lazy


class ImportYearForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("年度"), min_value=2000, max_value=2100,
        error_messages={"required": "请填写年度", "invalid": "请填写四位数的年度", "min_value": "年度不能早于 2000 年",
                        "max_value": "年度不能晚于 2100 年"},
    )
    replace = forms.BooleanField(label=gettext_lazy("覆盖已有的官方安排（本地调整不受影响）"), required=False)


class DeadlineForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("收到日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写收到日期", "invalid": "日期格式应为 年-月-日"},
    )
    days = forms.IntegerField(
        label=gettext_lazy("时限（工作日）"), min_value=0, max_value=365, initial=5,
        error_messages={"required": "请填写工作日数", "invalid": "请填写整数", "min_value": "工作日数不能为负数",
                        "max_value": "工作日数不能超过 365"},
    )

    def clean_start(self):
        start = self.cleaned_data["start"]
        if not date(2000, 1, 1) <= start <= date(2100, 12, 31):
            raise forms.ValidationError(gettext("日期应在 2000 年至 2100 年之间"))
        return start


class NoticeForm(forms.Form):
    """A year's schedule pasted from the State Council's notice (read by workdays.notice)."""

    basis = forms.CharField(label=gettext_lazy("依据文件"), max_length=200, required=False,
                            help_text=gettext_lazy("如：国务院办公厅关于2027年部分节假日安排的通知"))
    text = forms.CharField(
        label=gettext_lazy("放假和调休上班安排"), max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": "一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。\n"
                                     "国庆节：放假 10月1日至8日；调休上班 9月26日、10月9日"}),
        help_text=gettext_lazy("把通知中的各条安排原样粘贴进来，每个节日一行；也可以写成“放假 10月1日至8日”“调休上班 9月26日”。"
                  "先预览全年日历，核对无误后保存。"),
        error_messages={"required": "请粘贴放假和调休上班安排", "max_length": "内容过长"},
    )
    previewed = forms.CharField(widget=forms.HiddenInput, required=False)
