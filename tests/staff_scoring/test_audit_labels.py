"""An event's 操作记录 names every field it shows in Chinese: each key a service puts into an event's audit
snapshots (record, edit, photo, revoke, appeal with a file, decisions) has a label or is hidden on purpose."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEntry
from staff_scoring import services
from staff_scoring.models import AppealStatus, StaffEvent
from staff_scoring.templatetags.staff_scoring import AUDIT_HIDDEN, AUDIT_LABELS, audit_items
from tests.assessment.factories import png_bytes
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db
LATIN = re.compile(r"[A-Za-z]")


def every_event_entry(a) -> list[AuditEntry]:
    """One event through every audited path of the service, and a second one whose appeal is upheld."""
    today = dt.date(2025, 10, 20)
    first = event(a.window_staff, "1", "2025-10-09", actor=a.director, note="迟到")
    first = services.update_event(first, actor=a.director, revision=first.revision, today=today, occurrences=2,
                                  note="迟到两次")
    first = services.update_event(first, actor=a.director, revision=first.revision, today=today,
                                  photo=SimpleUploadedFile("现场.png", png_bytes()))
    proof = SimpleUploadedFile("proof.png", png_bytes())
    appeal = services.file_appeal(first, actor=a.staff_user, reason="有考勤截图", attachment=proof, today=today)
    services.decide_appeal(appeal, actor=a.director, decision=AppealStatus.REVOKED, reason="属实")
    second = event(a.window_staff, "4", "2025-10-10", actor=a.director, aggravated=True, points=30)
    services.decide_appeal(services.file_appeal(second, actor=a.staff_user, reason="不属实", today=today),
                           actor=a.director, decision=AppealStatus.UPHELD, reason="查证属实")
    return list(AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(StaffEvent)))


def test_every_key_of_an_event_s_audit_snapshots_has_a_chinese_label_or_is_hidden(scored_world):
    entries = every_event_entry(scored_world.a)
    assert {"记录扣分加分", "修改扣分加分记录", "提出申诉", "申诉成立，撤销记录", "处理申诉：维持原记录"} <= {
        e.action for e in entries}
    keys = {key for e in entries for snapshot in (e.before, e.after) if snapshot for key in snapshot}
    assert {"attachment", "type", "size", "status", "note", "photo"} <= keys
    unlabelled = sorted(k for k in keys - AUDIT_HIDDEN if k not in AUDIT_LABELS or LATIN.search(AUDIT_LABELS[k]))
    assert unlabelled == []
    shown = [label for e in entries for snapshot in (e.before, e.after) for label, _ in audit_items(snapshot)]
    assert shown and not [label for label in shown if LATIN.search(label)]


def test_an_appeal_s_file_is_named_typed_and_sized_in_chinese_on_the_event_page(scored_world, login):
    a = scored_world.a
    every_event_entry(a)
    first = StaffEvent.objects.filter(rule="1").get()
    page = login(a.director).get(reverse("staff_scoring:event_detail", kwargs={"event": first.pk})).content.decode()
    assert "附件：proof.png；附件类型：image/png；附件大小：" in page
    for english in ("attachment：", "type：", "size："):
        assert english not in page


def test_the_history_leaves_out_empty_fields_but_shows_a_value_cleared_by_an_edit(scored_world, login):
    """QA: 「天数：；级别：；分值：；事迹/事项标识：；对应细则：」 under a record of rule 1."""
    a = scored_world.a
    saved = event(a.window_staff, "27", "2025-10-09", actor=a.director, refers_to="24", note="回访查实")
    saved = services.update_event(saved, actor=a.director, revision=saved.revision, today=dt.date(2025, 10, 20),
                                  rule="1", refers_to="")
    page = login(a.director).get(reverse("staff_scoring:event_detail", kwargs={"event": saved.pk})).content.decode()
    history = page[page.index("操作记录"):]
    recorded = history[history.index("记录扣分加分"):]
    recorded = recorded[:recorded.index("</li>")]
    assert "细则：27" in recorded and "对应细则：24" in recorded and "次数：1" in recorded
    for empty in ("天数：", "级别：", "分值：", "事迹/事项标识："):
        assert empty not in recorded, recorded
    assert not re.search(r"：(；|</div>)", history), history  # no label followed by nothing
    edited = history[history.index("修改扣分加分记录"):]
    edited = edited[:edited.index("</li>")]
    assert "变更前：细则：27；对应细则：24" in edited and "变更后：细则：1；对应细则：（空）" in edited, edited


def test_a_snapshot_s_empty_values_are_left_out_unless_the_other_side_had_one():
    assert audit_items({"days": None, "level": "", "occurrences": 2, "note": ""}) == [("次数", 2)]
    assert audit_items({"refers_to": ""}, {"refers_to": "5"}) == [("对应细则", "（空）")]
    assert audit_items({"refers_to": "5"}, {"refers_to": ""}) == [("对应细则", "5")]
    assert audit_items({"aggravated": False}) == [("造成不良影响/情节严重", "否")]  # a no is a value
