"""``run_service`` hands the service's return value back to the view, and puts a service's refusal on the form."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import run_service


class NoteForm(forms.Form):
    title = forms.CharField()


def bound_form():
    form = NoteForm({"title": "通知"})
    assert form.is_valid()
    return form


def test_a_successful_service_gives_its_return_value_to_the_view():
    done = run_service(bound_form(), lambda: {"id": 7})
    assert done
    assert done.value == {"id": 7}


def test_a_service_that_returns_nothing_still_counts_as_done():
    done = run_service(bound_form(), lambda: None)
    assert done
    assert done.value is None


def test_a_refused_service_is_falsy_and_its_field_message_lands_on_that_field():
    form = bound_form()

    def refuse():
        raise ValidationError({"title": "标题重复"})

    done = run_service(form, refuse)
    assert not done
    assert done.value is None
    assert form.errors["title"] == ["标题重复"]


def test_a_message_about_an_unknown_field_or_no_field_goes_to_the_whole_form():
    form = bound_form()

    def refuse():
        raise ValidationError({"elsewhere": "不在表单上"})

    assert not run_service(form, refuse)
    assert form.non_field_errors() == ["不在表单上"]
    other = bound_form()
    assert not run_service(other, lambda: (_ for _ in ()).throw(ValidationError("整体不通过")))
    assert other.non_field_errors() == ["整体不通过"]


def test_a_passthrough_error_reaches_the_view_and_leaves_the_form_clean():
    class Stale(ValidationError):
        pass

    form = bound_form()

    def stale():
        raise Stale("已被他人修改")

    try:
        run_service(form, stale, passthrough=(Stale,))
    except Stale:
        pass
    else:
        raise AssertionError("the passthrough error was swallowed")
    assert form.errors == {}


def test_form_page_computes_a_lazy_context_only_to_render_the_page(rf):
    """``form_page(context=callable)``: a successful POST redirects without computing what only the page shows; a
    refused one shows the context as it is after the refusal."""
    from core.forms import form_page

    class Flashes(list):
        def add(self, level, message, extra_tags=""):
            self.append(message)

    calls = []

    def context():
        calls.append(1)
        return {"shown": "额外内容"}

    def page(data, service):
        request = rf.post("/x/", data)
        request._messages = Flashes()
        return form_page(request, NoteForm(data), service, done="已保存", to="/done/",
                         template="form_page.html", context=context)

    response = page({"title": "通知"}, lambda: "ok")
    assert response.status_code == 302 and response["Location"] == "/done/" and calls == []

    def refuse():
        raise ValidationError("不能保存")

    response = page({"title": "通知"}, refuse)
    assert response.status_code == 200 and calls == [1] and "不能保存" in response.content.decode()
