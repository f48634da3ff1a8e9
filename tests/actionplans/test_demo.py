import pytest

from actionplans import demo
from actionplans.models import Action, ActionPlan, ProgressUpdate, Rag, Snapshot

pytestmark = pytest.mark.django_db


def test_demo_plan_covers_every_rag_state_with_two_snapshots_and_is_idempotent():
    demo.load()
    demo.load()
    plan = ActionPlan.objects.get()
    assert plan.published and plan.sections.count() >= 3
    rags = set(Action.objects.filter(recommendation__plan=plan).values_list("rag", flat=True))
    assert {Rag.RED, Rag.AMBER, Rag.GREEN, Rag.GREY, Rag.BLUE} <= rags
    assert Snapshot.objects.filter(plan=plan).count() == 2
    assert Action.objects.filter(improvement_notice=True).exists()
    updates = ProgressUpdate.objects.count()
    demo.load()
    assert ProgressUpdate.objects.count() == updates
    june, october = Snapshot.objects.order_by("as_at")
    assert june.counts != october.counts
