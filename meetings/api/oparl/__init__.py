"""A conformant OParl 1.1 server at /oparl/v1.1/ (https://oparl.org/spezifikation/).

System → Body → the Body's lists → every object. ``objects`` turns models into OParl objects,
``kinds`` says which rows each list holds (every queryset through ``visible_to(user)``) and how
they are filtered and ordered, ``views`` serves them with the protocol rules of §2 (CORS, the
created/modified filters, stable paging, tombstones, error objects), ``tombstones`` records
deletions and withdrawals. Scrutiny's own types (minutes, decisions, providers, inspections, action
plans, actions) stay in the /api/ extension, linked from the Body under the ``scrutiny:`` prefix.
"""
