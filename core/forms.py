"""Binding a form to a service: the service validates in full; its errors go back onto the form in Chinese. Also the
fields and forms every app uses the same way: ids, months, the upload of a whole file to be read."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core.params import parse_id
from core.uploads import MAX_XLSX_BYTES, too_big_text


@dataclass(frozen=True)
class ServiceResult:
    """What ``run_service`` hands back: truthy when the service ran without a ValidationError, and then ``value``
    is what the service returned (a failed run carries ``None``)."""

    ok: bool
    value: object = None

    def __bool__(self) -> bool:
        return self.ok


def run_service(form, service: Callable[[], object], *,
                passthrough: tuple[type[ValidationError], ...] = ()) -> ServiceResult:
    """Call ``service`` for a bound, valid form and return its result (truthy, with ``.value``); on ValidationError
    put the messages on the form and return a falsy result. Errors of a ``passthrough`` type (a stale edit the page
    answers in its own way) are raised to the view instead."""
    try:
        value = service()
    except passthrough:
        raise
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return ServiceResult(ok=False)
    return ServiceResult(ok=True, value=value)


def form_page(request, form, service: Callable[[], object], *, done, to, template: str,
              context: dict | Callable[[], dict] | None = None):
    """The usual write page: a valid POST runs ``service`` through ``run_service``; when it succeeded, flash ``done``
    and redirect to ``to`` (each a text, or a function of what the service returned); otherwise render ``template``
    with the form (its errors shown) and ``context`` (a function when it costs queries: called only to render, after
    the service, so a refused POST shows the state it met)."""
    if request.method == "POST" and form.is_valid() and (result := run_service(form, service)):
        messages.success(request, done(result.value) if callable(done) else done)
        return redirect(to(result.value) if callable(to) else to)
    extra = context() if callable(context) else context or {}
    return render(request, template, {"form": form, **extra})


def errors_text(form) -> str:
    """A form's errors on one line, as a flash message shows them."""
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


def flash_service(request, service: Callable[[], object], *, done) -> ServiceResult:
    """Run a service a button posts without a form: a ValidationError is flashed (its messages joined by "；"), else
    ``done`` (a text, or a function of what the service returned). The result says which, with the value."""
    try:
        value = service()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return ServiceResult(ok=False)
    messages.success(request, done(value) if callable(done) else done)
    return ServiceResult(ok=True, value=value)


def post_back(request, form, service: Callable[[], object], *, done, refused: str, back: str):
    """A small form posted from a record's page (a reason, a new item, a button with a note): run ``service`` for it;
    flash ``done`` (a text, or a function of what the service returned), or ``refused`` followed by the form's
    errors; back to the page."""
    if form.is_valid() and (result := run_service(form, service)):
        messages.success(request, done(result.value) if callable(done) else done)
    else:
        messages.error(request, refused + errors_text(form))
    return redirect(back)


def move_forms(request, moves, make_form) -> tuple[str | None, dict]:
    """The posted action and a form for each move a record's page offers (``core.workflow``), the posted one bound:
    ``make_form(action, data)``."""
    posted = request.POST.get("action") if request.method == "POST" else None
    return posted, {m.action: make_form(m.action, request.POST if posted == m.action else None) for m in moves}


def make_move(request, posted: str | None, forms: dict, move: Callable[[str, dict], object], *, table, back: str,
              done: str | None = None):
    """Run the posted move, ``move(action, cleaned_data)``, through ``run_service``. A redirect to ``back`` once it is
    made (flashing ``done``, a translated text with ``%(label)s``: the move's label) or when the action is not offered
    now; None when nothing was posted or the form has errors (the page is shown again with them)."""
    if not posted:
        return None
    form = forms.get(posted)
    if form is None:
        messages.error(request, gettext("当前状态下不能执行该操作"))
        return redirect(back)
    if form.is_valid() and run_service(form, lambda: move(posted, form.cleaned_data)):
        messages.success(request, (done or gettext("已%(label)s")) % {"label": table.moves[posted].label})
        return redirect(back)
    return None


class ModelMultipleIdField(forms.ModelMultipleChoiceField):
    """A ``ModelMultipleChoiceField`` by id that refuses an id not written in ASCII digits within PostgreSQL's
    ``integer`` before asking the database: Django checks ``pk__in`` with no range guard, and SQLite raises
    ``OverflowError`` (a 500) for an id past 2**63."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            if isinstance(pk, str | int) and parse_id(pk) is None:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": str(pk)[:20]})
        return super()._check_values(value)


class MonthField(forms.CharField):
    """A month typed as 年-月 ("2025-10", the browser's ``<input type="month">``), cleaned to ``(year, month)``
    within 2000—2100. Left empty it is ``None``, or this month with ``default_today=True``."""

    def __init__(self, *, default_today: bool = False, **kwargs):
        kwargs.setdefault("label", "月份")
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "month"}))
        super().__init__(**kwargs)
        self.default_today = default_today

    def clean(self, value):
        value = super().clean(value)
        if not value:
            if self.default_today:
                today = timezone.localdate()
                return today.year, today.month
            return None
        try:
            parsed = dt.datetime.strptime(value, "%Y-%m")
        except ValueError as exc:
            raise ValidationError(gettext("月份格式应为 年-月，如 2025-10")) from exc
        if not 2000 <= parsed.year <= 2100:
            raise ValidationError(gettext("月份超出范围"))
        return parsed.year, parsed.month


class UploadForm(forms.Form):
    """The upload of a whole file to be read at once (a definition file, a spreadsheet to import): refused here,
    before it is parsed, unless its name ends in one of ``suffixes`` (also the widget's ``accept``) and it is within
    ``max_bytes`` — the reader's own limit, so that a file the reader would refuse never reaches it. ``label`` names
    what is uploaded. Stored files (evidence, attachments, photos, library documents) are checked by their content
    instead (``core.attachments``). A page's own fields (a date and a reason) come from a form mixed in beside it."""

    file = forms.FileField(error_messages={"required": gettext_lazy("请选择文件"), "empty": gettext_lazy("文件是空的")})
    field_order = ["file"]

    def __init__(self, *args, suffixes: tuple[str, ...], max_bytes: int, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.suffixes = tuple(suffix.lower() for suffix in suffixes)
        self.max_bytes = max_bytes
        field = self.fields["file"]
        field.label = label
        field.widget.attrs["accept"] = ",".join(self.suffixes)

    @classmethod
    def spreadsheet(cls, *args, **kwargs):
        """The form for an Excel workbook (.xlsx) to import, within what ``core.uploads.check_xlsx`` accepts."""
        return cls(*args, suffixes=(".xlsx",), max_bytes=MAX_XLSX_BYTES, label=gettext_lazy("Excel 文件（.xlsx）"),
                   **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(self.suffixes):
            raise ValidationError(gettext("只接受 %(suffixes)s 文件") % {"suffixes": "、".join(self.suffixes)},
                                  code="suffix")
        if upload.size > self.max_bytes:
            raise ValidationError(too_big_text(self.max_bytes), code="too_big")
        return upload
