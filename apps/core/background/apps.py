from apps.core.apps import SiteAppConfig


class BackgroundConfig(SiteAppConfig):
    name = "apps.core.background"
    label = "background"
    verbose_name = "Background work"
    # The work table's stream runs the pieces of work requests record (work.py).
    stream_handlers = "apps.core.background.work.STREAM_HANDLERS"
    scheduled_sweeps = "apps.core.background.work.SWEEPS"
