"""容缺受理 (街道提升年方案 附件8): a notice filled from a form, printed as PDF; not supplied by the promised date → returned."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from feedback import services
from feedback.models import DeficiencyNotice, NoticeState
from feedback.workflow import IllegalMove
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db


def test_the_notice_pdf_carries_every_line_of_the_form(login, world):
    from pypdf import PdfReader

    notice = fb.notice(world.a, promised_on=dt.date(2099, 10, 9), issued_on=timezone.localdate())
    response = login(world.a.director).get(reverse("feedback:notice_pdf", kwargs={"notice": notice.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).replace(" ", "").replace("\n", "")
    for expected in ("容缺受理通知书", "李申请", "身份证复印件粘贴处", "城乡居民养老保险参保登记", "户口簿复印件",
                     "银行卡复印件", "2099年10月9日前", "逾期自愿作退件处理", "申请人签名", "联系电话", "13700001234",
                     world.a.centre.name):
        assert expected in text, expected


def test_the_promised_date_must_come_after_the_notice(world):
    with pytest.raises(ValidationError) as caught:
        fb.notice(world.a, promised_on=timezone.localdate())
    assert "承诺补齐日期应晚于通知日期" in str(caught.value)


def test_materials_supplied_close_the_notice(world):
    notice = services.notice_move(notice=fb.notice(world.a), action="supply", actor=world.a.director,
                                  on=timezone.localdate())
    assert notice.state == NoticeState.SUPPLIED
    with pytest.raises(IllegalMove):
        services.notice_move(notice=notice, action="return", actor=world.a.director, on=timezone.localdate())


def test_a_notice_is_returned_only_after_the_promised_date(world):
    today = timezone.localdate()
    notice = fb.notice(world.a)
    with pytest.raises(IllegalMove) as caught:
        services.notice_move(notice=notice, action="return", actor=world.a.director, on=today)
    assert "未过" in str(caught.value)
    DeficiencyNotice.objects.filter(pk=notice.pk).update(issued_on=today - dt.timedelta(days=10),
                                                          promised_on=today - dt.timedelta(days=3))
    notice.refresh_from_db()
    assert notice.is_overdue(today)
    returned = services.notice_move(notice=notice, action="return", actor=world.a.director, on=today, note="逾期未补")
    assert returned.state == NoticeState.RETURNED


def test_window_staff_register_a_notice_at_their_own_centre_only(login, world):
    client = login(world.a.staff_user)
    url = reverse("feedback:notice_create", kwargs={"centre": world.a.centre.pk})
    promised = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client.post(url, {
        "window": world.a.window.pk, "applicant": "周某", "matter_name": "高龄津贴申请",
        "missing_materials": "身份证复印件", "promised_on": promised, "issued_on": timezone.localdate().isoformat(),
    })
    assert response.status_code == 302
    notice = DeficiencyNotice.objects.get(applicant="周某")
    assert notice.staff == world.a.window_staff
    assert client.get(reverse("feedback:notice_detail", kwargs={"notice": notice.pk})).status_code == 200
    assert client.get(reverse("feedback:notice_create", kwargs={"centre": world.b.centre.pk})).status_code == 404
    other = fb.notice(world.a, window=None)  # registered by the director: not the staff member's own
    assert client.get(reverse("feedback:notice_detail", kwargs={"notice": other.pk})).status_code == 404


def test_the_form_answers_bad_input_in_chinese(login, world):
    client = login(world.a.director)
    response = client.post(reverse("feedback:notice_create", kwargs={"centre": world.a.centre.pk}),
                           {"applicant": "", "promised_on": "明天", "issued_on": ""})
    assert response.status_code == 200
    for message in ("请填写申请人", "请填写审批服务事项", "请填写缺少的材料", "日期格式应为"):
        assert message in response.text


def test_the_list_flags_notices_past_their_date(login, world):
    today = timezone.localdate()
    notice = fb.notice(world.a)
    DeficiencyNotice.objects.filter(pk=notice.pk).update(issued_on=today - dt.timedelta(days=10),
                                                          promised_on=today - dt.timedelta(days=1))
    text = login(world.a.director).get(reverse("feedback:notice_list")).text
    assert "逾期未补齐，应作退件处理" in text
