"""The radar chart's numbers: pure, no database."""

from __future__ import annotations

from reports.charts import LABEL_LINE, radar

NAMES = [
    "Programming languages and SQL",
    "Software engineering and system design",
    "Security, ethics and governance",
    "Data",
    "A category whose name runs on far longer than two short lines of a chart can hold",
]


def test_radar_labels_wrap_onto_two_lines_instead_of_being_cut() -> None:
    chart = radar(NAMES, [1.0] * len(NAMES), [2.0] * len(NAMES))
    lines = [axis.lines for axis in chart.axes]
    assert lines[0] == ("Programming languages", "and SQL")
    assert lines[1] == ("Software engineering", "and system design")
    assert lines[3] == ("Data",)
    assert all(len(line) <= LABEL_LINE for label in lines for line in label)
    for name, label in zip(NAMES[:4], lines[:4], strict=True):
        assert " ".join(label) == name  # every word, nothing cut
    assert len(lines[4]) == 2 and lines[4][1].endswith("…")  # only past two lines
