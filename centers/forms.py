from django import forms
from django.utils.translation import gettext, gettext_lazy

from centers.models import ServiceCentre, Staff, Station, Window
from centers.selectors import staff_ids_of_centre


class CentreForm(forms.ModelForm):
    class Meta:
        model = ServiceCentre
        fields = ["name", "address", "phone", "opening_hours", "hall_area", "functional_zones"]
        widgets = {"functional_zones": forms.Textarea(attrs={"rows": 3})}


class StationForm(forms.ModelForm):
    class Meta:
        model = Station
        fields = ["name", "in_party_centre", "address", "phone", "opening_hours"]


class WindowForm(forms.ModelForm):
    class Meta:
        model = Window
        fields = ["number", "name", "kind", "active"]


class StaffForm(forms.ModelForm):
    """Staff of one centre: the post (the centre itself or one of its stations) and the window are limited to it."""

    post = forms.ChoiceField(label=gettext_lazy("岗位所在"))
    revision = forms.CharField(widget=forms.HiddenInput, required=False)  # read by core.revisions

    class Meta:
        model = Staff
        fields = [
            "name", "category", "unit", "position", "phone", "party_member", "post", "window", "backup",
            "photo", "active_from", "active_to",
        ]
        widgets = {
            "active_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "active_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, centre: ServiceCentre, **kwargs):
        super().__init__(*args, **kwargs)
        self.centre = centre
        stations = list(centre.stations.order_by("region__path"))
        self._stations = {str(s.pk): s for s in stations}
        self.fields["post"].choices = [("centre", f"{centre.name}（中心）")] + [
            (str(s.pk), s.name) for s in stations
        ]
        if self.instance.pk and self.instance.station_id:
            self.initial["post"] = str(self.instance.station_id)
        else:
            self.initial.setdefault("post", "centre")
        self.fields["window"].queryset = centre.windows.order_by("number")
        self.fields["window"].required = False
        others = Staff.objects.filter(pk__in=staff_ids_of_centre(centre))
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["backup"].queryset = others.order_by("name")
        self.fields["photo"].help_text = "JPG/PNG，不超过 2MB"
        if self.instance.pk:
            self.initial["revision"] = self.instance.revision
        else:
            del self.fields["revision"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "size") and photo.size > 2 * 1024 * 1024:
            raise forms.ValidationError(gettext("照片不能超过 2MB"))
        return photo

    def clean(self):
        data = super().clean()
        post = data.get("post")
        if post == "centre":
            self.instance.centre, self.instance.station = self.centre, None
        elif post in self._stations:
            self.instance.centre, self.instance.station = None, self._stations[post]
            if data.get("window"):
                self.add_error("window", gettext("便民服务站的工作人员不设窗口"))
        elif self.instance.pk is None:
            # No valid post (another centre's station, a bogus value): the post field already says so. Place the new
            # record in this centre meanwhile, or the model's own check would name a field the form does not have.
            self.instance.centre, self.instance.station = self.centre, None
        return data
