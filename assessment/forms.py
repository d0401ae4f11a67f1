from django import forms
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

from assessment.models import EvaluationKind, GuidanceRecord, RubricVersion
from core.access import user_role
from core.paging import too_many_to_pick
from core.params import parse_id

# ------------------------------------------------------------------------------------------------ evaluations


def subject_choices(user) -> list:
    """Grouped choices "centre:<pk>", "station:<pk>", "window:<pk>" among what ``user`` may see (D14)."""
    from centers.models import ServiceCentre, Station, Window

    centres = list(ServiceCentre.objects.visible_to(user).select_related("region").order_by("region__path"))
    stations = list(Station.objects.visible_to(user).select_related("region").order_by("region__path"))
    windows = list(Window.objects.visible_to(user).select_related("centre").order_by("centre__region__path",
                                                                                      "number"))
    return [
        ("便民服务中心", [(f"centre:{c.pk}", c.name) for c in centres]),
        ("便民服务站", [(f"station:{s.pk}", s.name) for s in stations]),
        ("窗口", [(f"window:{w.pk}", f"{w.centre.name} {w}") for w in windows]),
    ]


SUBJECT_SEARCH_LIMIT = 20


def many_subjects(user) -> bool:
    """More than ``core.paging.PICK_LIMIT`` stations in scope (they outnumber centres and windows): a select box of
    them all would be a province's 48,000 options, so the form offers a typed search instead."""
    from centers.models import Station

    return too_many_to_pick(Station.objects.visible_to(user))


def search_subjects(user, text: str, *, units_only: bool = False, limit: int = SUBJECT_SEARCH_LIMIT) -> list:
    """Grouped choices like ``subject_choices``, at most ``limit`` in all, whose name contains ``text`` (a window:
    its centre's name or its own); ``units_only``: centres and stations (the guidance form)."""
    from centers.models import ServiceCentre, Station, Window

    groups = [(gettext("便民服务中心"), "centre", ServiceCentre.objects.visible_to(user).filter(name__contains=text)
               .order_by("region__path"), lambda c: c.name)]
    groups.append((gettext("便民服务站"), "station", Station.objects.visible_to(user).filter(name__contains=text)
                   .order_by("region__path"), lambda s: s.name))
    if not units_only:
        windows = (Window.objects.visible_to(user).select_related("centre")
                   .filter(Q(centre__name__contains=text) | Q(name__contains=text))
                   .order_by("centre__region__path", "number"))
        groups.append((gettext("窗口"), "window", windows, lambda w: f"{w.centre.name} {w}"))
    result, left = [], limit
    for label, kind, queryset, name in groups:
        found = list(queryset[:left]) if left > 0 else []
        left -= len(found)
        if found:
            result.append((label, [(f"{kind}:{o.pk}", name(o)) for o in found]))
    return result


class SubjectField(forms.ChoiceField):
    """The subject: from its choices, or — with ``searched`` — any value, which ``resolve_subject`` then checks
    against the user's scope (the typed search only offers what the user may see)."""

    searched = False

    def valid_value(self, value) -> bool:
        return True if self.searched else super().valid_value(value)


def bounded_subject_choices(form, field: str, user, units_only: bool = False) -> None:
    """The subject field's choices: every place in scope, or — past ``core.paging.PICK_LIMIT`` — only the one chosen
    (posted or initial), the rest found by the typed search (``form.subject_search`` tells the template)."""
    form.subject_search = many_subjects(user)
    if not form.subject_search:
        choices = subject_choices(user)
        form.fields[field].choices = [("", gettext("请选择"))] + (choices[:2] if units_only else choices)
        return
    chosen = form.data.get(field) if form.is_bound else form.initial.get(field)
    place = resolve_subject(user, chosen) if chosen else None
    current = [(chosen, getattr(place, "name", str(place)))] if place is not None else []
    form.fields[field].searched = True
    form.fields[field].choices = [("", gettext("请输入名称查找后选择"))] + current


def resolve_subject(user, value: str):
    """The centre, station or window named by a subject choice, fetched through scope; None if not visible."""
    from centers.models import ServiceCentre, Station, Window

    models_ = {"centre": ServiceCentre, "station": Station, "window": Window}
    kind, _, pk = (value or "").partition(":")
    if kind not in models_ or parse_id(pk) is None:
        return None
    return models_[kind].objects.visible_to(user).select_related(
        *(("centre",) if kind != "centre" else ())).filter(pk=parse_id(pk)).first()


