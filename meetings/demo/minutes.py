"""Demo minutes, attendance, decisions, work programme and terms of reference from the seeds.

- the minutes of 26 June 2018 (agenda-pack-2018-10-02.txt, pages 3–6);
- the minutes of 20 January 2015 (minutes-2015-01-20.txt);
- the October 2018 work programme and the 2018/19 terms of reference (the same pack).

The 2015 minutes belong to the same subgroup, then called "Young People and Children Scrutiny
Committee – Ofsted Subgroup": its former name (meetings/demo/agendas.py) gives the short code in
force on 20 January 2015, so they keep their references YPC/OSG/15/NN and print under that name,
while the 2018 ones are CYP/OSG/18/NN.

Minute numbers are the published ones (CYP/OSG/18/15 …), written directly rather than through
``minute_create`` (which numbers after the committee's last minute: the earlier 2018 minutes,
1–14, are not in the seeds). Idempotent: records are found by their natural keys.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from meetings.agendas.models import AgendaItem, Meeting
from meetings.committees.models import Committee, Membership, Person
from meetings.minutes.models import (
    PROCEDURAL_KINDS,
    Attendance,
    Decision,
    DecisionUpdate,
    MeetingMinutes,
    Minute,
    ReportDeadline,
    TermsOfReference,
    WorkProgrammeItem,
)
from meetings.minutes.selectors import name_as_minuted
from meetings.minutes.services import minute_reference

LONDON = ZoneInfo("Europe/London")
D = Decision.Kind

JUNE_2018_MINUTES = [
    # (agenda item number, title, narrative paragraphs, [(kind, text)])
    (
        1,
        "Minutes",
        [],
        [(D.PROCEDURAL, "To approve as a correct record the minutes of the meeting held on 20 March 2018.")],
    ),
    (
        2,
        "Exclusion of the Public",
        [
            "A recommendation was made that the public be excluded during consideration of the next item of "
            "business because it contained exempt information as provided for in the Local Government Access "
            "to Information Act and the public interest in maintaining the exemption outweighed the public "
            "interest in disclosing the information.",
        ],
        [(D.PROCEDURAL, "To exclude the public during consideration of the following item of business.")],
    ),
    (
        3,
        "Action Plan for St Matthew’s High School (Public Excluded)",
        [
            "The Subgroup considered the Ofsted Improvement Action Plan in relation to St Matthew’s High School "
            "which had been judged ‘inadequate’ at its last Ofsted inspection.",
            "Officers referred to the main points and themes within the Action Plan.",
            "Members questioned officers on the steps being taken, both in the short-term to assist pupils who "
            "would be taking GCSEs within the next year, and to secure longer-term improvements to the school. "
            "Members noted the importance of effective communications with parents during this period and also "
            "requested better communications with Ward Councillors.",
        ],
        [
            (
                D.RECOMMENDATION,
                "To recommend that education officers meet with Ward Councillors from the wards "
                "that the school primarily serves to discuss education issues in this part of the city.",
            )
        ],
    ),
    (
        4,
        "Ofsted Inspections of Manchester Schools",
        [
            "Following the re-admittance of the public to the room, the Senior Schools Quality Assurance Officer "
            "provided Members with an overview of the Ofsted inspections of Manchester schools which had taken "
            "place during the 2017 – 2018 academic year and offered to circulate a note containing this "
            "information to Members.",
            "The Subgroup considered an inspection report for Newall Green High School which had been judged "
            "'inadequate'. The Senior Schools Quality Assurance Officer informed Members that the school had "
            "become a sponsored academy and had then become part of a bigger trust, the Prospere Trust. He "
            "advised that, as it was an academy, it was within the remit of the Regional Schools Commissioner "
            "and he outlined the limitations on the actions that the Council could take due to the school's status.",
            "The Head of School Quality Assurance and Strategic Special Educational Needs and Disability (SEND) "
            "informed Members that the Prospere Trust had taken on responsibility for the school in September "
            "2017 and had taken robust action, including replacing the head teacher. She outlined what steps the "
            "Council had taken to address the concerns raised by Ofsted but advised that they were working within "
            "a tight framework of what they were allowed to do.",
            "The Executive Member for Schools, Culture and Leisure suggested that the Children and Young People "
            "Scrutiny Committee invite the Regional Schools Commissioner and Damian Hinds, the Minister for "
            "Education, to a future meeting, to which Members agreed.",
            "Members expressed concern at the issues raised within the report, highlighting that school leaders "
            "and governors did not appear to have a clear understanding of what was going on. A Member asked "
            "whether the Subgroup could look at the school's Action Plan at its next meeting, to which the Head "
            "of School Quality Assurance and Strategic SEND responded that she would ask the school.",
            "The Subgroup then considered an inspection report for North Ridge High School which had maintained "
            "its judgement of 'outstanding'. The Head of School Quality Assurance and Strategic SEND informed "
            "Members how North Ridge was providing support to another local school. A Member reported that the "
            "Subgroup had visited North Ridge and had been extremely impressed with the school. He commented that "
            "it was one of the best reports he had ever seen and welcomed that they were helping another school. "
            "He suggested that the Subgroup write to the school to congratulate them on their Ofsted report, to "
            "which the Chair agreed.",
            "The Subgroup considered an inspection report for Armitage C of E Primary School which had maintained "
            "its judgement of 'good'. The Senior Schools Quality Assurance Officer informed Members that the "
            "Ofsted inspector had considered that the school could be 'outstanding' so, under the new Ofsted "
            "framework, had recommended that the school receive a section 5 inspection to assess whether it met "
            "the criteria for 'outstanding'. The Chair commented that it was a positive report and welcomed that "
            "the school was working in partnership with other schools. A Member recommended that the Subgroup "
            "visit the school in the new academic year, to which the Chair agreed.",
            "The Subgroup considered an inspection report for Dean Trust Ardwick which had been judged as 'good'. "
            "A Member reported that he had visited the school and had been impressed; however, he advised, that, "
            "as this was a new school which currently only had pupils up to Year 9, there were no GCSE results "
            "from the school as yet. A Member, who was also a Ward Councillor for Ardwick, reported concerns about "
            "the behaviour of some pupils outside of the school. The Senior Schools Quality Assurance Officer "
            "informed Members that he would raise this with the Principal.",
        ],
        [
            (
                D.REQUEST,
                "To request that the Regional Schools Commissioner and Damian Hinds, the Minister for "
                "Education, be invited to a future meeting of the Children and Young People Scrutiny Committee.",
            ),
            (
                D.REQUEST,
                "To request that, with the school's agreement, the Subgroup consider the Action Plan for "
                "Newall Green High School at its next meeting.",
            ),
            (D.DECISION, "To write to North Ridge High School to congratulate them on their Ofsted report."),
            (D.DECISION, "To arrange a visit to Armitage C of E Primary School for Members of the Ofsted Subgroup."),
        ],
    ),
    (
        5,
        "Daycare Providers",
        [
            "The Early Years Senior Quality Assurance Officer informed Members that 95% of Early Years settings in "
            "Manchester were judged as 'good' or 'outstanding'.",
            "The Subgroup considered inspection reports for Lightbowne Neighbourhood Nursery and Rainbows Day "
            "Nursery, which had both improved from 'requires improvement' to 'good' and Superkids Levenshulme, "
            "which had improved from 'good' to 'outstanding'. The Early Years Senior Quality Assurance Officer "
            "outlined how the Council had worked with the settings to improve their provision.",
            "The Chair welcomed the improvements within the Early Years sector, the positive reports for these "
            "three settings and that good practice was being shared across settings. The Executive Member for "
            "Children's Services commented that these were excellent reports which reflected the standard of the "
            "majority of Early Years settings in Manchester. A Member requested that the Subgroup write to all "
            "three settings to congratulate them and that a visit be arranged to one of the settings.",
            "The Subgroup discussed actions being taken to improve school readiness and noted that a report on "
            "this would be considered by the Children and Young People Scrutiny Committee at its meeting on "
            "17 July 2018.",
        ],
        [
            (
                D.DECISION,
                "To write to Lightbowne Neighbourhood Nursery, Rainbows Day Nursery and Superkids "
                "Levenshulme to congratulate them on their Ofsted reports.",
            ),
            (D.DECISION, "To arrange a visit to one of these settings for Members of the Ofsted Subgroup."),
        ],
    ),
    (
        6,
        "Terms of Reference and Work Programme",
        [
            "The Subgroup reviewed the terms of reference for the Subgroup and the work programme.",
            "In response to a question from the Chair, the Head of School Quality Assurance and Strategic SEND "
            "informed Members that supplementary schools were not inspected by Ofsted. The Chair requested that "
            "the Children and Young People Scrutiny Committee receive information on supplementary schools in a "
            "future report.",
        ],
        [
            (D.DECISION, "To agree the terms of reference and work programme."),
            (
                D.REQUEST,
                "To request that the Children and Young People Scrutiny Committee receive information on "
                "supplementary schools in a future report.",
            ),
        ],
    ),
]

JUNE_2018_ATTENDANCE = [
    # (person key, status, in the chair, capacity)
    ("lovecy", Attendance.Status.PRESENT, True, ""),
    ("hewitson", Attendance.Status.PRESENT, False, ""),
    ("t-judge", Attendance.Status.PRESENT, False, ""),  # partial: 18/15 – 18/18, given below
    ("stone", Attendance.Status.PRESENT, False, ""),
    ("bridges", Attendance.Status.IN_ATTENDANCE, False, "Executive Member for Children’s Services"),
    ("rahman", Attendance.Status.IN_ATTENDANCE, False, "Executive Member for Schools, Culture and Leisure"),
    ("curley", Attendance.Status.IN_ATTENDANCE, False, "Ward Councillor for Charlestown"),
    ("y-dar", Attendance.Status.IN_ATTENDANCE, False, "Ward Councillor for Moston"),
    ("karney", Attendance.Status.IN_ATTENDANCE, False, "Ward Councillor for Harpurhey"),
    ("lammas", Attendance.Status.APOLOGIES, False, "Primary sector teacher representative"),
    ("neall", Attendance.Status.APOLOGIES, False, "Parent Governor Representative"),
]

JANUARY_2015_PEOPLE = [
    ("cox", "Councillor", "", "Cox", "councillor"),
    ("midgley", "Councillor", "", "Midgley", "councillor"),
    ("reid", "Councillor", "", "Reid", "councillor"),
    ("e-holt", "Mrs", "E", "Holt", "co_opted"),
    ("m-gadian", "Mrs", "M", "Gadian", "co_opted"),
    ("s-newman", "Councillor", "S", "Newman", "councillor"),
]

JANUARY_2015_ATTENDANCE = [
    ("stone", Attendance.Status.PRESENT, True, ""),
    ("cox", Attendance.Status.PRESENT, False, ""),
    ("midgley", Attendance.Status.PRESENT, False, ""),
    ("reid", Attendance.Status.PRESENT, False, ""),
    ("e-holt", Attendance.Status.PRESENT, False, "Co-opted Member, Parent Governor Representative"),
    ("kellner", Attendance.Status.PRESENT, False, "Co-opted Member, Representative of the Diocese of Manchester"),
    ("s-newman", Attendance.Status.IN_ATTENDANCE, False, "Executive Member for Children's Services"),
    ("m-gadian", Attendance.Status.APOLOGIES, False, "Co-opted Member, Teacher Representative"),
]
# Names as the 2015 minutes print them where today's record differs: the minutes spell her
# "Kelner"; she is the Mrs B Kellner of the 2018 membership, and her record says so. Each line
# keeps its name as minuted, so the 2015 minutes read as published.
JANUARY_2015_NAMES = {"kellner": "Mrs B Kelner"}

JANUARY_2015_MINUTES = [
    (
        1,
        "Minutes",
        [],
        [
            (
                D.PROCEDURAL,
                "To agree the minutes of the Ofsted Subgroup meeting held on 11 November 2014 as a correct record.",
            ),
        ],
    ),
    (
        2,
        "Ofsted Inspection into Help, Protection and Care of Children Action Plan",
        [
            "The Committee considered the updated action plan that is designed to monitor the actions identified "
            "in response to the issues raised in the recent Ofsted inspection of the Council's safeguarding arrangements.",
            "The Head of Care addressed the Subgroup and provided an oral update. She informed the Subgroup that the "
            "Improvement Board had met for the third time and an Operational Board, consisting of practitioners, "
            "officers and partners had been established. She stated that the purpose of this new Board was to shadow "
            "the Improvement Board, offer feedback and constructive challenge to the Action Plan. The Subgroup "
            "recommended that the Chair of the Improvement Board is invited to a future meeting of the group.",
            "The Head of Care clarified that the reason why some actions remain red on the Plan despite stating that "
            "these actions had been completed was because that they are not fully embedded yet.",
            "The Head of Care advised that the draft Improvement Notice had been received from the DfE. She said that "
            "this draft notice broadly reflected the Ofsted inspection comments and that the Action Plan is to be "
            "reviewed and workshops are scheduled to ensure that the Plan meets all of the requirements of the "
            "Improvement Notice. The Subgroup requested that when the finalised Improvement Notice is received that "
            "this be circulated to all members of the Subgroup for information.",
            "The Head of Care stated that progress continues to be made with regard to staff motivation. She informed "
            "the group that issues relating to hot desking had been resolved at the Harpurhey office, with the ratio "
            "of staff to desks greatly improved. In response to a question, she advised that all of the desks have "
            "the correct technology available at them to allow staff to work. She further advised that all Social "
            "Workers had been issued with Blackberry device that allows access to email but not the MICARE system.",
            "The Head of Care advised that work continues to address the high case load of Social Workers. She stated "
            "that referrals remain high across the city and the recruitment process continues to meet this demand. "
            "She advised that workloads will continue to be monitored and managed as part of performance management. "
            "The Executive Member for Children's Services stated that once caseloads are at a manageable level more "
            "effective monitoring of case management can be implemented to ensure there is constant good practice.",
            "The Interim Head of Improvement Transformation and Change provided an update on the work undertaken to "
            "improve Social Work standards. She advised that HCL Work Force Solutions had been appointed, based on "
            "specific criteria, quality and price to provide expert support for Team Managers and Social Workers.",
            "She advised that all Social Workers are MICARE trained and that a process of reviewing the 1200 Child in "
            "Need cases, with the assistance of HCL staff had begun. The review will identify those cases that can be "
            "either 'stepped up' or 'stepped down', close or remain. In answer to a question, she reassured the group "
            "that she holds overall responsibility for this process to ensure it is completed correctly and "
            "consistently. This audit of cases will deliver a better understanding of the correct caseload.",
            "The Subgroup requested that case studies describing a Childs Journey be submitted for consideration at "
            "the next meeting.",
            "The Group then discussed Performance. The Head of Care advised the following;",
            [
                "Looked After Children (LAC) figures are reducing month on month, and the number of children being "
                "discharged from care as they reach the age of 18 can help explain this.",
                "The Interim Head of Improvement Transformation and Change advised that work would continue with "
                "partners to address the number of Police Protection Orders and to develop a more appropriate "
                "partnership response to children at risk, utilising appropriate family members and resources MCC have "
                "to hand rather than bringing children into care.",
                "A review of the Out of Hours Service is to be undertaken. A recommendation was agreed by the Subgroup "
                "to visit the Emergency Duty Service.",
                "Early Years Help provision is to be reviewed to ensure it is robust, co-ordinated and consistent in all schools.",
                "Work continues regarding Fostering.",
                "Performance Clinics are due to commence at the end of February and these will feed into the "
                "Operational Board and Improvement Board.",
                "Missing From Home cases – Work continues with GMP with regard to these cases with a dedicated Social "
                "Worker within the Police team.",
                "Personal Education Plans (PEPs) – These will be reviewed to avoid duplication and ensure consistency. "
                "Members agreed to a recommendation to invite Jane Johnson to a future meeting of the Subgroup to discuss "
                "further the work being undertaken with regard to PEPs.",
            ],
            "The Head of Care further commented that the Partnership Board is fully committed to partnership working "
            "to deliver the best outcomes for the children and families of Manchester. A member commented that to "
            "deliver this there needed to be a commitment to real culture change across all partners to ensure they "
            "are delivering and taking ownership of issues.",
        ],
        [
            (D.RECOMMENDATION, "To invite the Chair of the Improvement Board to next meeting of the Subgroup."),
            (D.RECOMMENDATION, "To invite Jane Johnson, Virtual Head Teacher to the next meeting of the Subgroup."),
            (
                D.REQUEST,
                "To request that a copy of the Ofsted Improvement Notice is circulated to members of the Subgroup.",
            ),
            (
                D.REQUEST,
                "Request that case studies describing a Childs Journey be submitted for consideration at the next meeting",
            ),
            (
                D.RECOMMENDATION,
                "That members of the Subgroup visit the Multi Agency Safeguarding Hub and Emergency Duty Service.",
            ),
        ],
    ),
    (
        3,
        "Work Programme",
        ["The Subgroup considered the Work Programme."],
        [
            (D.DECISION, "The Subgroup will meet monthly."),
            (D.DECISION, "The next meetings of the Subgroup will be 24 February 2015 and 17 March 2015."),
            (
                D.DECISION,
                "The information relating to urgent Ofsted School reports, Early Years and received "
                "inspections will be included for consideration at the meetings.",
            ),
        ],
    ),
]

# Work programme – October 2018: (meeting date, report deadline, [(title, purpose, lead officer,
# executive member, comments, agenda item number on that meeting's agenda)])
WORK_PROGRAMME_2018 = [
    (
        datetime.date(2018, 10, 2),
        datetime.date(2018, 9, 21),
        [
            (
                "Re-inspection of services for children in need of help and protection, children looked after and "
                "care leavers – Post Inspection Action Plan",
                "To receive an update.",
                "Paul Marshall/Sean McKendrick",
                "Councillor Bridges",
                "See 20 March 2018 minutes",
                2,
            ),
            (
                "Newall Green High School – Ofsted Inspection Action Plan",
                "To receive the action plan for Newall Green High School.",
                "Simon Taylor",
                "Councillor Rahman",
                "To be confirmed\nSee 26 June 2018",
                5,
            ),
            (
                "The Grange School – Ofsted Inspection Action Plan",
                "To receive an update.",
                "Simon Taylor",
                "Councillor Rahman",
                "See 20 March 2018 minutes",
                6,
            ),
            (
                "Terms of Reference and Work Programme",
                "To review the Terms of Reference and work programme.",
                "Rachel McKeon",
                "-",
                "",
                3,
            ),
        ],
    ),
    (
        datetime.date(2019, 1, 29),
        datetime.date(2019, 1, 18),
        [
            (
                "Ofsted Inspections of Manchester Schools",
                "To receive a list of all Manchester schools which have been inspected since the last meeting and the "
                "judgements awarded. To consider inspection reports for a selection of the schools.",
                "Simon Taylor\nRachel McKeon",
                "Councillor Rahman",
                "",
                2,
            ),
            (
                "Daycare Providers",
                "To receive a summary of Ofsted inspection information for daycare providers. To consider inspection "
                "reports and performance information for a selection of daycare providers.",
                "Simon Taylor\nRachel McKeon",
                "Councillor Bridges",
                "",
                3,
            ),
            (
                "Terms of Reference and Work Programme",
                "To review the Terms of Reference and work programme.",
                "Rachel McKeon",
                "-",
                "",
                4,
            ),
        ],
    ),
]

# The prose of the 2018/19 terms; their membership, contact officer and schedule of meetings come
# from the records (the 2018/19 memberships, the subgroup's contact officer, its meetings).
TERMS_2018 = dict(
    title="Ofsted Subgroup",
    lead_executive_members=(
        "Councillor Bridges - Executive Member for Children's Services\n"
        "Councillor Rahman – Executive Member for Schools, Culture and Leisure"
    ),
    strategic_directors=(
        "Paul Marshall - Strategic Director of Children's Services\nAmanda Corcoran – Director of Education"
    ),
    lead_officers=(
        "Simon Taylor - Senior Schools Quality Assurance Officer\n"
        "Sean McKendrick - Deputy Director of Children's Services"
    ),
    rationale_intro="This Subgroup has been established to:",
    rationale_points="\n".join(
        [
            "consider inspection reports and performance information for Manchester Schools;",
            "consider inspection reports and performance information for Manchester Children's Centres",
            "consider inspection reports and performance information for Daycare providers in Manchester",
            "consider inspection reports and performance information for Manchester City Council-owned children's homes",
            "consider Ofsted inspections and guidance into how local authorities secure school improvement",
            "liaise with Council Officers, School Staff and Early Years staff to identify barriers to performance",
            "consider inspection reports and performance information for services for children in need of help "
            "and protection, looked after children and care leavers",
            "make any necessary recommendations to the Children and Young People Scrutiny Committee",
        ]
    ),
    operation=(
        "This Subgroup will meet periodically and report its findings to the Children and Young People "
        "Scrutiny Committee by submitting minutes to the Committee."
    ),
    access_to_information=(
        "Meetings of this Subgroup will be open to members of the press and public except where information "
        "which is confidential or exempt from publication is being considered.\n\n"
        "Papers for the Subgroup will be made available to members of the press and public on the Council's "
        "website and in the Rates Hall of the Town Hall Extension except where information which is "
        "confidential or exempt from publication is being considered."
    ),
)


def _narrative_html(paragraphs) -> str:
    """Seed text to the editor's HTML (escaped: the seeds are plain text)."""
    from django.utils.html import escape

    parts = []
    for p in paragraphs:
        if isinstance(p, list):
            parts.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in p) + "</ul>")
        else:
            parts.append(f"<p>{escape(p)}</p>")
    return "".join(parts)


