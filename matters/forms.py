"""Forms of the matter pages. Every change to a catalogue carries a date and a reason (动态调整); the services check
them in full, so the forms only shape the input and limit choices to the centre's own windows and matters."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from centers.models import ServiceCentre
from core.forms import ModelMultipleIdField, UploadForm
from core.params import parse_id
from matters import selectors
from matters.choices import Mode
from matters.models import LifeService, Material, Matter, OneThing, ReferenceCatalogue, not_proxy_eligible_message

MAX_ATTACHMENT = 5 * 1024 * 1024
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChangeForm(forms.Form):
    """The date and the reason every catalogue change needs."""

    on = forms.DateField(label=gettext_lazy("调整日期"), widget=DATE_WIDGET, error_messages={"required": "请填写调整日期", "invalid": "日期格式应为 年-月-日"})
    reason = forms.CharField(
        label=gettext_lazy("调整理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写调整理由"},
        help_text=gettext_lazy("如：根据县政务服务管理局调整通知、群众高频需求、事项下放等"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(gettext("调整日期不能晚于今天"))
        return on


class ChangeModelForm(forms.ModelForm):
    on = ChangeForm.base_fields["on"]
    reason = ChangeForm.base_fields["reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    clean_on = ChangeForm.clean_on


MATTER_FORM_FIELDS = [
    "code", "name", "area", "department", "category", "handling_type", "level", "legal_basis", "conditions",
    "process", "legal_days", "promised_days", "fee_standard", "fee_basis", "result", "online", "proxy_eligible",
]


class MatterForm(ChangeModelForm):
    field_order = [*MATTER_FORM_FIELDS, "mode", "window", "catalogue", "required", "on", "reason"]

    class Meta:
        model = Matter
        fields = MATTER_FORM_FIELDS
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "process": forms.Textarea(attrs={"rows": 4}),
            "fee_basis": forms.Textarea(attrs={"rows": 2}),
        }


class LocalMatterForm(MatterForm):
    """A centre's own matter: also how it is stationed and at which window."""

    mode = forms.ChoiceField(label=gettext_lazy("进驻方式"), choices=Mode.choices, initial=Mode.HANDLE)
    window = forms.ModelChoiceField(label=gettext_lazy("办理窗口"), queryset=None, required=False)

    def __init__(self, *args, centre: ServiceCentre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = centre.windows.filter(active=True).order_by("number")


class ReferenceMatterForm(MatterForm):
    """A reference matter (admin): optionally listed in a reference catalogue at once."""

    catalogue = forms.ModelChoiceField(label=gettext_lazy("收录到参考目录"), queryset=ReferenceCatalogue.objects.none(), required=False)
    required = forms.BooleanField(label=gettext_lazy("应进必进"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalogue"].queryset = ReferenceCatalogue.objects.filter(active=True).order_by("kind", "name")


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["position", "name", "form", "copies", "required", "note", "sample", "blank_form"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # rendered in a table row, without crispy
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"

    def _check_size(self, name: str):
        upload = self.cleaned_data.get(name)
        if upload and hasattr(upload, "size") and upload.size > MAX_ATTACHMENT:
            raise forms.ValidationError(gettext("附件不能超过 5MB"))
        return upload

    def clean_sample(self):
        return self._check_size("sample")

    def clean_blank_form(self):
        return self._check_size("blank_form")


MaterialFormSet = inlineformset_factory(
    Matter, Material, form=MaterialForm, extra=2, can_delete=True, max_num=40, validate_max=True,
    absolute_max=40,  # a posted TOTAL_FORMS of 10**20 builds 40 forms, not the default 1,040
)


class EntryForm(ChangeForm):
    """Put a matter on a centre's or a station's list."""

    matter = forms.ModelChoiceField(label=gettext_lazy("事项"), queryset=Matter.objects.none(), error_messages={"required": "请选择事项", "invalid_choice": "该事项不可选（可能已在目录中）"})
    mode = forms.ChoiceField(label=gettext_lazy("进驻方式"), choices=Mode.choices)
    window = forms.ModelChoiceField(label=gettext_lazy("办理窗口"), queryset=None, required=False)
    field_order = ["matter", "mode", "window", "on", "reason"]

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["matter"].queryset = selectors.matters_addable(owner)
        self.fields["matter"].label_from_instance = lambda m: f"{m.area} · {m.name}（{m.code}）"
        if isinstance(owner, ServiceCentre):
            self.fields["window"].queryset = owner.windows.filter(active=True).order_by("number")
            self.fields["mode"].initial = Mode.HANDLE
        else:
            del self.fields["window"]
            self.fields["mode"].initial = Mode.PROXY
            self.fields["matter"].help_text = "只列出标注“可村级代办”的事项"

    def clean(self):
        """A station's list offers only proxy-eligible matters; say so when another matter is posted."""
        cleaned = super().clean()
        if self.has_error("matter", "invalid_choice"):
            value = str(self.data.get(self.add_prefix("matter"), ""))
            pk = parse_id(value)
            refused = selectors.matters_not_proxy_eligible(self.owner).filter(pk=pk).first() if pk is not None else None
            if refused is not None:
                self.errors["matter"] = self.error_class([not_proxy_eligible_message(refused)])
        return cleaned


class EntryEditForm(ChangeForm):
    mode = forms.ChoiceField(label=gettext_lazy("进驻方式"), choices=Mode.choices)
    window = forms.ModelChoiceField(label=gettext_lazy("办理窗口"), queryset=None, required=False)
    field_order = ["mode", "window", "on", "reason"]

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("mode", entry.mode)
        if entry.centre_id:
            self.fields["window"].queryset = entry.centre.windows.order_by("number")
            self.initial.setdefault("window", entry.window_id)
        else:
            del self.fields["window"]


class OneThingForm(ChangeModelForm):
    matters = ModelMultipleIdField(
        label=gettext_lazy("包含事项"), queryset=Matter.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("只能选择已进驻本中心的事项；至少两个"),
        error_messages={"required": "请选择包含的事项", "invalid_choice": "所选事项未进驻本中心"},
    )

    class Meta:
        model = OneThing
        fields = ["name", "description", "process", "promised_days", "window"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "process": forms.Textarea(attrs={"rows": 4})}

    field_order = ["name", "description", "matters", "process", "promised_days", "window", "on", "reason"]

    def __init__(self, *args, centre: ServiceCentre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matters"].queryset = selectors.stationed_matters(centre)
        self.fields["window"].queryset = centre.windows.filter(active=True).order_by("number")
        if self.instance.pk:
            self.initial["matters"] = [m.matter_id for m in self.instance.members.order_by("position")]


class LifeServiceForm(ChangeModelForm):
    class Meta:
        model = LifeService
        fields = ["kind", "provider", "location", "phone", "hours"]


class ImportForm(UploadForm, ChangeForm):
    """A catalogue import: the workbook (made by ``ImportForm.spreadsheet``, checked by ``core.forms.UploadForm``)
    first, then the date and the reason of the change."""


class ReferenceItemForm(ChangeForm):
    matter = forms.ModelChoiceField(label=gettext_lazy("参考事项"), queryset=Matter.objects.none(), error_messages={"required": "请选择事项", "invalid_choice": "该事项不可选（可能已在目录中）"})
    required = forms.BooleanField(label=gettext_lazy("应进必进"), required=False, initial=True)
    field_order = ["matter", "required", "on", "reason"]

    def __init__(self, *args, catalogue: ReferenceCatalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = (
            selectors.reference_matters().exclude(pk__in=catalogue.items.values("matter_id")).order_by("area", "code")
        )
        self.fields["matter"].label_from_instance = lambda m: f"{m.area} · {m.name}（{m.code}）"


class ReferenceItemEditForm(ChangeForm):
    ACTIONS = [("update", "保存“应进必进”设置"), ("remove", "从参考目录中移除")]
    required = forms.BooleanField(label=gettext_lazy("应进必进"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("操作"), choices=ACTIONS, widget=forms.RadioSelect, initial="update")
    field_order = ["required", "action", "on", "reason"]
