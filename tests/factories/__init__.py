"""factory_boy factories, one module per app.

``from tests.factories.children import ChildFactory``; ``.build()`` when no row is needed.
"""
