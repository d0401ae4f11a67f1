"""The project's URLs plus /bench/hello/, the hello-world baseline (same middleware, no template, no query)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urls


@login_not_required
def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *project_urls]
