"""A plan answers an inspection; a recommendation answers one of its recommendations."""

import datetime

import pytest
from django.test import Client

from inspections.models import InspectionRecommendation
from tests.inspections.factories import ProviderFactory, record

from .factories import ActionFactory, ActionPlanFactory, RecommendationFactory, SectionFactory

pytestmark = pytest.mark.django_db


def make(published_on):
    inspection = record(
        ProviderFactory(name="Newall Green High School"), start=datetime.date(2018, 3, 1), published=published_on
    )
    inspection_rec = InspectionRecommendation.objects.create(
        inspection=inspection, number=1, text="Improve the quality of teaching in mathematics."
    )
    plan = ActionPlanFactory(inspection=inspection)
    rec = RecommendationFactory(plan=plan, section=SectionFactory(plan=plan), inspection_recommendation=inspection_rec)
    action = ActionFactory(recommendation=rec)
    return plan, action, inspection


def test_plan_and_action_pages_link_to_the_published_inspection():
    plan, action, inspection = make(datetime.date(2018, 4, 1))
    body = Client().get(plan.get_absolute_url()).content.decode()
    assert "Answers the inspection" in body and inspection.get_absolute_url() in body
    assert "Improve the quality of teaching in mathematics." in body
    action_body = Client().get(action.get_absolute_url()).content.decode()
    assert "In the inspection report" in action_body


def test_unpublished_inspection_is_not_linked_for_the_public(officer_client):
    plan, action, inspection = make(datetime.date(2099, 1, 1))
    body = Client().get(plan.get_absolute_url()).content.decode()
    assert "Answers the inspection" not in body and "teaching in mathematics" not in body
    assert "Answers the inspection" in officer_client.get(plan.get_absolute_url()).content.decode()


def test_admin_shows_the_links(officer_client):
    plan, action, inspection = make(datetime.date(2018, 4, 1))
    assert "Newall Green High School" in officer_client.get("/admin/actionplans/actionplan/").content.decode()
    rec_page = officer_client.get(f"/admin/actionplans/recommendation/{action.recommendation_id}/change/")
    assert "id_inspection_recommendation" in rec_page.content.decode()
