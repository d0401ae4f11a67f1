"""Forms of the trainings pages: they only read input; the services validate and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.models import ServiceCentre, Station
from core.forms import ModelMultipleIdField
from library.models import Document
from trainings.models import Presence, TrainingKind

NOT_LISTED = ""


class TrainingForm(forms.Form):
    centre = forms.ModelChoiceField(label=_("便民服务中心"), queryset=ServiceCentre.objects.none())
    station = forms.ModelChoiceField(label=_("便民服务站（站点自行组织时选择）"), queryset=Station.objects.none(),
                                     required=False)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("类型"), choices=TrainingKind.choices)
    topic = forms.CharField(label=_("主题"), max_length=200)
    organiser = forms.CharField(label=_("组织者"), max_length=100)
    note = forms.CharField(label=_("内容摘要"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=5000)
    materials = ModelMultipleIdField(label=_("培训资料（资料库中的培训记录、会议纪要）"), required=False,
                                     queryset=Document.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, centres, stations, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        self.fields["station"].queryset = stations
        self.fields["materials"].queryset = materials
        if len(centres) == 1:  # the centre picked (or the director's own): named above the form, not a select
            self.fields["centre"].initial = centres[0].pk
            self.fields["centre"].widget = forms.HiddenInput()


class AttendanceForm(forms.Form):
    """One choice per person of the roster (``p:<staff id>``): not listed, or a presence."""

    revision = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, roster, current: dict[int, str], revision: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = revision
        choices = [(NOT_LISTED, _("未列入")), *Presence.choices]
        self.people = []
        for person in roster:
            name = f"p:{person.pk}"
            self.fields[name] = forms.ChoiceField(label=person.name, choices=choices, required=False,
                                                  initial=current.get(person.pk, NOT_LISTED))
            self.people.append((person, name))

    def presence(self) -> dict[int, str]:
        return {person.pk: self.cleaned_data[name] for person, name in self.people
                if self.cleaned_data.get(name)}

    def rows(self):
        return [(person, self[name]) for person, name in self.people]