# Minutes public or exempt in their own right. The published minutes of 26 June 2018 print
# CYP/OSG/18/17 (Action Plan for St Matthew's High School), an item taken in private, with its
# narrative and decision: the minute is the item's public summary (nothing held back in an annex).
MINUTE_PUBLICITY = {"CYP/OSG/18/17": Minute.Publicity.PUBLIC}


def _write_minutes(meeting: Meeting, committee: Committee, period: int, first: int, specs, items_by_number):
    minutes = {}
    for offset, (item_number, title, paragraphs, decisions) in enumerate(specs):
        number = first + offset
        item = items_by_number.get(item_number)
        on = timezone.localtime(meeting.start).date()
        reference = minute_reference(committee=committee, on=on, period=period, number=number)
        minute, _ = Minute.objects.update_or_create(
            committee=committee,
            period=period,
            number=number,
            defaults=dict(
                meeting=meeting,
                item=item,
                order=offset + 1,
                title=title,
                reference=reference,
                # Public or exempt as its agenda item, unless the seed publishes it (MINUTE_PUBLICITY).
                publicity=MINUTE_PUBLICITY.get(reference, Minute.Publicity.AS_ITEM),
                exempt_annex="",
                narrative=_narrative_html(paragraphs),
            ),
        )
        for n, (kind, text) in enumerate(decisions, start=1):
            # The kind is set explicitly: procedural decisions carry no tracker status.
            status = "" if kind in PROCEDURAL_KINDS else Decision.Status.NOT_STARTED
            Decision.objects.update_or_create(
                minute=minute, number=n, defaults=dict(kind=kind, text=text, status=status)
            )
        minute.decisions.filter(number__gt=len(decisions)).delete()
        minutes[number] = minute
    return minutes


