# Reserved for one part of issue 13 (the helper working on it fills in its operations).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0019_attendance_as_minuted")]

    operations = []
