"""The citizens' base (feedback/_citizen_base.html): base.html's page without its sign-in chrome — no navigation bar,
large text, the rating stylesheet — and the messages a refusal or a thank-you carries.

Rendered the way the citizen pages are served (``feedback.views._citizen_page``: a plain context with the request,
its messages and the CSRF token, none of the project's context processors), so a base that came to need one of them
fails here."""

from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.test import override_settings

from feedback.views import _citizen_page

# A context processor that would break the page if the citizen pages ran the project's processors after all.
NO_PROCESSORS = [{**settings.TEMPLATES[0],
                  "OPTIONS": {"context_processors": ["tests.feedback.test_citizen_base.refuse"]}}]


def refuse(request):
    raise AssertionError("a citizen page ran a context processor")


@override_settings(TEMPLATES=NO_PROCESSORS)
def test_the_citizen_base_is_base_html_without_its_nav_with_large_text_and_the_messages(rf):
    request = rf.get("/p/rate/thanks/")
    request._messages = [Message(constants.ERROR, "出错了"), Message(constants.SUCCESS, "已提交")]
    response = _citizen_page(request, "feedback/rating_thanks.html", {"bad": False})
    page = response.content.decode()
    assert response.status_code == 200
    assert "navbar" not in page and 'class="large-text rating-page"' in page
    assert 'class="container rating-container"' in page and "feedback/rating" in page
    assert "出错了" in page and "alert-danger" in page and "已提交" in page and "alert-success" in page
    assert "<title>感谢您的评价" in page and "感谢您的评价！</h1>" in page and "便民服务中心（站）标准化考核系统" in page
