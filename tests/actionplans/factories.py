import datetime

import factory

from actionplans import services
from actionplans.models import Action, ActionPlan, Rag, Recommendation, Section


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    title = factory.Sequence(lambda n: f"Children's Services Improvement Plan {n}")
    published = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Theme {n}")
    order = factory.Sequence(lambda n: n + 1)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    section = factory.SubFactory(SectionFactory)
    plan = factory.LazyAttribute(lambda r: r.section.plan)
    code = factory.Sequence(lambda n: f"A{n + 1}")
    category = "Priority & Immediate Action"
    wording = "Ensure that all children are seen within timescales."
    order = factory.Sequence(lambda n: n + 1)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(RecommendationFactory)
    number = factory.Sequence(lambda n: f"X{n}.1")
    activity = "Audit open cases."
    outcome = "Every child is seen."
    timeline = "31/03/15"
    due_date = datetime.date(2015, 3, 31)
    lead = "Head of Safeguarding"
    order = factory.Sequence(lambda n: n + 1)


def rate(action: Action, rag: str, text: str = "Progress reported.", **kwargs) -> Action:
    services.progress_update_record(action=action, rag=rag, text=text, **kwargs)
    action.refresh_from_db()
    return action


__all__ = ["ActionFactory", "ActionPlanFactory", "Rag", "RecommendationFactory", "SectionFactory", "rate"]