def _write_attendance(meeting: Meeting, people: dict, rows, *, names=None, partial=None) -> dict:
    """The lines as minuted: `names` gives a name where the minutes differ from today's record,
    `partial` a (first, last) minute for someone present for part of the meeting. Written whole,
    so that a second load finds each line unchanged (approved minutes refuse any change)."""
    names, partial = names or {}, partial or {}
    records = {}
    for order, (key, status, chair, capacity) in enumerate(rows, start=1):
        first, last = partial.get(key, (None, None))
        records[key], _ = Attendance.objects.update_or_create(
            meeting=meeting,
            person=people[key],
            defaults=dict(
                name_as_minuted=names.get(key) or name_as_minuted(people[key]),
                status=status,
                in_the_chair=chair,
                capacity=capacity,
                order=order,
                substitute_for=None,
                substitute_for_name="",
                from_minute=first,
                to_minute=last,
            ),
        )
    return records


# Earlier versions of the demo kept the subgroup's 2014/15 self as two committees of their own.
PREDECESSOR_SLUGS = ("young-people-and-children-ofsted-subgroup", "young-people-and-children-scrutiny-committee")


def _fold_in_predecessors(subgroup: Committee) -> None:
    """A database loaded by an earlier demo: the January 2015 meeting, its minutes and the 2014/15
    memberships move to the subgroup (the same committee, then under its former name), and the
    two predecessor committees go."""
    old = Committee.objects.filter(slug__in=PREDECESSOR_SLUGS)
    if not old.exists():
        return
    for meeting in Meeting.objects.filter(committee__in=old):
        meeting.committee = subgroup
        meeting.save()
    Minute.objects.filter(committee__in=old).update(committee=subgroup)
    Membership.objects.filter(committee__in=old).update(committee=subgroup)
    Committee.objects.filter(parent__in=old).update(parent=None)
    old.delete()


