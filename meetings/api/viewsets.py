"""The open data API's viewsets and the Body object; each queryset goes through visible_to(user)."""

from django.conf import settings
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.api.base import (
    OPARL,
    OParlViewSet,
    oparl_schema,
)
from meetings.api.serializers import (
    AgendaItemSerializer,
    DecisionSerializer,
    FileSerializer,
    MeetingSerializer,
    MembershipSerializer,
    MinuteSerializer,
    OrganizationSerializer,
    PaperSerializer,
    PersonSerializer,
)
from meetings.committees.models import Committee, Membership, Person
from meetings.minutes.models import Decision, Minute


def visible_papers(user) -> Prefetch:
    return Prefetch(
        "papers",
        queryset=Paper.objects.visible_to(user).select_related("item__meeting").order_by("order", "id"),
        to_attr="visible_papers",
    )


@oparl_schema(
    tag="organization",
    description="Committees and sub-committees (OParl organization).",
    filters={"parent": "parent_id"},
)
class OrganizationViewSet(OParlViewSet):
    serializer_class = OrganizationSerializer
    filters = {"parent": "parent_id"}

    def get_queryset(self):
        return Committee.objects.order_by("name")  # public record: no visibility rule applies


@oparl_schema(tag="person", description="Councillors, co-opted members and officers (OParl person).")
class PersonViewSet(OParlViewSet):
    serializer_class = PersonSerializer

    def get_queryset(self):
        return Person.objects.order_by("last_name", "first_name", "id")


@oparl_schema(
    tag="membership",
    description="Who sits on which committee, in what role, when (OParl membership).",
    filters={"organization": "committee_id", "person": "person_id"},
)
class MembershipViewSet(OParlViewSet):
    serializer_class = MembershipSerializer
    filters = {"organization": "committee_id", "person": "person_id"}

    def get_queryset(self):
        return Membership.objects.order_by("committee_id", "start", "id")


@oparl_schema(
    tag="meeting",
    description=(
        "Meetings with their agenda items and the papers the caller may see (OParl meeting). Anonymous "
        "callers get only meetings whose agenda has been issued."
    ),
    filters={"organization": "committee_id"},
)
class MeetingViewSet(OParlViewSet):
    serializer_class = MeetingSerializer
    filters = {"organization": "committee_id"}

    def get_queryset(self):
        user = self.request.user
        return (
            Meeting.objects.visible_to(user)
            .select_related("committee")
            .prefetch_related(
                "committee__former_names",  # each meeting named as on its day
                Prefetch(
                    "items",
                    queryset=AgendaItem.objects.visible_to(user)
                    .order_by("number")
                    .prefetch_related(visible_papers(user)),
                ),
            )
            .order_by("-start", "id")
        )


@oparl_schema(
    tag="agendaItem",
    description="Agenda items of the meetings the caller may see (OParl agendaItem). "
    "An exempt item's title and paragraph are public; its papers are not.",
    filters={"meeting": "meeting_id"},
)
class AgendaItemViewSet(OParlViewSet):
    serializer_class = AgendaItemSerializer
    filters = {"meeting": "meeting_id"}

    def get_queryset(self):
        user = self.request.user
        return (
            AgendaItem.objects.visible_to(user)
            .select_related("meeting")
            .prefetch_related(visible_papers(user))
            .order_by("-meeting__start", "number", "id")
        )


@oparl_schema(
    tag="paper",
    description="Papers the caller may see (OParl paper); exempt papers only for those allowed to see them.",
    filters={"meeting": "item__meeting_id", "agendaItem": "item_id"},
)
class PaperViewSet(OParlViewSet):
    serializer_class = PaperSerializer
    modified_field = "uploaded_at"
    filters = {"meeting": "item__meeting_id", "agendaItem": "item_id"}

    def get_queryset(self):
        return Paper.objects.visible_to(self.request.user).select_related("item__meeting").order_by("-id")


@oparl_schema(tag="file", description="The PDF files of the papers the caller may see (OParl file).")
class FileViewSet(OParlViewSet):
    serializer_class = FileSerializer
    modified_field = "uploaded_at"

    def get_queryset(self):
        return Paper.objects.visible_to(self.request.user).exclude(file="").select_related("item").order_by("-id")


@oparl_schema(
    tag="minute",
    description=(
        "Minutes of meetings (OParl has none: its agendaItem.resolutionText). Published minutes only for the public; "
        "an exempt minute's text is null for those not allowed to see it."
    ),
    filters={"meeting": "meeting_id", "organization": "meeting__committee_id"},
)
class MinuteViewSet(OParlViewSet):
    serializer_class = MinuteSerializer
    filters = {"meeting": "meeting_id", "organization": "meeting__committee_id"}

    def get_queryset(self):
        user = self.request.user
        return (
            Minute.objects.visible_to(user)
            .select_related("meeting__minutes", "item")
            .prefetch_related(
                Prefetch(
                    "decisions",
                    queryset=Decision.objects.visible_to(user).select_related("minute").order_by("number"),
                    to_attr="visible_decisions",
                )
            )
            .order_by("-meeting__start", "order", "number")
        )


@oparl_schema(
    tag="decision",
    description="Decisions and recommendations with their tracker (Scrutiny type); "
    "exempt ones only for those allowed to see them.",
    filters={"meeting": "minute__meeting_id", "organization": "minute__meeting__committee_id"},
)
class DecisionViewSet(OParlViewSet):
    serializer_class = DecisionSerializer
    filters = {"meeting": "minute__meeting_id", "organization": "minute__meeting__committee_id"}

    def get_queryset(self):
        return (
            Decision.objects.visible_to(self.request.user)
            .select_related("minute")
            .order_by("-minute__meeting__start", "minute__number", "number")
        )


class BodyView(APIView):
    """The council (OParl body): the entry point to the lists."""

    @extend_schema(tags=["body"], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        def link(name):
            return reverse(f"api:{name}-list", request=request)

        return Response(
            {
                "id": reverse("api:body", request=request),
                "type": OPARL + "Body",
                "name": settings.COUNCIL_NAME,
                "address": settings.COUNCIL_ADDRESS,
                "contactEmail": settings.DEFAULT_FROM_EMAIL,
                "website": request.build_absolute_uri("/"),
                "organization": link("organization"),
                "person": link("person"),
                "membership": link("membership"),
                "meeting": link("meeting"),
                "agendaItem": link("agendaitem"),
                "paper": link("paper"),
                "file": link("file"),
                "minute": link("minute"),
                "decision": link("decision"),
            }
        )


ROUTES = [
    ("organizations", OrganizationViewSet, "organization"),
    ("persons", PersonViewSet, "person"),
    ("memberships", MembershipViewSet, "membership"),
    ("meetings", MeetingViewSet, "meeting"),
    ("agenda-items", AgendaItemViewSet, "agendaitem"),
    ("papers", PaperViewSet, "paper"),
    ("files", FileViewSet, "file"),
    ("minutes", MinuteViewSet, "minute"),
    ("decisions", DecisionViewSet, "decision"),
]
