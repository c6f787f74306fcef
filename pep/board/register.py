"""What the board part registers at start-up (called by ``PepConfig.ready``).

- The service navigation: "PEPs" at a setting, for those who may read every PEP of the
  setting, in the "Children" section beside the children list (the manager's menu keeps
  its eight sections on one row); "PEP board" at an LA for the children in care advisors.
  Every PEP page belongs to those sections on its side.
- "My key children": the key person's own key children's PEPs.
- The child's hub: the PEP section of a looked-after child.
- The PEP page: the out-of-county section (documents and recording links).
"""


def ready() -> None:
    from accounts.navigation import NavItem, Place, register_nav_item
    from accounts.panels import HubSection, Panel, register_hub_section, register_landing_panel
    from accounts.permissions import Action
    from pep.board import panels
    from pep.panels import PepPanel, register_pep_panel

    register_nav_item(
        Place.SETTING,
        NavItem("PEPs", "settings:pep:setting_peps", Action.VIEW_PEP, pages=("settings:pep:*",)),
        order=31,
        group="Children",
    )
    register_nav_item(
        Place.LA,
        NavItem("PEP board", "la_pep:board", Action.VIEW_PEP_BOARD, pages=("la_pep:*",)),
        order=30,
    )
    # Every key person has "My key children"; the panel lists only their own key children,
    # whose PEPs the door lets them read.
    register_landing_panel(
        Panel(
            key="pep.key_children",
            action=Action.VIEW_MY_KEY_CHILDREN,
            template="pep/board/_key_children_panel.html",
            build=panels.key_children_panel,
        )
    )
    register_hub_section(
        HubSection(
            key="pep.hub",
            heading="Personal Education Plan (PEP)",
            action=Action.VIEW_PEP,
            order=20,
            template="pep/board/_hub_panel.html",
            panel=panels.hub_panel,
        )
    )
    register_pep_panel(
        PepPanel(
            key="board.external",
            template="pep/board/_external_panel.html",
            build=panels.external_panel,
            order=80,
        )
    )
