"""The citizens' base (feedback/_citizen_base.html) is base.html's page without its nav, written out so that the QR
rating path renders less (docs/performance.md): the two stay alike when base.html changes."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import engines

PAGE = '{% block title %}标题{% endblock %}{% block content %}<p>内容</p>{% endblock %}{% block footer %}页脚{% endblock %}'
AS_BEFORE = (  # what the citizens' pages said to base.html before the base was written out
    '{% extends "base.html" %}{% load static %}{% block nav %}{% endblock %}'
    '{% block body_class %}large-text rating-page{% endblock %}'
    '{% block head %}<link rel="stylesheet" href="{% static \'feedback/rating.css\' %}">{% endblock %}'
    '{% block container_class %}container rating-container{% endblock %}'
)


def test_the_citizen_base_renders_what_base_html_renders_without_its_nav(rf):
    engine = engines["django"]
    request = rf.get("/p/rate/thanks/")
    request.user = AnonymousUser()
    request._messages = [Message(constants.ERROR, "出错了"), Message(constants.SUCCESS, "已提交")]
    through_base = engine.from_string(AS_BEFORE + PAGE).render({}, request)
    citizen = engine.from_string('{% extends "feedback/_citizen_base.html" %}' + PAGE).render({}, request)
    assert citizen == through_base
    assert "出错了" in citizen and "alert-danger" in citizen and "<nav" not in citizen
