# Usernames refuse personal numbers; API tokens get an expiry (filled in 0003, required in
# 0004); a registration keeps the hash of the mobile it gave, for the reviewer's conflict check.

import django.contrib.auth.validators
from django.db import migrations, models

import jiangxin.accounts.usernames


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires",
            field=models.DateTimeField(null=True, verbose_name="有效期至"),
        ),
        migrations.AddField(
            model_name="registration",
            name="mobile_hash",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="user",
            name="username",
            field=models.CharField(
                error_messages={"unique": "该用户名已被使用，请换一个。"},
                help_text="150个字符以内，可用字母、数字和 @ . + - _；不能是手机号码或身份证号码。",
                max_length=150,
                unique=True,
                validators=[
                    django.contrib.auth.validators.UnicodeUsernameValidator(),
                    jiangxin.accounts.usernames.NotPersonalNumberValidator(),
                ],
                verbose_name="用户名",
            ),
        ),
    ]
