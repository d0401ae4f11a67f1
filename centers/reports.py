"""The staff roster of a centre as one report object: rows + context, formatted as PDF or XLSX."""

from dataclasses import dataclass
from datetime import date

from centers.models import ServiceCentre
from centers.selectors import staff_of_centre
from core.exports import export_name, zh_date
from core.xlsx import Sheet

HEADERS = ["序号", "姓名", "人员类别", "岗位所在", "窗口", "职务/岗位", "单位", "电话", "中共党员", "B岗"]


@dataclass
class RosterReport:
    centre: ServiceCentre
    rows: list[list]
    made_on: date

    @property
    def title(self) -> str:
        return f"{self.centre.name}工作人员花名册"

    @property
    def filename(self) -> str:
        return export_name(self.centre.name, "工作人员花名册", zh_date(self.made_on))

    def sheets(self):
        return [Sheet(title="花名册", header=HEADERS, rows=self.rows, widths=[6, 10, 14, 22, 16, 14, 20, 14, 8, 10])]


def roster_report(centre: ServiceCentre) -> RosterReport:
    rows = []
    for number, person in enumerate(staff_of_centre(centre), start=1):
        rows.append([
            number,
            person.name,
            person.get_category_display(),
            person.station.name if person.station_id else "中心",
            str(person.window) if person.window_id else "",
            person.position,
            person.unit,
            person.phone,
            "是" if person.party_member else "",
            person.backup.name if person.backup_id else "",
        ])
    return RosterReport(centre=centre, rows=rows, made_on=date.today())
