"""The citizens' base (feedback/_citizen_base.html): base.html's page without its sign-in chrome — no navigation bar,
large text, the rating stylesheet — and the messages a refusal or a thank-you carries."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import engines

PAGE = '{% block title %}标题{% endblock %}{% block content %}<p>内容</p>{% endblock %}{% block footer %}页脚{% endblock %}'


def test_the_citizen_base_is_base_html_without_its_nav_with_large_text_and_the_messages(rf):
    request = rf.get("/p/rate/thanks/")
    request.user = AnonymousUser()
    request._messages = [Message(constants.ERROR, "出错了"), Message(constants.SUCCESS, "已提交")]
    page = engines["django"].from_string('{% extends "feedback/_citizen_base.html" %}' + PAGE).render({}, request)
    assert "<nav" not in page and 'class="large-text rating-page"' in page
    assert 'class="container rating-container"' in page and "feedback/rating" in page and "rating" in page
    assert "出错了" in page and "alert-danger" in page and "alert-success" in page
    assert "<title>标题</title>" in page and "<p>内容</p>" in page and "页脚" in page
