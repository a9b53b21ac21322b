"""Prometheus metrics, one registry per app instance."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "ilokg_http_requests_total",
            "HTTP requests",
            ["route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "ilokg_http_request_seconds",
            "HTTP request latency",
            ["route"],
            buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=self.registry,
        )
        self.queries = Counter(
            "ilokg_queries_total", "SPARQL queries by outcome", ["outcome"], registry=self.registry
        )
        self.query_seconds = Histogram(
            "ilokg_query_seconds",
            "Query evaluation time",
            registry=self.registry,
            buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
        )
        self.timeouts = Counter(
            "ilokg_query_timeouts_total",
            "Queries stopped at the time limit",
            registry=self.registry,
        )
        self.cache = Counter(
            "ilokg_cache_total", "Result cache lookups", ["result"], registry=self.registry
        )
