"""factory_boy factories for safeguarding: concerns passed to the DSL."""

import factory
from factory.django import DjangoModelFactory

from safeguarding.models import Concern
from tests.factories.accounts import ChildFactory, UserFactory


class ConcernFactory(DjangoModelFactory):
    class Meta:
        model = Concern

    child = factory.SubFactory(ChildFactory)
    raised_by = factory.SubFactory(UserFactory)
    text = "Unexplained bruise on the forearm; said 'daddy was cross'."
