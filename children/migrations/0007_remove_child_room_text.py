from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("children", "0006_rooms_from_text")]

    operations = [
        migrations.RemoveField(model_name="child", name="room_text"),
    ]
