from django.conf import settings


def council(request):
    return {
        "COUNCIL_NAME": settings.COUNCIL_NAME,
        "COUNCIL_ADDRESS": settings.COUNCIL_ADDRESS,
        "SERVICE_NAME": settings.SERVICE_NAME,
    }
