from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path

from centers import urls as centers_urls
from portal import urls as portal_urls

admin.site.site_header = "便民服务中心（站）标准化考核系统 · 管理后台"
admin.site.site_title = "考核系统管理后台"
admin.site.index_title = "数据管理"


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the icon in static (not permanent: the
    static name carries a content hash in production)."""
    return redirect(static_url("img/favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    # First of the apps: Django tries the patterns in order, and the QR rating path (every scan, docs/performance.md)
    # was behind some 280 of them. No other app's pattern matches a feedback URL, so the order changes no page.
    path("", include("feedback.urls")),
    path("", include("portal.urls")),
    path("", include("accounts.urls")),
    path("", include((portal_urls.centre_patterns, centers_urls.app_name))),
    path("", include("matters.urls")),
    path("", include("library.urls")),
    path("", include("workdays.urls")),
    path("", include("redflags.urls")),
    path("", include("trainings.urls")),
    path("", include("assessment.urls")),
    path("", include("staff_scoring.urls")),
    path("", include("jobs.urls")),
    path("", include("oversight.urls")),
]

handler404 = "core.errors.page_not_found"  # in Chinese, with our own message (Django's pages are English)
handler403 = "core.errors.permission_denied"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
