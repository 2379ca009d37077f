"""A payer's web server in miniature, on 127.0.0.1: serves TiC files, counts requests, misbehaves.

Each test starts one (port chosen by the system) and stops it. Faults on demand: drop the
connection after N bytes on the first request for a path, stall before answering, ignore
``Range`` (answer 200 with the whole file), and 404 for anything not served.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: How often a server's loop looks for a shutdown (and for requests: a select's timeout).
POLL_S = 0.02


class TicServer:
    def __init__(self, files: dict[str, bytes] | None = None) -> None:
        self.files: dict[str, bytes] = dict(files or {})
        self.requests: Counter[str] = Counter()
        self.ranges: list[tuple[str, str | None]] = []
        self.drop_after: dict[str, int] = {}  # path -> bytes sent before the drop (first time)
        self.always_drop: set[str] = set()
        self.stall: dict[str, float] = {}  # path -> seconds to wait on the first request
        self.ignore_range: set[str] = set()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                path = self.path
                with server._lock:
                    server.requests[path] += 1
                    n = server.requests[path]
                    server.ranges.append((path, self.headers.get("Range")))
                body = server.files.get(path)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "9")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                if n == 1 and path in server.stall:
                    time.sleep(server.stall[path])
                start = 0
                wanted = self.headers.get("Range")
                if wanted and path not in server.ignore_range:
                    start = int(wanted.removeprefix("bytes=").split("-")[0])
                    self.send_response(206)
                    self.send_header("Content-Range",
                                     f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(body) - start))
                self.send_header("ETag", f'"{hash(body) & 0xFFFFFFFF:x}"')
                self.end_headers()
                part = body[start:]
                drop = None
                if path in server.always_drop:
                    drop = len(part) // 2
                elif n == 1 and path in server.drop_after:
                    drop = server.drop_after[path]
                if drop is not None:
                    self.wfile.write(part[:drop])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)  # the link drops mid-file
                    return
                self.wfile.write(part)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # shutdown() waits for the loop's next poll: at its default 0.5 s, half a second of
        # each test's teardown (some 40 tests) was spent waiting
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": POLL_S}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> TicServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def in_network(payer: str, items: list[tuple[str, list[tuple[float, list[int]]]]], *,
               updated: str = "2025-06-01", refs: list[dict[str, Any]] | None = None,
               ref_ids: dict[str, list[int]] | None = None) -> dict[str, Any]:
    """An in-network document: per code, (rate, NPIs) pairs; codes in ``ref_ids`` point at
    provider references instead of inline groups (references listed after ``in_network``)."""
    doc: dict[str, Any] = {
        "reporting_entity_name": payer, "reporting_entity_type": "health insurance issuer",
        "last_updated_on": updated, "version": "1.0.0", "in_network": []}
    for code, rates in items:
        entries = []
        for rate, npis in rates:
            entry: dict[str, Any] = {"negotiated_prices": [{
                "negotiated_type": "negotiated", "negotiated_rate": rate,
                "expiration_date": "9999-12-31", "billing_class": "professional"}]}
            if ref_ids and code in ref_ids:
                entry["provider_references"] = ref_ids[code]
            else:
                entry["provider_groups"] = [{"npi": npis,
                                             "tin": {"type": "ein", "value": "11-1111111"}}]
            entries.append(entry)
        doc["in_network"].append({
            "negotiation_arrangement": "ffs", "name": "service", "billing_code_type": "CPT",
            "billing_code_type_version": "2025", "billing_code": code,
            "description": "generated", "negotiated_rates": entries})
    if refs is not None:
        doc["provider_references"] = refs
    return doc


def table_of_contents(payer: str, structures: list[tuple[list[str], list[str]]]) -> bytes:
    """A table of contents: per structure, (plan ids, file locations)."""
    return json.dumps({
        "reporting_entity_name": payer, "reporting_entity_type": "health insurance issuer",
        "last_updated_on": "2025-06-01", "version": "1.0.0",
        "reporting_structure": [
            {"reporting_plans": [{"plan_name": f"Plan {p}", "plan_id_type": "ein",
                                  "plan_id": p, "plan_market_type": "group"} for p in plans],
             "in_network_files": [{"description": "in-network file", "location": loc}
                                  for loc in files]}
            for plans, files in structures]}).encode()


def dumps(doc: dict[str, Any], gz: bool = False) -> bytes:
    data = json.dumps(doc).encode()
    return gzip.compress(data) if gz else data
