"""The query editor in a real browser: Debian's Chromium driven by Playwright (no CDN, no
Playwright browser download). Skipped only when /usr/bin/chromium is absent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ILO = "https://w3id.org/ilo-china-kg/id/organization/ilo"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.requests_seen = []  # type: ignore[attr-defined]
    page.console_errors = []  # type: ignore[attr-defined]
    page.on("request", lambda req: page.requests_seen.append(req.url))
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    try:
        yield page
    finally:
        context.close()


def type_query(page: Any, text: str) -> None:
    page.click(".CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def test_type_run_and_see_the_table(page: Any, server: str) -> None:
    page.goto(server + "/sparql", wait_until="networkidle")
    assert page.title().startswith("SPARQL query editor")
    # CodeMirror is running and highlights SPARQL
    page.wait_for_selector(".CodeMirror")
    assert page.locator(".CodeMirror .cm-keyword").count() > 0
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"SELECT ?org ?label WHERE {{\n  VALUES ?org {{ <{ILO}> }}\n  ?org rdfs:label ?label\n}}\n"
        "ORDER BY ?label"
    )
    type_query(page, query)
    page.click("#run")
    page.wait_for_selector("#results-table tbody tr")
    headers = page.locator("#results-table thead th").all_inner_texts()
    assert headers == ["#", "org", "label"]
    rows = page.locator("#results-table tbody tr")
    assert rows.count() >= 2
    link = rows.first.locator("td").nth(1).locator("a")
    assert link.get_attribute("href") == ILO  # IRIs link to themselves
    labels = page.locator("#results-table tbody tr td:nth-child(3)").all_inner_texts()
    assert any("International Labour Organization" in t for t in labels)
    assert "2 rows" in page.inner_text("#status") or "rows" in page.inner_text("#status")
    # a download link per result format, each a GET of the same query
    formats = page.locator("#download-links a")
    assert sorted(formats.evaluate_all("els => els.map(e => e.dataset.format)")) == [
        "csv",
        "json",
        "tsv",
        "xml",
    ]
    csv_href = page.locator('#download-links a[data-format="csv"]').get_attribute("href")
    assert parse_qs(urlsplit(csv_href).query)["query"] == [query]
    csv = httpx.get(server + csv_href)
    assert csv.headers["content-type"].startswith("text/csv")
    assert "International Labour Organization" in csv.text
    # the share link reproduces the query
    share = page.input_value("#share-link")
    assert share.startswith(server + "/sparql?query=")
    assert parse_qs(urlsplit(share).query)["query"] == [query]
    # nothing was loaded from anywhere else
    assert all(url.startswith(server) for url in page.requests_seen), page.requests_seen
    assert page.console_errors == []


def test_share_link_runs_the_query(page: Any, server: str) -> None:
    query = f"ASK {{ <{ILO}> ?p ?o }}"
    page.goto(
        server + "/sparql?" + httpx.QueryParams({"query": query}).__str__(),
        wait_until="networkidle",
    )
    page.wait_for_selector("#results-boolean")
    assert page.inner_text("#results-boolean") == "true"
    assert page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()") == query


def test_construct_results_and_graph_downloads(page: Any, server: str) -> None:
    page.goto(server + "/sparql", wait_until="networkidle")
    type_query(page, f"CONSTRUCT {{ <{ILO}> ?p ?o }} WHERE {{ <{ILO}> ?p ?o }}")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results-table tbody tr")
    assert page.locator("#results-table thead th").all_inner_texts() == [
        "#",
        "subject",
        "predicate",
        "object",
    ]
    keys = page.locator("#download-links a").evaluate_all("els => els.map(e => e.dataset.format)")
    assert sorted(keys) == ["jsonld", "ntriples", "rdfxml", "trig", "turtle"]
    href = page.locator('#download-links a[data-format="turtle"]').get_attribute("href")
    ttl = httpx.get(server + href)
    assert ttl.headers["content-type"].startswith("text/turtle")


def test_syntax_error_is_shown_at_its_line(page: Any, server: str) -> None:
    page.goto(server + "/sparql", wait_until="networkidle")
    type_query(page, "SELECT *\nWHERE {\n  ?s ?p ?o .\n  BIND(1 AS ?s AS ?t)\n}")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert "line 4, column 16" in page.inner_text("#error")
    assert page.locator(".CodeMirror .error-line").count() == 1
    assert page.locator("#results-table").count() == 0


def test_examples_fill_the_editor(page: Any, server: str) -> None:
    page.goto(server + "/sparql", wait_until="networkidle")
    options = page.locator("#examples option")
    names = [v for v in options.evaluate_all("els => els.map(e => e.value)") if v]
    queries = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "queries").glob("*.rq"))
    if not queries:
        pytest.skip("no canned queries in queries/ yet")
    assert set(queries) <= set(names)
    page.select_option("#examples", names[0])
    text = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert "SELECT" in text.upper()
    page.click("#run")
    page.wait_for_selector("#results-table, #results-boolean, #error:not([hidden])")
    assert page.locator("#error:not([hidden])").count() == 0, page.inner_text("#error")