class EvaluationStartForm(forms.Form):
    subject = SubjectField(label=gettext_lazy("考核对象"))
    rubric = forms.ModelChoiceField(label=gettext_lazy("考核细则（已发布版本）"), queryset=RubricVersion.objects.none(),
                                    help_text=gettext_lazy("只能选择适用于该类考核对象的细则"))
    kind = forms.ChoiceField(label=gettext_lazy("考核类型"))
    period = forms.IntegerField(label=gettext_lazy("考核年度"), min_value=2000, max_value=2100)
    evaluated_on = forms.DateField(label=gettext_lazy("考核日期"),
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    superseded_ok = forms.BooleanField(label=gettext_lazy("我确认按已被取代的旧版细则考核（仅管理员，如补录旧年度的考核）"),
                                       required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from assessment.services import kinds_for

        self.user = user
        bounded_subject_choices(self, "subject", user)
        from assessment import selectors

        # The version in force of each rubric; an admin may also pick a superseded one, marked, after confirming.
        self.is_admin = user_role(user) == "admin"
        in_force = selectors.rubrics_in_force()
        self.in_force = {v.code: v.version for v in in_force}
        self.fields["rubric"].queryset = selectors.published_rubrics() if self.is_admin else in_force
        self.fields["rubric"].label_from_instance = self._rubric_label
        labels = dict(EvaluationKind.choices)
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds_for(user)]
        if not self.is_admin:
            del self.fields["superseded_ok"]

    def _rubric_label(self, v) -> str:
        label = f"{v.title}（第{v.version}版，适用：{v.subject_labels}）"
        current = self.in_force.get(v.code)
        if current is not None and current != v.version:
            label += f" ⚠ 旧版，已被第{current}版取代"
        return label

    def clean(self):
        data = super().clean()
        rubric = data.get("rubric")
        current = self.in_force.get(rubric.code) if rubric else None
        if rubric and current is not None and current != rubric.version and not data.get("superseded_ok"):
            self.add_error("rubric", gettext("第%(version)s版已被第%(current)s版取代；如确需按旧版考核，请勾选下面的确认") % {"version": rubric.version, "current": current})
        return data

    def clean_subject(self):
        subject = resolve_subject(self.user, self.cleaned_data["subject"])
        if subject is None:
            raise forms.ValidationError(gettext("请选择考核对象"))
        return subject


class EvidenceForm(forms.Form):
    code = forms.CharField(max_length=20)
    file = forms.FileField(label=gettext_lazy("佐证材料（图片或 PDF）"))


class RectifyForm(forms.Form):
    limit_days = forms.IntegerField(label=gettext_lazy("整改时限（工作日）"), min_value=1, max_value=250, initial=15)
    owner = forms.CharField(label=gettext_lazy("责任人"), max_length=60, required=False, help_text=gettext_lazy("留空则为中心主任"))


# ------------------------------------------------------------------------------------ guidance / rectifying


class GuidanceForm(forms.ModelForm):
    class Meta:
        model = GuidanceRecord
        fields = ["guided_on", "participants", "problems", "suggestions"]
        widgets = {
            "guided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "problems": forms.Textarea(attrs={"rows": 4}),
            "suggestions": forms.Textarea(attrs={"rows": 3}),
        }


class GuidanceStartForm(GuidanceForm):
    unit = SubjectField(label=gettext_lazy("被指导单位"))

    class Meta(GuidanceForm.Meta):
        fields = ["unit", *GuidanceForm.Meta.fields]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bounded_subject_choices(self, "unit", user, units_only=True)

    def clean_unit(self):
        unit = resolve_subject(self.user, self.cleaned_data["unit"])
        if unit is None or self.cleaned_data["unit"].startswith("window:"):
            raise forms.ValidationError(gettext("请选择被指导的便民服务中心或便民服务站"))
        return unit


class RectificationForm(forms.Form):
    problem = forms.CharField(label=gettext_lazy("问题"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    measure = forms.CharField(label=gettext_lazy("整改措施"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                              required=False)
    owner = forms.CharField(label=gettext_lazy("责任人"), max_length=60)
    limit_days = forms.IntegerField(label=gettext_lazy("整改时限（工作日）"), min_value=1, max_value=250, required=False,
                                    help_text=gettext_lazy("按工作日计算期限；或直接填写整改期限"))
    due_on = forms.DateField(label=gettext_lazy("整改期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if not data.get("limit_days") and not data.get("due_on"):
            raise forms.ValidationError(gettext("请填写整改时限（工作日）或整改期限"))
        return data


class RectificationMoveForm(forms.Form):
    action = forms.CharField(max_length=20)
    text = forms.CharField(label=gettext_lazy("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
