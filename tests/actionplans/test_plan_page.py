"""The public plan page: counts, overdue, filters, chart with table, publication, bounded queries."""

import datetime
import re

import pytest
from django.utils import timezone

from actionplans import services
from actionplans.models import Action, Rag, Recommendation, Section

from .factories import ActionFactory, ActionPlanFactory, RecommendationFactory, SectionFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = ActionPlanFactory(title="Children's Services Improvement Plan")
    leadership = SectionFactory(plan=plan, title="Leadership", order=1)
    care = SectionFactory(plan=plan, title="Children in Care", order=2)
    a1 = RecommendationFactory(plan=plan, section=leadership, code="A1", order=1, rating=Rag.AMBER)
    b7 = RecommendationFactory(plan=plan, section=care, code="B7", category="Area for Improvement", order=2)
    past = timezone.localdate() - datetime.timedelta(days=10)
    rate(
        ActionFactory(
            recommendation=a1,
            number="A1.1",
            lead="Head of Safeguarding",
            due_date=past,
            timeline="as written",
            improvement_notice=True,
        ),
        Rag.RED,
        "Slipped.",
    )
    rate(ActionFactory(recommendation=a1, number="A1.2", lead="Head of Safeguarding", due_date=past), Rag.BLUE)
    rate(
        ActionFactory(recommendation=b7, number="B7.1", lead="Designated Nurse", due_date=None, timeline="Ongoing"),
        Rag.GREEN,
    )
    ActionFactory(recommendation=b7, number="B7.2", lead="Designated Nurse", due_date=None)
    return plan


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_counts_by_section_and_overall_with_text_labels(client, plan):
    body = text(client.get(plan.get_absolute_url()))
    assert "Actions by RAG rating in each section" in body
    # Leadership: 1 red, 0 amber, 0 green, 0 grey, 1 blue, 0 not rated, 2 in all
    leadership_row = re.search(r"<th scope=\"row\" class=\"govuk-table__header\">Leadership</th>(.*?)</tr>", body)[1]
    assert re.findall(r">(\d+)<", leadership_row) == ["1", "0", "0", "0", "1", "0", "2"]
    whole = re.search(r"Whole plan</th>(.*?)</tr>", body)[1]
    assert re.findall(r"<strong>(\d+)</strong>", whole) == ["1", "0", "1", "0", "1", "1", "4"]
    # a RAG colour always carries its label, and the Improvement Notice row is marked in words
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in body
    assert (
        '<strong class="govuk-tag ap-tag--not-rated scrutiny-tag--not-rated">Not rated</strong>' in body
        or '<strong class="govuk-tag scrutiny-tag--not-rated">Not rated</strong>' in body
    )
    assert "ap-row--notice" in body and "Improvement Notice" in body
    # recommendation: officers' rating beside the roll-up of its actions
    assert "set by officers" in body and "from its actions" in body


def test_overdue_lists_past_due_actions_not_complete(client, plan):
    body = text(client.get(plan.get_absolute_url()))
    overdue = body.split('id="overdue"')[1].split('id="reports"')[0]
    assert "A1.1" in overdue and "1 action past its due date" in overdue
    assert "A1.2" not in overdue  # Blue: complete
    assert "B7.1" not in overdue  # Ongoing: no due date


def test_filters_by_rag_lead_and_section(client, plan):
    url = plan.get_absolute_url()
    actions_part = lambda r: text(r).split('id="actions"')[1]  # noqa: E731 - a one-line helper reads better here
    red = actions_part(client.get(url, {"rag": "red"}))
    assert "A1.1" in red and "A1.2" not in red and "B7.1" not in red and "Showing 1 of 4 actions" in red
    unrated = actions_part(client.get(url, {"rag": "none"}))
    assert "B7.2" in unrated and "B7.1" not in unrated
    nurse = actions_part(client.get(url, {"lead": "Designated Nurse"}))
    assert "B7.1" in nurse and "B7.2" in nurse and "A1.1" not in nurse
    care = Section.objects.get(plan=plan, title="Children in Care")
    by_section = actions_part(client.get(url, {"section": care.pk}))
    assert "B7.1" in by_section and "A1.2" not in by_section


def test_chart_of_snapshots_is_svg_with_table_alternative(client, plan):
    services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26))
    action = Action.objects.get(number="B7.2")
    rate(action, Rag.AMBER)
    services.snapshot_create(plan=plan, as_at=datetime.date(2018, 10, 2))
    body = text(client.get(plan.get_absolute_url()))
    assert '<svg class="ap-chart"' in body and 'role="img"' in body
    assert body.count("<rect x=") >= 8  # stacked segments drawn on the server
    table = body.split("Actions by RAG rating in each report (the figures in the chart)")[1].split("</table>")[0]
    assert "26 June 2018" in table and "2 October 2018" in table
    june = re.search(r"26 June 2018</a></th>(.*?)</tr>", table)[1]
    assert re.findall(r">(\d+)<", june) == ["1", "0", "1", "0", "1", "1", "4"]
    october = re.search(r"2 October 2018</a></th>(.*?)</tr>", table)[1]
    assert re.findall(r">(\d+)<", october) == ["1", "1", "1", "0", "1", "0", "4"]


def test_unpublished_plan_is_404_for_public_and_shown_to_officers(officer_client, plan):
    from django.test import Client

    client = Client()  # anonymous (officer_client is the logged-in `client` fixture)
    plan.published = False
    plan.save()
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert plan.title not in client.get("/action-plans/").content.decode()
    officer_view = officer_client.get(plan.get_absolute_url())
    assert officer_view.status_code == 200 and "Draft: this plan is not published" in officer_view.content.decode()


def test_action_page_shows_history(client, plan):
    action = Action.objects.get(number="A1.1")
    rate(action, Rag.AMBER, "Back on track.", as_at=timezone.localdate())
    body = text(client.get(action.get_absolute_url()))
    assert "Progress history" in body and "Slipped." in body and "Back on track." in body
    assert body.index("Back on track.") < body.index("Slipped.")  # latest first


def test_plan_list(client, plan):
    body = client.get("/action-plans/").content.decode()
    assert plan.title in body.replace("&#x27;", "'")


def test_plan_page_with_500_actions_runs_bounded_queries(client, django_assert_max_num_queries):
    plan = ActionPlanFactory()
    rags = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.GREY, Rag.BLUE, Rag.NOT_RATED]
    actions = []
    for s in range(5):
        section = Section.objects.create(plan=plan, title=f"Theme {s}", order=s + 1)
        for r in range(10):
            rec = Recommendation.objects.create(
                plan=plan, section=section, code=f"{'ABCDE'[s]}{r + 1}", order=s * 10 + r + 1
            )
            for a in range(10):
                actions.append(
                    Action(
                        recommendation=rec,
                        number=f"{rec.code}.{a + 1}",
                        activity="Do it",
                        timeline="31/03/15",
                        due_date=datetime.date(2015, 3, 31),
                        lead=f"Lead {a}",
                        order=a + 1,
                        rag=rags[(s + r + a) % 6],
                        progress="Some progress",
                    )
                )
    Action.objects.bulk_create(actions)
    services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26))
    services.snapshot_create(plan=plan, as_at=datetime.date(2018, 10, 2))
    with django_assert_max_num_queries(12):
        response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    assert "E10.10" in response.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(plan.get_absolute_url(), {"rag": "red", "lead": "Lead 3"}).status_code == 200
