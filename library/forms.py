"""Forms of the library pages. The services check everything again; these shape the choices and the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.models import ServiceCentre, Station
from core.access import user_role
from core.filters import AsciiIntegerField
from core.paging import too_many_to_pick
from core.params import YEAR_MAX, YEAR_MIN, parse_id
from library import catalogue
from library.models import DocumentKind
from library.services import may_manage, may_upload

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


OWNER_SEARCH_LIMIT = 20


def _owner_units(user):
    """The centres ``user`` may add documents to, and their stations (querysets, not yet read)."""
    centres = ServiceCentre.objects.visible_to(user)
    if not may_upload(user):
        centres = centres.none()
    elif user_role(user) == "director":
        centres = centres.filter(pk=user.centre_id)
    return centres, Station.objects.visible_to(user).filter(centre__in=centres)


def many_owners(user) -> bool:
    centres, stations = _owner_units(user)
    return too_many_to_pick(centres, stations)


def owner_choices(user, text: str | None = None, limit: int | None = None) -> list:
    """"centre:<pk>" / "station:<pk>" for the centres and stations ``user`` may add documents to (whose name
    contains ``text``, at most ``limit`` of them, when given)."""
    centres, stations = _owner_units(user)
    if text is not None:
        centres, stations = centres.filter(name__contains=text), stations.filter(name__contains=text)
    centres = [c for c in centres.select_related("region").order_by("region__path")[:limit] if may_manage(user, c)]
    stations = list(stations.order_by("region__path")[:None if limit is None else max(limit - len(centres), 0)])
    return [(f"centre:{c.pk}", c.name) for c in centres] + [(f"station:{s.pk}", s.name) for s in stations]


def resolve_owner(user, value: str):
    """The centre or station of an owner choice, through scope (None when not visible)."""
    kind, _sep, pk = (value or "").partition(":")
    model = {"centre": ServiceCentre, "station": Station}.get(kind)
    if model is None or parse_id(pk) is None:
        return None
    return model.objects.visible_to(user).select_related("centre" if model is Station else "region").filter(
        pk=parse_id(pk)).first()


class OwnerField(forms.ChoiceField):
    """The document's centre or station: a select box, or — with more than ``core.paging.PICK_LIMIT`` places (the
    admin of a province) — a select the typed search fills (``searched``); ``clean`` checks the value against scope either way."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.searched = user is not None and many_owners(user)
        self.choices = [("", _("请选择"))] + (owner_choices(user) if user is not None and not self.searched else [])

    def valid_value(self, value) -> bool:
        return True if self.searched else super().valid_value(value)

    def clean(self, value):
        value = super().clean(value)
        owner = resolve_owner(self.user, value)
        if owner is None or not may_manage(self.user, owner):
            raise forms.ValidationError(_("请选择所属单位"))
        return owner


class DocumentForm(forms.Form):
    """A new document; without ``user`` (a new version of a document) the owner is the old document's."""

    owner = forms.ChoiceField(label=_("所属单位"))
    title = forms.CharField(label=_("标题"), max_length=200)
    kind = forms.ChoiceField(label=_("类别"), choices=DocumentKind.choices)
    issuer = forms.CharField(label=_("发文单位"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("发文日期"), required=False, widget=DATE)
    year_from = AsciiIntegerField(label=_("适用起始年度"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False)
    year_to = AsciiIntegerField(label=_("适用截止年度"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False,
                                help_text=_("留空：长期有效"))
    file = forms.FileField(label=_("文件"),
                           help_text=_("PDF 和图片（JPG、PNG 等）可在页面中预览；Word、Excel 文件仅供下载"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_search = False
        if user is None:
            del self.fields["owner"]
        else:
            self.fields["owner"] = OwnerField(label=_("所属单位"), user=user)
            self.owner_search = self.fields["owner"].searched


class TagForm(forms.Form):
    """Tag a document to a rubric item; ``subjects`` (for a built-in entry) lets the user pick whose tag it is."""

    item_key = forms.ChoiceField(label=_("评估项目"))

    def __init__(self, *args, user, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.document = user, document
        if document.is_builtin:
            self.fields = {"subject": OwnerField(label=_("佐证单位"), user=user), **self.fields}
            subject_for_items = None
        else:
            subject_for_items = document.owner
        kinds = {"centre", "station"} if subject_for_items is None else {catalogue.subject_kind(subject_for_items)}
        groups: dict[str, list] = {}
        seen = set()
        for kind in sorted(kinds):
            probe = Station() if kind == "station" else ServiceCentre()
            for choice in catalogue.items_for(probe):
                if choice.key not in seen:
                    seen.add(choice.key)
                    groups.setdefault(choice.rubric_title, []).append((choice.key, choice.label))
        self.fields["item_key"].choices = [("", _("请选择"))] + list(groups.items())

    def tag_subject(self):
        return self.cleaned_data.get("subject") if self.document.is_builtin else self.document.owner
