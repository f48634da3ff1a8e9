"""Demo data: the post-inspection action plan for Manchester's children's services (2017 ILACS
re-inspection), reported to the Ofsted Subgroup on 26 June 2018 and 2 October 2018.

Idempotent: structure is update_or_create on natural keys; the progress history and the two
snapshots are written once, when the plan has no history yet.
"""

import datetime

from django.contrib.auth import get_user_model

from meetings.models import AgendaItem, Committee

from . import services
from .models import Action, ActionPlan, Rag, Recommendation, Section, Snapshot
from .timeline import parse_due_date

PLAN_TITLE = "Post Inspection Action Plan: services for children in need of help and protection, children looked after and care leavers"

R, A, G, GR, B, N = Rag.RED, Rag.AMBER, Rag.GREEN, Rag.GREY, Rag.BLUE, Rag.NOT_RATED

# (section, [(code, category, wording, strategic lead, rating,
#             [(number, activity, outcome, timeline, lead, notice, (rag June, text June), (rag Oct, text Oct))])])
PLAN = [
    (
        "Help and protection",
        [
            (
                "R1",
                "Area for Improvement",
                "Monitor and improve the frequency and quality of management oversight and supervision in all teams. "
                "Ensure that supervision is regular, reflective and challenging, and that managers record the rationale "
                "for their decisions.",
                "Deputy Director of Children's Services",
                A,
                [
                    (
                        "R1.1",
                        "Relaunch the supervision policy with a recording template for management decisions.",
                        "Every case file shows the manager's rationale for decisions.",
                        "31/03/18",
                        "Head of Service, Quality Assurance",
                        True,
                        (A, "Policy relaunched in March; audit of 60 files found the template used in 70%."),
                        (B, "Template used in 94% of files audited in September. Complete."),
                    ),
                    (
                        "R1.2",
                        "Monthly audit of supervision frequency in every team, reported to the Senior Leadership Team.",
                        "Supervision takes place at least monthly for every social worker.",
                        "Monthly",
                        "Strategic Lead, Children's Safeguarding",
                        False,
                        (R, "Frequency at 68% in May, below the 90% target; teams with vacancies furthest behind."),
                        (A, "Frequency at 86% in September; rising for four months."),
                    ),
                    (
                        "R1.3",
                        "Reflective supervision training for all team managers.",
                        "Supervision is reflective and challenging.",
                        "start 01/04/18 end 30/09/18",
                        "Principal Social Worker",
                        False,
                        (GR, "Course commissioned; first cohort starts July."),
                        (G, "Two cohorts trained (38 managers); third cohort booked."),
                    ),
                ],
            ),
            (
                "R2",
                "Area for Improvement",
                "Ensure that the work allocated to newly qualified social workers is commensurate with their level of "
                "experience and that their caseloads are kept within national guidelines.",
                "Director of Children's Services",
                G,
                [
                    (
                        "R2.1",
                        "Cap the caseloads of newly qualified social workers at 18 children.",
                        "No newly qualified social worker holds more than 18 children.",
                        "30/04/18",
                        "Head of Workforce Development",
                        True,
                        (A, "Caps agreed; 6 workers above the cap in May."),
                        (B, "All newly qualified social workers within the cap since August."),
                    ),
                    (
                        "R2.2",
                        "Protected development time in the first year of practice.",
                        "Newly qualified social workers complete the ASYE programme.",
                        "Ongoing",
                        "Principal Social Worker",
                        False,
                        (G, "Protected time in place in all localities."),
                        (G, "Protected time in place; 41 of 44 on track to complete ASYE."),
                    ),
                ],
            ),
            (
                "R5",
                "Area for Improvement",
                "Review practice in triaging domestic abuse notifications and ensure that frontline police staff have "
                "clear guidelines on when children at risk from domestic abuse should come to the attention of the "
                "local authority.",
                "Strategic Lead, Early Help",
                R,
                [
                    (
                        "R5.1",
                        "Joint review of domestic abuse triage with Greater Manchester Police.",
                        "Notifications are triaged the same day.",
                        "29/01/18-30/06/18",
                        "Strategic Lead, Early Help",
                        False,
                        (A, "Review under way; terms of reference agreed with GMP."),
                        (R, "Review delayed by changes in the police team; new date agreed for December."),
                    ),
                    (
                        "R5.2",
                        "Guidance for frontline police staff on referring children at risk.",
                        "Referrals are appropriate and timely.",
                        "TBC",
                        "Greater Manchester Police, Public Protection",
                        False,
                        (N, ""),
                        (GR, "Not yet started: follows the joint review."),
                    ),
                ],
            ),
        ],
    ),
    (
        "Children looked after and achieving permanence",
        [
            (
                "R8",
                "Area for Improvement",
                "Ensure that plans for permanence progress without unnecessary delay.",
                "Head of Looked After Children",
                A,
                [
                    (
                        "R8.1",
                        "Permanence tracking panel to review every child looked after for more than 6 months.",
                        "Plans for permanence are agreed by the second review.",
                        "31/05/18",
                        "Head of Looked After Children",
                        False,
                        (A, "Panel meeting fortnightly since April; 120 children reviewed."),
                        (G, "Every eligible child reviewed; 87% with a permanence plan by the second review."),
                    ),
                    (
                        "R8.2",
                        "Reduce the time from placement order to adoption.",
                        "Average time below the national average.",
                        "31 March 2019",
                        "Adoption Counts regional adoption agency",
                        False,
                        (GR, "Baseline being agreed with Adoption Counts."),
                        (A, "Average 498 days (national 520); monitoring monthly."),
                    ),
                ],
            ),
            (
                "R9",
                "Area for Improvement",
                "Ensure that high-quality work to help children to understand their life experiences is given priority "
                "for all children looked after.",
                "Principal Social Worker",
                GR,
                [
                    (
                        "R9.1",
                        "Life story work training and a life story book for every child in a permanent placement.",
                        "Children understand their history.",
                        "start 01/09/18 end 31/03/19",
                        "Principal Social Worker",
                        False,
                        (GR, "Planned for the autumn."),
                        (GR, "Training booked for November."),
                    ),
                ],
            ),
        ],
    ),
    (
        "Care leavers",
        [
            (
                "R10",
                "Area for Improvement",
                "Improve the quality of pathway plans so that they reflect the individual needs of the young person, "
                "including their educational needs, and so that the required actions are measurable.",
                "Head of Leaving Care",
                B,
                [
                    (
                        "R10.1",
                        "New pathway plan template co-produced with the Care Leavers' Forum.",
                        "Plans are personal and measurable.",
                        "31/01/18",
                        "Head of Leaving Care",
                        False,
                        (B, "Template launched in January with the Forum."),
                        (B, "Template in use for all care leavers."),
                    ),
                ],
            ),
            (
                "R12",
                "Area for Improvement",
                "Expedite plans to improve swifter access to suitable accommodation for all care leavers.",
                "Strategic Director, Neighbourhoods",
                A,
                [
                    (
                        "R12.1",
                        "Ring-fence 40 social tenancies a year for care leavers.",
                        "No care leaver in unsuitable accommodation.",
                        "30/06/18",
                        "Head of Housing Services",
                        False,
                        (R, "Agreement with registered providers not yet signed."),
                        (A, "Agreement signed in August; 12 tenancies offered so far."),
                    ),
                ],
            ),
        ],
    ),
]

