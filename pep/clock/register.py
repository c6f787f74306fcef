"""The clock's start-up registrations: the lifecycle listeners that keep every cycle."""


def ready() -> None:
    """Listen to the child's lifecycle and to PEPs being signed off."""
    from children import lifecycle
    from pep import hooks
    from pep.clock import services

    lifecycle.on_joined.register(services.start_initial_cycle)
    lifecycle.on_entered_care.register(services.start_initial_cycle)
    lifecycle.on_moved.register(services.start_change_of_setting_cycle)
    lifecycle.on_left_care.register(services.left_care)
    lifecycle.on_left.register(services.left_setting)
    hooks.on_signed_off.register(services.open_next_cycle)
