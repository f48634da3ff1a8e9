import pytest
pytestmark = pytest.mark.django_db
def test_dbg(public):
    from tests.meetings.api.test_openapi_schemathesis import api_data
    public.raise_request_exception = True
    for url in ["/api/agenda-items/", "/api/agenda-items/?meeting=4611686018427387903", "/api/agenda-items/?page=405&modified_since=0504-07-23T19%3A09%3A36-20%3A46&page_size=1179&meeting=11069823"]:
        try:
            r = public.get(url); print("OK", url, r.status_code)
        except Exception as e:
            print("EXC", url, repr(e)[:300])
