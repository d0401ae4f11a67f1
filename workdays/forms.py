from datetime import date

from django import forms


class ImportYearForm(forms.Form):
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100,
        error_messages={"required": "请填写年度", "invalid": "请填写四位数的年度", "min_value": "年度不能早于 2000 年",
                        "max_value": "年度不能晚于 2100 年"},
    )
    replace = forms.BooleanField(label="覆盖已有的官方安排（本地调整不受影响）", required=False)


class DeadlineForm(forms.Form):
    start = forms.DateField(
        label="收到日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写收到日期", "invalid": "日期格式应为 年-月-日"},
    )
    days = forms.IntegerField(
        label="时限（工作日）", min_value=0, max_value=365, initial=5,
        error_messages={"required": "请填写工作日数", "invalid": "请填写整数", "min_value": "工作日数不能为负数",
                        "max_value": "工作日数不能超过 365"},
    )

    def clean_start(self):
        start = self.cleaned_data["start"]
        if not date(2000, 1, 1) <= start <= date(2100, 12, 31):
            raise forms.ValidationError("日期应在 2000 年至 2100 年之间")
        return start