JUNE, OCTOBER = datetime.date(2018, 6, 14), datetime.date(2018, 9, 21)


def load(stdout=None) -> dict:
    committee = Committee.objects.filter(slug="ofsted-subgroup").first()
    plan, _ = ActionPlan.objects.update_or_create(
        title=PLAN_TITLE,
        defaults=dict(
            committee=committee,
            published=True,
            description=(
                "The council's response to Ofsted's 2017 re-inspection of services for children in need of help "
                "and protection, children looked after and care leavers. Each action is rated Red, Amber, Green, "
                "Grey (not yet started) or Blue (complete) and reported to the Ofsted Subgroup."
            ),
        ),
    )
    User = get_user_model()
    lead_user, created = User.objects.get_or_create(
        username="lead.officer", defaults={"first_name": "Principal", "last_name": "Social Worker"}
    )
    if created:
        lead_user.set_unusable_password()
        lead_user.save()

    actions: list[tuple[Action, tuple, tuple]] = []
    rec_order = 0
    for s_order, (title, recs) in enumerate(PLAN, start=1):
        section, _ = Section.objects.update_or_create(plan=plan, order=s_order, defaults={"title": title})
        for code, category, wording, strategic_lead, rating, action_rows in recs:
            rec_order += 1
            rec, _ = Recommendation.objects.update_or_create(
                plan=plan,
                order=rec_order,
                defaults=dict(
                    section=section,
                    code=code,
                    category=category,
                    wording=wording,
                    strategic_lead=strategic_lead,
                    rating=rating,
                    governance="Ofsted Subgroup; Children's Services Improvement Board",
                    measure="Monthly audit results and performance indicators",
                ),
            )
            for a_order, (number, activity, outcome, timeline, lead, notice, june, october) in enumerate(
                action_rows, 1
            ):
                action, _ = Action.objects.update_or_create(
                    recommendation=rec,
                    number=number,
                    defaults=dict(
                        activity=activity,
                        outcome=outcome,
                        timeline=timeline,
                        due_date=parse_due_date(timeline),
                        lead=lead,
                        improvement_notice=notice,
                        order=a_order,
                    ),
                )
                if lead == "Principal Social Worker":
                    action.lead_users.add(lead_user)
                actions.append((action, june, october))

    if not any(a.updates.exists() for a, _, _ in actions):
        for action, (rag, text), _ in actions:
            if rag or text:
                services.progress_update_record(action=action, rag=rag, text=text, as_at=JUNE, author_name=action.lead)
        _snapshot(plan, datetime.date(2018, 6, 26), committee)
        for action, _, (rag, text) in actions:
            services.progress_update_record(action=action, rag=rag, text=text, as_at=OCTOBER, author_name=action.lead)
        _snapshot(plan, datetime.date(2018, 10, 2), committee)
    if stdout:
        stdout.write(
            f"Action plans: '{plan.title[:40]}…' with {len(actions)} actions and {plan.snapshots.count()} snapshots."
        )
    return {"plan": plan, "lead_user": lead_user}


def _snapshot(plan: ActionPlan, day: datetime.date, committee) -> Snapshot:
    item = None
    if committee is not None:
        item = (
            AgendaItem.objects.filter(
                meeting__committee=committee, meeting__start__date=day, title__icontains="action plan", exempt=False
            )
            .order_by("number")
            .first()
        )
    return services.snapshot_create(plan=plan, as_at=day, agenda_item=item, title=f"Report as at {day:%-d %B %Y}")
