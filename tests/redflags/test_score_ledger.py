"""``manage.py score_ledger`` and the window scheme: a monthly ledger (上虞细则 一1 每月一次) scores months only. Over a
year the category maxima multiplied by twelve (网络管理 120) next to a base of 100 meant nothing, and the seed's year
is a ranking of months (上虞细则 一3), so a longer period is refused with a Chinese message and a non-zero exit."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command

SHANGYU = str(settings.FIXTURES_DIR / "schemes" / "shangyu-window.yaml")


@pytest.fixture
def events(tmp_path):
    path = tmp_path / "events.json"
    path.write_text(json.dumps({"events": [{"date": "2026-03-02", "rule": "4.1"},
                                           {"date": "2026-10-05", "rule": "4.1"}]}), encoding="utf-8")
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("score_ledger", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("scheme", [SHANGYU, "shangyu-window"])
@pytest.mark.parametrize("period, kind", [("2026", "年度"), ("2026-Q4", "季度"), ("2026-H2", "半年度")])
def test_the_window_scheme_is_not_scored_for_a_longer_period_than_a_month(events, scheme, period, kind):
    code, out, err = run(scheme, events, "--period", period)
    assert code == 2 and out == ""
    assert "方案「shangyu-window」是月度考核" in err and f"「{period}」是{kind}考评期" in err
    assert "只能按月计分" in err and "2026-12" in err


def test_a_month_of_the_window_scheme_is_still_scored(events):
    code, out, err = run(SHANGYU, events, "--period", "2026-10")
    data = json.loads(out)
    assert code == 0 and err == ""
    assert data["score"] == "99.5"
    assert {"code": "4", "title": "网络管理", "score": "9.5", "max": "10"} in data["categories"]


def test_a_staff_scheme_scores_a_year_as_before(tmp_path):
    path = tmp_path / "staff.json"
    path.write_text(json.dumps({"category": "事业单位编制", "events": [{"date": "2026-03-02", "rule": "1"}]}),
                    encoding="utf-8")
    code, out, err = run("baolin-window-staff", str(path), "--period", "2026")
    assert code == 0 and json.loads(out)["period"] == "2026"
