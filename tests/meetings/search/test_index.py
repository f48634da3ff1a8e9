"""The index follows the data: saves, exemptions, deletions and authored reports."""

import pytest

from meetings.models import SearchEntry
from tests.meetings.builders import authored, paper_with_text
from tests.meetings.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


def titles(browser, q):
    return [e.title for e in browser.get("/search/", {"q": q}).context["results"]]


def test_marking_an_item_exempt_withdraws_its_papers_from_public_search(public):
    paper = paper_with_text("Dunmoreton budget figures", title="Budget appendix")
    assert titles(public, "dunmoreton") == ["Budget appendix"]

    item = paper.item
    item.exempt, item.exempt_paragraph = True, 3
    item.save()

    assert titles(public, "dunmoreton") == []


def test_deleting_a_paper_removes_it_from_search(public):
    paper = paper_with_text("Wexcombe figures", title="Figures")
    paper.delete()
    assert titles(public, "wexcombe") == []
    assert not SearchEntry.objects.filter(kind="paper").exists()


def test_an_unreadable_pdf_does_not_stop_the_paper_being_saved(public):
    from django.core.files.base import ContentFile

    from meetings.models import Paper

    paper = Paper(item=AgendaItemFactory(), title="Broken scan", file=ContentFile(b"%PDF-1.4 garbage", name="x.pdf"))
    paper.save()
    assert titles(public, "broken scan") == ["Broken scan"]


def test_rebuild_reuses_text_already_extracted(monkeypatch):
    from django.core.management import call_command

    from meetings.search import indexers as search_index

    paper_with_text("Ambleford results", title="Results")

    def fail(_file):
        raise AssertionError("the PDF should not be read again")

    monkeypatch.setattr(search_index, "extract_pdf_text", fail)
    call_command("rebuild_search_index", "--kind", "paper", stdout=open("/dev/null", "w"))
    assert "Ambleford" in SearchEntry.objects.get(kind="paper").body


def test_rebuild_names_an_unknown_kind():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Unknown kind widgets"):
        call_command("rebuild_search_index", "--kind", "widgets")


def test_an_authored_officer_report_is_searchable_and_follows_edits(public, councillor):
    from meetings.models import ReportSection

    paper = authored(AgendaItemFactory(), subject="Improvement progress", text="Thistlecombe")
    assert titles(public, "thistlecombe") == ["Improvement progress"]

    section = ReportSection.objects.filter(report=paper.report).first()
    section.body = "Now about Wrenborough instead."
    section.save()
    assert titles(public, "wrenborough") == ["Improvement progress"]

    exempt = authored(AgendaItemFactory(), subject="Private report", text="Yelverstone", exempt=True)
    assert titles(public, "yelverstone") == []
    assert titles(councillor, "yelverstone") == [exempt.title]


def test_officers_can_reindex_entries_from_the_admin(admin_client):

    item = AgendaItemFactory(title="Original title")
    SearchEntry.objects.filter(kind="agenda_item").update(title="Stale title")
    entry = SearchEntry.objects.get(kind="agenda_item")
    response = admin_client.post(
        "/admin/meetings/searchentry/", {"action": "reindex", "_selected_action": [entry.pk]}, follow=True
    )
    assert "Reindexed 1 entries." in response.content.decode()
    assert SearchEntry.objects.get(kind="agenda_item").title == item.title
