"""Real answers on the real data, each checked by reading the seed documents (../shared/seeds/).

000 = ILO, China Bolster ASEAN Skills, Work Ties; 001 = China and ILO sign partnership agreement
(7 Dec 2022); 002 = China — ILO cooperation (April 2024); 003 = 3rd PSC meeting of ProSSCE-ASEAN;
004 = concept note of the Skills Development Network launch (as of 8 Nov 2021).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

SEEDS = {
    "000": "source/ilo-china-bolster-asean-skills",
    "001": "source/china-ilo-sign-partnership-agreement-2022",
    "002": "source/china-ilo-cooperation-2024",
    "003": "source/prossce-asean-3rd-psc-meeting",
    "004": "source/sdn-launch-concept-note-2021",
}


def rows(server: str, name: str, **params: str) -> list[dict[str, Any]]:
    r = httpx.get(f"{server}/api/queries/{name}", params={**params, "limit": 1000}, timeout=60)
    assert r.status_code == 200, r.text
    result: list[dict[str, Any]] = r.json()["rows"]
    return result


def iris(values: list[dict[str, Any]]) -> set[str]:
    return {v["iri"].split("/id/", 1)[1] for v in values}


def labels(values: list[dict[str, Any]]) -> set[str]:
    return {v["label"] for v in values}


def test_first_sstc_agreement_committed_1_million_in_2012(server: str) -> None:
    # 002: "In 2012, the first SSTC agreement between the ILO and China was signed, with China
    # committing US$ 1 million in support to South-South cooperation and the Decent Work agenda."
    found = rows(
        server, "contributions", donor="government-of-china", **{"from": "2012", "to": "2012"}
    )
    [c] = [c for c in found if c["date"] == "2012"]
    assert (c["amount"], c["currency"]) == (1_000_000, "USD")
    assert SEEDS["002"] in iris(c["sources"])
    [agreement] = c["funded_items"]
    signed = [a for a in rows(server, "agreements") if a["agreement"]["iri"] == agreement["iri"]]
    assert "2012" in signed[0]["signed"]


def test_the_lao_pdr_and_kenya_project(server: str) -> None:
    # 002: "Extending Social Protection Coverage to Workers in the Informal Economy in Lao PDR and
    # Kenya ... two focus countries, Lao PDR and Kenya" (2023-2024), initial US$1 million.
    [project] = rows(server, "projects", country="Kenya")
    assert "Lao PDR and Kenya" in project["title"]
    assert {"country/lao", "country/ken"} <= iris(project["countries"])
    assert project["start"] == ["2023"] and project["end"] == ["2024"]
    assert SEEDS["002"] in iris(project["sources"])
    in_lao = {p["project"]["iri"] for p in rows(server, "projects", country="lao")}
    assert project["project"]["iri"] in in_lao


def test_the_2022_mou_signatories(server: str) -> None:
    # 001: "The Memorandum of Understanding (MoU) was signed by MOHRSS Vice Minister Yu Jiadong,
    # and ILO Director-General Gilbert F. Houngbo".
    found = rows(server, "agreements", party="MOHRSS", **{"from": "2022", "to": "2022"})
    [mou] = [a for a in found if a["signatories"]]
    assert labels(mou["signatories"]) == {"Yu Jiadong", "Gilbert F. Houngbo"}
    assert {"organization/ilo", "organization/mohrss"} <= iris(mou["parties"])
    assert SEEDS["001"] in iris(mou["sources"])
    people = rows(server, "people", organization="mohrss")
    assert any(
        p["person"]["label"] == "Yu Jiadong"
        and p["role"]
        and p["role"]["iri"].endswith("/concept/role/signatory")
        for p in people
    )


def test_conflicts_are_listed_with_their_sources(server: str) -> None:
    found = rows(server, "conflicts")
    # 000: "first established in 2008"; 002: "In 2012, the first SSTC agreement ... was signed".
    signing = {
        (r["value"], r["source"]["iri"].split("/id/")[1])
        for r in found
        if r["aspect"] == "signing date"
    }
    assert {("2008", SEEDS["000"]), ("2012", SEEDS["002"])} <= signing
    # 000: "now connects 41 ... institutes"; 002: "currently brings together 22 TVET institutes".
    counts = {
        (r["value"], r["source"]["iri"].split("/id/")[1])
        for r in found
        if r["aspect"] == "indicator value"
    }
    assert {(41, SEEDS["000"]), (22, SEEDS["002"])} <= counts


def test_network_member_counts(server: str) -> None:
    found = rows(server, "network-members")
    counts = {r["member_count"]: r for r in found if r["kind"] == "reported_count"}
    assert {41, 22} <= set(counts)
    assert counts[22]["as_of"] == "2024-04" and SEEDS["002"] in iris(counts[22]["sources"])
    assert counts[41]["as_of"] is None and SEEDS["000"] in iris(counts[41]["sources"])


def test_china_has_ratified_28_conventions(server: str) -> None:
    # 002: "The country has ratified 28 Conventions".
    found = rows(server, "country", country="China")
    indicators = [r for r in found if r["relation"] == "indicator"]
    assert any(r["value"] == 28 for r in indicators)
    relations = {r["relation"] for r in found}
    assert {"agreement", "institution", "indicator"} <= relations


def test_gdi_was_proposed_by_xi_jinping_on_21_september_2021(server: str) -> None:
    # 002: "Chinese President Xi Jinping proposed the Global Development Initiative (GDI) at the UN
    # General Assembly on September 21st, 2021."
    found = rows(server, "initiative", initiative="GDI")
    proposers = {r["item"]["label"]: r for r in found if r["relation"] == "proposed-by"}
    assert "Xi Jinping" in proposers and "2021-09-21" in proposers["Xi Jinping"]["dates"]
    assert any(r["relation"] == "project" for r in found)


def test_prossce_asean_beneficiaries(server: str) -> None:
    # 002: "more than 43,000 beneficiaries in South-East Asia (as of March 31,2024)";
    # 003: "Since inception, the project has reached more than 186,000 beneficiaries".
    found = rows(server, "indicators", project="ProSSCE-ASEAN", indicator="beneficiaries")
    values = {r["value"]: r for r in found}
    assert values[43000]["as_of"] == "2024-03-31"
    assert SEEDS["003"] in iris(values[186000]["sources"])
    assert all(r["qualifier"]["iri"].endswith("/more-than") for r in found)


def test_funding_totals_leave_aggregates_out(server: str) -> None:
    # 002: "voluntary contributions earmarked ... totaled US$ 4.39 million between 2019 and 2023"
    # is an aggregate (type total): listed by `contributions`, not summed by `funding-totals`.
    listed = rows(server, "contributions", min_amount="4390000")
    assert any(c["amount"] == 4_390_000 for c in listed)
    for by in ("year", "initiative", "theme", "donor"):
        for group in rows(server, "funding-totals", by=by):
            assert not any(
                "earmarked" in i["iri"] or i["iri"].endswith("contribution-total")
                for i in group["items"]
            ), (by, group["group"])
    by_year = {g["group"]: g for g in rows(server, "funding-totals")}
    assert by_year["2012"]["amount"] >= 1_000_000


def test_search_and_timeline(server: str) -> None:
    assert rows(server, "search", q="MOHRSS")[0]["entity"]["iri"].endswith("/organization/mohrss")
    assert rows(server, "search", q="中国")[0]["entity"]["iri"].endswith("/country/chn")
    # 002: "The first MoU signed in 2001 between the ILO and ... (MOHRSS)".
    signings = rows(server, "timeline", kind="signing", **{"from": "2001", "to": "2001"})
    assert [r["date"] for r in signings] == ["2001"]
    assert SEEDS["002"] in iris(signings[0]["sources"])


def test_every_source_document_is_listed(server: str) -> None:
    found = rows(server, "sources")
    assert sorted(r["seed_file"][:3] for r in found) == ["000", "001", "002", "003", "004"]
    assert all(r["facts"] > 0 for r in found)
    about = rows(server, "sources", entity="sstc-partnership-agreement")
    assert {SEEDS["000"], SEEDS["002"]} <= {r["source"]["iri"].split("/id/")[1] for r in about}


@pytest.mark.parametrize(
    "name",
    [
        "agreements",
        "projects",
        "contributions",
        "funding-totals",
        "network-members",
        "timeline",
        "people",
        "initiative",
        "country",
        "indicators",
        "sources",
        "conflicts",
        "search",
    ],
)
def test_catalogue_examples_answer_with_rows(server: str, name: str) -> None:
    entry = next(
        q
        for q in httpx.get(f"{server}/api/queries", timeout=30).json()["queries"]
        if q["name"] == name
    )
    r = httpx.get(server + entry["example"], timeout=60)
    assert r.status_code == 200, r.text
    assert r.json()["rows"], entry["example"]
