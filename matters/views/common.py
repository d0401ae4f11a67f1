"""What the matter pages share: the roles that may read or manage, and three small helpers."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext

from centers.models import ServiceCentre, Station
from core.exports import export_name
from core.roles import EVERYONE, MANAGERS, READERS, Role

ADMIN = (Role.ADMIN,)
ALL_ROLES = EVERYONE
__all__ = ["ADMIN", "ALL_ROLES", "MANAGERS", "READERS", "attachment_response", "catalogue_url", "change_of"]


def catalogue_url(owner) -> str:
    """The page of a catalogue: a centre's or a station's list, or a reference catalogue."""
    if isinstance(owner, ServiceCentre):
        return reverse("matters:centre_catalogue", kwargs={"centre": owner.pk})
    if isinstance(owner, Station):
        return reverse("matters:station_catalogue", kwargs={"station": owner.pk})
    return reverse("matters:reference_detail", kwargs={"catalogue": owner.pk})


def change_of(form) -> dict:
    """The date and reason of a catalogue change, as the services take them."""
    return {"on": form.cleaned_data["on"], "reason": form.cleaned_data["reason"]}


def attachment_response(item, kind: str):
    """A material's sample or blank form as a download (404 when it has none or its file is lost)."""
    upload = item.sample if kind == "sample" else item.blank_form
    if not upload:
        raise Http404(gettext("没有这个附件"))
    suffix = upload.name.rsplit(".", 1)[-1]
    label = "示范样本" if kind == "sample" else "空白表格"
    try:
        handle = upload.open("rb")
    except FileNotFoundError:
        raise Http404(gettext("附件文件已丢失")) from None
    return FileResponse(handle, as_attachment=True, filename=export_name(item.name, label, ext=suffix))
