from apps.core.apps import SiteAppConfig


class ProbeConfig(SiteAppConfig):
    name = "tests.background.probe"
    label = "probe"
    verbose_name = "Stream probe (tests only)"
    stream_handlers = "tests.background.probe.handlers.STREAM_HANDLERS"
    scheduled_sweeps = "tests.background.probe.handlers.SWEEPS"
