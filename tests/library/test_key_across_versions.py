"""A tag names its item by the rubric's code and the item's official label, never by position or version: when a
new version of the rubric numbers the items differently, the documents tagged under the old one are still found on
the new version's item (issue #16 item 1)."""

import re
from pathlib import Path

import pytest

from assessment.rubrics import rubric_of
from library import selectors, services
from library.keys import keys_of
from tests.assessment.factories import publish_text, published
from tests.library.factories import document

pytestmark = pytest.mark.django_db


def renumbered_next_version() -> str:
    """baolin-centre one version later, with 管理制度 moved before 人员培训 (so 人员培训 is 5.3, 管理制度 5.2)."""
    text = Path("fixtures/rubrics/baolin-centre.yaml").read_text(encoding="utf-8")
    version = int(re.search(r"^version: (\d+)$", text, re.M).group(1))
    text = re.sub(r"^version: \d+$", f"version: {version + 1}", text, count=1, flags=re.M)
    training_at, rules_at, next_at = (text.index(f'      - code: "{code}"\n') for code in ("5.2", "5.3", "5.4"))
    training, rules = text[training_at:rules_at], text[rules_at:next_at]
    assert "title: 人员培训" in training and "title: 管理制度" in rules
    training = training.replace('code: "5.2"', 'code: "5.3"', 1)
    rules = rules.replace('code: "5.3"', 'code: "5.2"', 1)
    return text[:training_at] + rules + training + text[next_at:]


def test_a_tag_made_on_one_version_is_found_on_the_renumbered_item_of_the_next(world):
    old = published("baolin-centre")
    key = keys_of(rubric_of(old))["5.2"]
    training_record = document(world.a, title="2025年业务培训记录")
    services.tag_document(actor=world.a.director, document=training_record, subject=world.a.centre, item_key=key)
    new = publish_text(renumbered_next_version())
    assert new.version == old.version + 1
    keys = keys_of(rubric_of(new))
    assert keys["5.3"] == key and keys["5.2"] != key  # the label, not the position, names the item
    assert selectors.documents_by_item(world.a.centre, 2025, item_keys=set(keys.values()))[keys["5.3"]] == [
        training_record]
