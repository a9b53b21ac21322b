"""The SHACL report of the live build is a served, versioned fact (/validation-report, /healthz)."""

from __future__ import annotations

import httpx
import rdflib
from rdflib.namespace import RDF, SH


def test_report_is_served_as_turtle_and_agrees_with_its_summary(server: str) -> None:
    turtle = httpx.get(f"{server}/validation-report", timeout=30)
    assert turtle.status_code == 200, turtle.text[:300]
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    (report,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms).toPython() is True
    severities = [graph.value(r, SH.resultSeverity) for r in graph.objects(report, SH.result)]
    assert SH.Violation not in severities

    summary = httpx.get(
        f"{server}/validation-report", headers={"Accept": "application/json"}, timeout=30
    ).json()
    assert summary["conforms"] is True and summary["violations"] == 0
    assert summary["warnings"] == severities.count(SH.Warning)
    assert sum(summary["by_shape"].values()) == len(severities)

    again = httpx.get(
        f"{server}/validation-report", headers={"If-None-Match": turtle.headers["etag"]}, timeout=30
    )
    assert again.status_code == 304


def test_health_says_whether_the_live_build_conforms(server: str) -> None:
    health = httpx.get(f"{server}/healthz", timeout=30).json()
    assert health["validation"]["validated"] is True
    assert health["validation"]["conforms"] is True
    assert health["validation"]["violations"] == 0