def load_minutes(base: dict, stdout=None) -> None:
    people = dict(base["people"])
    subgroup = base["committee"]
    meetings = base["meetings"]
    june, october = meetings[datetime.date(2018, 6, 26)], meetings[datetime.date(2018, 10, 2)]

    # --- 26 June 2018 ---------------------------------------------------------------------
    june_items = {i.number: i for i in june.items.all()}
    june_minutes = _write_minutes(june, subgroup, 2018, 15, JUNE_2018_MINUTES, june_items)
    _write_attendance(june, people, JUNE_2018_ATTENDANCE, partial={"t-judge": (june_minutes[15], june_minutes[18])})
    newall_green = june_minutes[18].decisions.get(number=2)
    newall_green.status = Decision.Status.COMPLETED
    newall_green.response = "The action plan is on the agenda of the meeting on 2 October 2018 (item 5)."
    newall_green.save()
    # Tracker history for the demo (illustrative entries, not from the seeds).
    tracker = [
        (
            newall_green,
            datetime.date(2018, 9, 24),
            Decision.Status.COMPLETED,
            "The school agreed; its action plan is item 5 of the 2 October 2018 agenda.",
        ),
        (
            june_minutes[18].decisions.get(number=3),
            datetime.date(2018, 7, 10),
            Decision.Status.COMPLETED,
            "The Chair wrote to the headteacher and governors of North Ridge High School.",
        ),
        (
            june_minutes[18].decisions.get(number=4),
            datetime.date(2018, 9, 12),
            Decision.Status.IN_PROGRESS,
            "A visit is being arranged with the school for the autumn term.",
        ),
    ]
    for decision, on, status, note in tracker:
        DecisionUpdate.objects.update_or_create(decision=decision, on=on, defaults=dict(status=status, note=note))
        Decision.objects.filter(pk=decision.pk).update(status=status)
    october_minutes_item = october.items.filter(kind=AgendaItem.Kind.MINUTES).first()
    MeetingMinutes.objects.update_or_create(
        meeting=june,
        defaults=dict(
            status=MeetingMinutes.Status.APPROVED,
            published_on=datetime.date(2018, 7, 6),
            approved_at=october,
            approved_by_minute=getattr(october_minutes_item, "minute", None),
            approved_on=datetime.date(2018, 10, 2),
            locked_on=None,
        ),
    )

    # --- 20 January 2015: the subgroup under its former name (YPC/OSG) -----------------------
    for key, title, initials, last, kind in JANUARY_2015_PEOPLE:
        people[key], _ = Person.objects.update_or_create(
            slug=key,
            defaults=dict(title=title, initials=initials, last_name=last, kind=kind),
        )
    _fold_in_predecessors(subgroup)
    # Members in 2014/15 as the 2015 minutes list them; the seeds give no exact start or end dates,
    # so the municipal year's bounds are used.
    for key, role, representing in [
        ("stone", Membership.Role.CHAIR, ""),
        ("cox", Membership.Role.MEMBER, ""),
        ("midgley", Membership.Role.MEMBER, ""),
        ("reid", Membership.Role.MEMBER, ""),
        ("e-holt", Membership.Role.CO_OPTED, "Parent Governor Representative"),
        ("kellner", Membership.Role.CO_OPTED, "Representative of the Diocese of Manchester"),
        ("m-gadian", Membership.Role.CO_OPTED, "Teacher Representative"),
    ]:
        Membership.objects.update_or_create(
            committee=subgroup,
            person=people[key],
            start=datetime.date(2014, 5, 1),
            defaults=dict(role=role, representing=representing, end=datetime.date(2015, 4, 30)),
        )
    # The minutes give neither the time nor the venue; 10 am and an issue date a week before are
    # assumptions so that the meeting can be shown.
    jan_2015, _ = Meeting.objects.update_or_create(
        committee=subgroup,
        start=datetime.datetime(2015, 1, 20, 10, 0, tzinfo=LONDON),
        defaults=dict(
            venue="Town Hall, Manchester (venue not recorded in the minutes)",
            status=Meeting.Status.HELD,
            agenda_issued_on=datetime.date(2015, 1, 12),
        ),
    )
    items_2015 = {}
    for number, title, kind in [
        (1, "Minutes", AgendaItem.Kind.MINUTES),
        (2, "Ofsted Inspection into Help, Protection and Care of Children Action Plan", AgendaItem.Kind.REPORT),
        (3, "Work Programme", AgendaItem.Kind.TERMS_AND_WORK_PROGRAMME),
    ]:
        items_2015[number], _ = AgendaItem.objects.update_or_create(
            meeting=jan_2015,
            number=number,
            defaults=dict(title=title, kind=kind),
        )
    _write_minutes(jan_2015, subgroup, 2015, 1, JANUARY_2015_MINUTES, items_2015)
    _write_attendance(jan_2015, people, JANUARY_2015_ATTENDANCE, names=JANUARY_2015_NAMES)
    MeetingMinutes.objects.update_or_create(
        meeting=jan_2015,
        defaults=dict(
            status=MeetingMinutes.Status.PUBLISHED,
            published_on=datetime.date(2015, 1, 30),
            approved_at=None,
            approved_by_minute=None,
            approved_on=None,
            locked_on=None,
        ),
    )

    # --- Work programme (October 2018) and terms of reference (2018/19) --------------------
    for day, deadline, rows in WORK_PROGRAMME_2018:
        meeting = meetings[day]
        ReportDeadline.objects.update_or_create(meeting=meeting, defaults={"deadline": deadline})
        agenda = {i.number: i for i in meeting.items.all()}
        for order, (title, purpose, lead, member, comments, agenda_number) in enumerate(rows, start=1):
            WorkProgrammeItem.objects.update_or_create(
                committee=subgroup,
                meeting=meeting,
                order=order,
                defaults=dict(
                    title=title,
                    purpose=purpose,
                    lead_officer=lead,
                    executive_member=member,
                    comments=comments,
                    agenda_item=agenda.get(agenda_number),
                ),
            )
    TermsOfReference.objects.update_or_create(committee=subgroup, municipal_year=2018, defaults=TERMS_2018)
    if stdout:
        stdout.write(
            f"Minutes: {len(june_minutes)} minutes of 26 June 2018, 3 of 20 January 2015; "
            f"work programme for {len(WORK_PROGRAMME_2018)} meetings; terms of reference 2018/19."
        )
