from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PortalConfig(AppConfig):
    """The pages that gather every app's facts: each role's home page and the centre's page. Their views read each
    app's selectors and hand the rows to the templates (template tags only render), so the apps below need not know
    of one another. Above redflags, below provision; no app imports it."""

    name = "portal"
    verbose_name = gettext_lazy("首页")
