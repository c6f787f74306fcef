"""What transfers connect at start-up (called from SafeguardingConfig.ready)."""


def ready() -> None:
    from children import lifecycle
    from safeguarding.transfer import services

    # A child leaving a setting that keeps safeguarding records opens the file to send.
    lifecycle.on_moved.register(services.child_moved)
    lifecycle.on_left.register(services.child_left)
