"""What action plans register at start-up (called from QualityConfig.ready): status tags."""


def ready() -> None:
    from common.status_tags import register_status_tags
    from quality.plans.status_tags import TAGS

    register_status_tags(TAGS)
