"""Exempt papers: left out of the public pack, marked NOT FOR PUBLICATION in the full pack."""

from django.urls import reverse

from .conftest import pages_text


def pack_texts(client, meeting):
    response = client.get(reverse("meetings:meeting-pack", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response, pages_text(b"".join(response.streaming_content))


def test_public_pack_omits_exempt_paper_but_lists_the_item(client, seed_meeting):
    response, texts = pack_texts(client, seed_meeting)
    whole = "\n".join(texts)
    assert "Confidential school plan" not in whole
    assert "NOT FOR PUBLICATION" not in whole
    assert "Newall Green High School - Action Plan" in texts[0] + texts[1]
    assert "Exempt under paragraph 3 of Schedule 12A" in whole
    assert response["Cache-Control"].startswith("public")


def test_councillor_full_pack_marks_every_exempt_page(councillor_client, seed_meeting):
    response, texts = pack_texts(councillor_client, seed_meeting)
    exempt_pages = [t for t in texts if "Confidential school plan" in t]
    assert len(exempt_pages) == 3
    assert all("NOT FOR PUBLICATION" in t for t in exempt_pages)
    assert sum("NOT FOR PUBLICATION" in t for t in texts) == 3
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_draft_meeting_pack_is_not_found_for_the_public(client, seed_meeting):
    seed_meeting.agenda_issued_on = None
    seed_meeting.save()
    assert client.get(reverse("meetings:meeting-pack", args=[seed_meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:meeting-front-sheet", args=[seed_meeting.pk])).status_code == 404


def test_single_exempt_paper_is_stamped_with_its_paragraph(councillor_client, seed_meeting):
    from tests.meetings.packs.conftest import pages_text

    paper = seed_meeting.items.get(number=5).papers.get()
    response = councillor_client.get(paper.get_absolute_url())
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    texts = pages_text(data)
    assert len(texts) == 3
    for text in texts:
        assert "NOT FOR PUBLICATION" in text
        assert "paragraph 3 of Schedule 12A to the Local Government Act 1972" in text


def test_full_pack_says_it_holds_exempt_information_and_has_its_own_name(councillor_client, public, seed_meeting):
    from tests.meetings.packs.conftest import pages_text

    response = councillor_client.get(reverse("meetings:meeting-pack", args=[seed_meeting.pk]))
    assert "agenda-pack-including-exempt.pdf" in response["Content-Disposition"]
    data = b"".join(response.streaming_content) if response.streaming else response.content
    front = pages_text(data)[0]
    assert "This pack contains exempt information" in front
    assert "Newall Green High School - Action Plan" in front
    response = public.get(reverse("meetings:meeting-pack", args=[seed_meeting.pk]))
    assert "agenda-pack.pdf" in response["Content-Disposition"]
    assert "including-exempt" not in response["Content-Disposition"]
