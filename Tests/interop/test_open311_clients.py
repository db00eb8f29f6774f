"""Huiyin's Open311 GeoReport v2 server, driven by independent clients.

* ``georeport`` 0.3.1 (PyPI, read-only, JSON and XML),
* ``civicbot`` 0.4.0 (PyPI; the one Python client that POSTs requests),
* raw HTTP for what neither client checks (errors, keys, paging, date windows, formats),
* every JSON body validated against the Open311 JSON Schemas restated in ``open311_schemas.py``.

Needs a running server: ``HUIYIN_URL=http://127.0.0.1:8123`` (a ``huiyin serve --demo`` instance; the tests
log in as ``admin``/``huiyin-demo``, create Open311 API keys and file a few requests). Without HUIYIN_URL
every test is skipped. Run: ``python -m unittest discover -s Tests/interop``.
"""
from __future__ import annotations

import json
import os
import re
import sys
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import open311_schemas as S  # noqa: E402

import xmltodict  # noqa: E402  (a dependency of georeport)
from georeport import GeoReport  # noqa: E402
from civicbot import Endpoint, Open311Client, ValidationError  # noqa: E402
from civicbot.http import HttpError, HttpTransport, RateLimiter  # noqa: E402

BASE = os.environ.get("HUIYIN_URL", "").rstrip("/")
O311 = f"{BASE}/open311/v2"
ADMIN = {"username": "admin", "password": "huiyin-demo"}
FIRST_GROUP = "城乡建设"
KINDS = {"suggestion": "建议意见", "accusation": "检举控告", "appeal": "申诉求决"}
XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>'
TZ_RE = re.compile(r"(Z|[+-]\d{2}:\d{2})$")
DATETIME_FIELDS = ("requested_datetime", "updated_datetime", "expected_datetime")


# --- HTTP ------------------------------------------------------------------------------------------------
class Reply:
    def __init__(self, status: int, headers: Any, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.text)

    def xml(self) -> ET.Element:
        return ET.fromstring(self.body)

    def __repr__(self) -> str:
        return f"<HTTP {self.status} {self.content_type} {self.body[:300]!r}>"


def http(method: str, url: str, *, params: Optional[dict] = None, form: Any = None, body: Any = None,
         headers: Optional[Dict[str, str]] = None) -> Reply:
    if params:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params, doseq=True)
    data, hdrs = None, dict(headers or {})
    if form is not None:
        data = urllib.parse.urlencode(form, doseq=True).encode()
        hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
    elif body is not None:
        data = json.dumps(body).encode()
        hdrs.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return Reply(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Reply(e.code, e.headers, e.read())


def o311(path: str, **kw: Any) -> Reply:
    return http(kw.pop("method", "GET"), f"{O311}/{path}", **kw)


def as_list(x: Any) -> List[Any]:
    """xmltodict gives a dict for one repeated element, a list for several, None for none."""
    if x is None:
        return []
    return x if isinstance(x, list) else [x]


# --- shared fixtures (lazy, once per run) ----------------------------------------------------------------
class Live:
    _token: Optional[str] = None
    _key: Optional[dict] = None
    _services: Optional[List[dict]] = None
    _created: Optional[dict] = None

    @classmethod
    def token(cls) -> str:
        if cls._token is None:
            r = http("POST", f"{BASE}/api/v1/login", body=ADMIN)
            assert r.status == 200, f"admin login failed: {r}"
            cls._token = r.json()["token"]
        return cls._token

    @classmethod
    def staff(cls, method: str, path: str, body: Any = None) -> Reply:
        return http(method, f"{BASE}{path}", body=body, headers={"Authorization": f"Bearer {cls.token()}",
                                                                 "Accept": "application/json"})

    @classmethod
    def new_key(cls, name: str) -> dict:
        r = cls.staff("POST", "/api/v1/open311/keys", {"name": name})
        assert r.status == 201, f"creating an Open311 key: {r}"
        k = r.json()
        assert isinstance(k.get("key"), str) and k["key"], k
        return k

    @classmethod
    def key(cls) -> dict:
        if cls._key is None:
            cls._key = cls.new_key(f"interop-{uuid.uuid4().hex[:8]}")
        return cls._key

    @classmethod
    def services(cls) -> List[dict]:
        if cls._services is None:
            r = o311("services.json")
            assert r.status == 200, r
            cls._services = r.json()
        return cls._services

    @classmethod
    def leaf(cls) -> dict:
        """A leaf service under 城乡建设 (or the first service if the tree has none)."""
        svcs = cls.services()
        return next((s for s in svcs if s.get("group") == FIRST_GROUP), svcs[0])

    @classmethod
    def civicbot(cls) -> Open311Client:
        ep = Endpoint(id="huiyin-local", name="Huiyin (loopback)", base_url=O311, write=True)
        return Open311Client(ep, HttpTransport(rate_limiter=RateLimiter(min_interval=0.0)))

    @classmethod
    def created(cls) -> dict:
        """One request filed through civicbot (lat/long, a named person with phone, attribute[kind])."""
        if cls._created is None:
            svc = cls.leaf()
            desc = f"互操作测试 {uuid.uuid4().hex[:8]}：小区门口路灯坏了一个月，晚上很黑，请尽快修理。"
            prepared = cls.civicbot().create_request(
                svc["service_code"], dry_run=False, confirm="SEND", api_key=cls.key()["key"],
                validate_remote=True, lat=28.2282, lng=112.9388, description=desc,
                first_name="三", last_name="张", phone="13800138000", email="zhangsan@example.com",
                attributes={"kind": "suggestion", "title": "路灯坏了"})
            cls._created = {"service": svc, "description": desc, "prepared": prepared,
                            "response": prepared.response}
        return cls._created

    @classmethod
    def created_id(cls) -> str:
        return cls.created()["response"][0]["service_request_id"]


class Base(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls) -> None:
        if not BASE:
            raise unittest.SkipTest("HUIYIN_URL is not set (e.g. HUIYIN_URL=http://127.0.0.1:8123)")

    def assertSchema(self, instance: Any, schema: dict, what: str = "") -> None:
        problems = S.validate(instance, schema)
        self.assertEqual(problems, [], f"{what}: does not match the Open311 schema")

    def assertJSONReply(self, r: Reply, status: int = 200) -> Any:
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.content_type.replace(" ", "").lower(), "application/json;charset=utf-8", r)
        return r.json()

    def assertXMLReply(self, r: Reply, root: str, status: int = 200) -> ET.Element:
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.content_type.replace(" ", "").lower(), "text/xml;charset=utf-8", r)
        self.assertTrue(r.text.startswith(XML_DECL), r.text[:80])
        el = r.xml()
        self.assertEqual(el.tag, root)
        return el

    def assertErrors(self, r: Reply, status: int, fmt: str) -> None:
        if fmt == "json":
            errs = self.assertJSONReply(r, status)
            self.assertSchema(errs, S.ERRORS, "errors")
        else:
            root = self.assertXMLReply(r, "errors", status)
            errors = root.findall("error")
            self.assertTrue(errors, r)
            for e in errors:
                self.assertIsNotNone(e.find("code"), r)
                self.assertIsNotNone(e.find("description"), r)
                self.assertTrue((e.findtext("code") or "").strip(), r)


# --- georeport (read-only, JSON and XML) -----------------------------------------------------------------
class GeoreportJSON(Base):
    fmt = "json"

    def client(self) -> GeoReport:
        return GeoReport(root_address=O311, output_format=self.fmt)

    def services(self) -> List[dict]:
        got = self.client().get_service_list()
        return as_list(got) if self.fmt == "xml" else got

    def test_service_list(self) -> None:
        svcs = self.services()
        self.assertIsInstance(svcs, list)
        self.assertGreater(len(svcs), 0)
        for s in svcs:
            self.assertIsInstance(s["service_code"], str)
            self.assertTrue(s["service_code"], s)
            self.assertTrue(s.get("group"), s)
            self.assertTrue(s.get("service_name"), s)
        codes = [s["service_code"] for s in svcs]
        self.assertEqual(len(codes), len(set(codes)), "service codes must be unique")
        self.assertIn(FIRST_GROUP, {s["group"] for s in svcs})
        self.assertEqual(codes, [s["service_code"] for s in Live.services()], "XML and JSON list the same services")
        metadata = {str(s["metadata"]).lower() for s in svcs}
        self.assertEqual(metadata, {"true"})

    def definition(self, code: str) -> dict:
        d = self.client().get_service_definition(code)
        if self.fmt == "xml":  # <attributes><attribute>…<values><value>…
            d = dict(d)
            d["attributes"] = as_list((d.get("attributes") or {}).get("attribute"))
            for a in d["attributes"]:
                a["values"] = as_list((a.get("values") or {}).get("value"))
        return d

    def test_service_definition(self) -> None:
        code = Live.leaf()["service_code"]
        d = self.definition(code)
        self.assertIsInstance(d, dict)
        self.assertEqual(d["service_code"], code)
        attrs = {a["code"]: a for a in d["attributes"]}
        self.assertTrue({"kind", "territory", "title"} <= set(attrs), attrs.keys())
        kind = attrs["kind"]
        self.assertEqual(kind["datatype"], "singlevaluelist")
        self.assertEqual({v["key"]: v["name"] for v in kind["values"]}, KINDS)
        self.assertEqual(attrs["territory"]["datatype"], "singlevaluelist")
        self.assertGreater(len(attrs["territory"]["values"]), 0)
        self.assertEqual(attrs["title"]["datatype"], "string")
        for a in attrs.values():
            self.assertEqual(str(a["required"]).lower(), "false", a)
            self.assertEqual(str(a["variable"]).lower(), "true", a)
        self.assertEqual([str(attrs[c]["order"]) for c in ("kind", "territory", "title")], ["1", "2", "3"])

    def test_requests_list(self) -> None:
        rid = Live.created_id()  # so the list is not empty (georeport's XML path fails on an empty list)
        got = self.client().get_service_requests()
        reqs = as_list(got) if self.fmt == "xml" else got
        self.assertIsInstance(reqs, list)
        self.assertIn(rid, [r["service_request_id"] for r in reqs])
        for r in reqs:
            self.assertIn(r["status"], ("open", "closed"))
            self.assertTrue(r["service_code"])
            self.assertTrue(TZ_RE.search(r["requested_datetime"]), r["requested_datetime"])
        mine = self.client().get_service_requests(service_request_id=rid)
        self.assertEqual([r["service_request_id"] for r in as_list(mine)], [rid])
        code = Live.leaf()["service_code"]
        by_code = as_list(self.client().get_service_requests(service_code=code, status="open"))
        self.assertIn(rid, [r["service_request_id"] for r in by_code])
        self.assertTrue(all(r["service_code"] == code and r["status"] == "open" for r in by_code))

    def test_request_by_id(self) -> None:
        c = Live.created()
        rid = Live.created_id()
        r = self.client().get_service_request(rid)
        self.assertIsInstance(r, dict)
        self.assertEqual(r["service_request_id"], rid)
        self.assertEqual(r["service_code"], c["service"]["service_code"])
        self.assertEqual(r["service_name"], c["service"]["service_name"])
        self.assertEqual(r["status"], "open")
        self.assertIn(c["description"], r["description"])
        for f in DATETIME_FIELDS:
            if r.get(f):
                self.assertTrue(TZ_RE.search(r[f]), f"{f}={r[f]}")


class GeoreportXML(GeoreportJSON):
    fmt = "xml"


# --- civicbot (writes) -----------------------------------------------------------------------------------
class Civicbot(Base):
    def test_create_request_lat_long(self) -> None:
        c = Live.created()
        resp = c["response"]
        self.assertSchema(resp, S.POST_RESPONSE, "POST requests.json")
        self.assertEqual(len(resp), 1)
        self.assertNotIn("token", resp[0])
        rid = resp[0]["service_request_id"]
        self.assertRegex(rid, r"^\d{4}-\d{6}$")
        self.assertIn("查询码", resp[0].get("service_notice") or "")
        form = c["prepared"].form  # what civicbot really sent
        self.assertEqual(form["attribute[kind]"], "suggestion")
        self.assertIn("long", form)

        # The staff API sees a registered 网上信访 case with that category.
        r = Live.staff("GET", f"/api/v1/cases/{urllib.parse.quote(rid)}")
        case = self.assertJSONReply(r)
        self.assertEqual(case["number"], rid)
        self.assertEqual(case["category"]["code"], c["service"]["service_code"])
        self.assertEqual(case["category"]["name"], c["service"]["service_name"])
        self.assertEqual(case["channel"], "网上信访")
        self.assertEqual(case["kind"], "建议意见")  # as asked; the default with a name and phone would be 申诉求决
        self.assertEqual(case["title"], "路灯坏了")
        self.assertIn(c["description"], case["content"])
        self.assertFalse(case["anonymous"])
        people = case["petitioners"]
        self.assertEqual(len(people), 1, people)
        self.assertEqual(people[0]["phone"], "13800138000")
        self.assertIn("张", people[0]["name"])
        self.assertIn("三", people[0]["name"])

        # …and it reads back through both clients.
        self.assertEqual(GeoReport(O311).get_service_request(rid)["service_request_id"], rid)
        self.assertEqual(GeoReport(O311, output_format="xml").get_service_request(rid)["service_request_id"], rid)
        back = Live.civicbot().get_request(rid)
        self.assertEqual(back["service_request_id"], rid)
        listed = Live.civicbot().list_requests(service_request_ids=[rid], page_size=10)
        self.assertEqual([x["service_request_id"] for x in listed], [rid])

    def test_create_request_address_anonymous_with_territory(self) -> None:
        bot = Live.civicbot()
        svc = Live.leaf()
        d = bot.get_service_definition(svc["service_code"])
        territory = next(a for a in d["attributes"] if a["code"] == "territory")["values"][0]
        desc = f"互操作测试（匿名）{uuid.uuid4().hex[:8]}：建议在公园增设健身器材。"
        sent = bot.create_request(svc["service_code"], dry_run=False, confirm="SEND", api_key=Live.key()["key"],
                                  validate_remote=True, address_string="云溪市东湖区青石街道幸福路12号",
                                  description=desc, attributes={"territory": territory["key"]})
        self.assertNotIn("lat", sent.form)
        self.assertSchema(sent.response, S.POST_RESPONSE, "POST requests.json")
        rid = sent.response[0]["service_request_id"]
        case = self.assertJSONReply(Live.staff("GET", f"/api/v1/cases/{urllib.parse.quote(rid)}"))
        self.assertTrue(case["anonymous"])
        self.assertEqual(case["kind"], "建议意见")  # the default with no name
        self.assertEqual(case["territory"]["code"], territory["key"])
        self.assertEqual(case["channel"], "网上信访")
        self.assertEqual(case["title"].rstrip("…"), desc[:30])  # default title: the first 30 characters
        self.assertIn(desc, case["content"])

    def test_accusation_content_is_not_public(self) -> None:
        """检举控告 stays confidential: filed through Open311, its text is not shown by GET requests."""
        bot = Live.civicbot()
        code = Live.leaf()["service_code"]
        secret = f"互操作测试（检举）{uuid.uuid4().hex[:8]}：某单位违规收费。"
        sent = bot.create_request(code, dry_run=False, confirm="SEND", api_key=Live.key()["key"],
                                  validate_remote=True, address_string="云溪市东湖区", description=secret,
                                  first_name="六", last_name="赵", phone="13700002222", attributes={"kind": "accusation"})
        rid = sent.response[0]["service_request_id"]
        case = self.assertJSONReply(Live.staff("GET", f"/api/v1/cases/{urllib.parse.quote(rid)}"))
        self.assertEqual(case["kind"], "检举控告")
        self.assertIn(secret, case["content"])
        public = GeoReport(O311).get_service_request(rid)
        self.assertEqual(public["service_request_id"], rid)
        self.assertNotIn(secret, public.get("description") or "")
        self.assertNotIn(secret, o311(f"requests/{rid}.xml").text)

    def test_remote_validation_uses_the_definition(self) -> None:
        """civicbot checks list values against our definition before sending anything."""
        bot = Live.civicbot()
        code = Live.leaf()["service_code"]
        with self.assertRaises(ValidationError) as e:
            bot.create_request(code, validate_remote=True, lat=28.2, lng=112.9, description="x",
                               attributes={"kind": "no-such-kind"})
        self.assertIn("kind", str(e.exception))
        with self.assertRaises(ValidationError):
            bot.create_request("no-such-service", validate_remote=True, lat=28.2, lng=112.9, description="x")
        ok = bot.create_request(code, validate_remote=True, lat=28.2, lng=112.9, description="x",
                                attributes={"kind": "suggestion"})
        self.assertTrue(ok.dry_run)
        self.assertIsNone(ok.response)

    def test_server_rejects_what_civicbot_does_not_check(self) -> None:
        bot = Live.civicbot()
        code = Live.leaf()["service_code"]
        # appeal (申诉求决) may not be anonymous
        with self.assertRaises(HttpError) as e:
            bot.create_request(code, dry_run=False, confirm="SEND", api_key=Live.key()["key"],
                               lat=28.2, lng=112.9, description="匿名申诉", attributes={"kind": "appeal"})
        self.assertEqual(e.exception.status, 400)
        self.assertSchema(json.loads(e.exception.body), S.ERRORS, "errors")
        # a wrong key
        with self.assertRaises(HttpError) as e:
            bot.create_request(code, dry_run=False, confirm="SEND", api_key="hy_wrong",
                               lat=28.2, lng=112.9, description="错误的 key")
        self.assertEqual(e.exception.status, 403)


# --- protocol details neither client checks --------------------------------------------------------------
class Protocol(Base):
    def form(self, **kw: Any) -> dict:
        f = {"api_key": Live.key()["key"], "service_code": Live.leaf()["service_code"],
             "lat": "28.2282", "long": "112.9388", "description": "协议测试：楼道灯不亮。"}
        f.update(kw)
        return {k: v for k, v in f.items() if v is not None}

    def test_post_without_api_key_is_403(self) -> None:
        self.assertErrors(o311("requests.xml", method="POST", form=self.form(api_key=None)), 403, "xml")
        self.assertErrors(o311("requests.json", method="POST", form=self.form(api_key=None)), 403, "json")
        self.assertErrors(o311("requests", method="POST", form=self.form(api_key=None)), 403, "xml")
        self.assertErrors(o311("requests.json", method="POST", form=self.form(api_key="")), 403, "json")
        self.assertErrors(o311("requests.json", method="POST", form=self.form(api_key="hy_nope")), 403, "json")

    def test_revoked_key_is_403(self) -> None:
        k = Live.new_key(f"interop-revoke-{uuid.uuid4().hex[:6]}")
        ok = o311("requests.json", method="POST", form=self.form(api_key=k["key"]))
        self.assertSchema(self.assertJSONReply(ok), S.POST_RESPONSE, "POST requests.json")
        listed = self.assertJSONReply(Live.staff("GET", "/api/v1/open311/keys"))
        mine = [x for x in listed if x["id"] == k["id"]]
        self.assertEqual(len(mine), 1)
        self.assertNotIn("key", mine[0], "the key is shown only when created")
        self.assertIsNone(mine[0].get("revoked_at"))
        r = Live.staff("DELETE", f"/api/v1/open311/keys/{k['id']}")
        self.assertEqual(r.status, 204, r)
        self.assertErrors(o311("requests.json", method="POST", form=self.form(api_key=k["key"])), 403, "json")
        self.assertErrors(o311("requests.xml", method="POST", form=self.form(api_key=k["key"])), 403, "xml")
        listed = self.assertJSONReply(Live.staff("GET", "/api/v1/open311/keys"))
        self.assertIsNotNone(next(x for x in listed if x["id"] == k["id"]).get("revoked_at"))

    def test_key_admin_needs_admin_token(self) -> None:
        self.assertIn(http("POST", f"{BASE}/api/v1/open311/keys", body={"name": "x"}).status, (401, 403))
        self.assertIn(http("GET", f"{BASE}/api/v1/open311/keys").status, (401, 403))

    def test_post_validation(self) -> None:
        unknown = "999999"
        self.assertNotIn(unknown, [s["service_code"] for s in Live.services()])
        self.assertErrors(o311("requests.json", method="POST", form=self.form(service_code=unknown)), 404, "json")
        self.assertErrors(o311("requests.xml", method="POST", form=self.form(service_code=unknown)), 404, "xml")
        self.assertErrors(o311("requests.json", method="POST", form=self.form(service_code=None)), 400, "json")
        no_loc = self.form(lat=None, long=None)
        self.assertErrors(o311("requests.json", method="POST", form=no_loc), 400, "json")
        self.assertErrors(o311("requests.xml", method="POST", form=no_loc), 400, "xml")
        self.assertErrors(o311("requests.json", method="POST", form=self.form(long=None)), 400, "json")
        self.assertErrors(o311("requests.json", method="POST", form=self.form(description=None)), 400, "json")
        self.assertErrors(o311("requests.json", method="POST", form=self.form(description="长" * 4001)), 400, "json")
        # 4000 characters (12000 UTF-8 bytes) is within the limit: characters are counted, not bytes
        ok = o311("requests.json", method="POST", form=self.form(description="长" * 4000))
        self.assertSchema(self.assertJSONReply(ok), S.POST_RESPONSE, "POST requests.json")
        # address_id alone is a location
        ok = o311("requests.json", method="POST", form=self.form(lat=None, long=None, address_id="yx-dh"))
        self.assertSchema(self.assertJSONReply(ok), S.POST_RESPONSE, "POST requests.json")

    def test_description_limit_is_in_code_points(self) -> None:
        """JSON Schema's maxLength (and civicbot's len()) count code points, not grapheme clusters.

        "é" written as e + U+0301 is one character on screen but two code points: 2001 of them are 4002
        code points. The server may refuse it (400) or accept it, but what it then serves must still
        satisfy request.json's maxLength 4000.
        """
        desc = "e\u0301" * 2001
        r = o311("requests.json", method="POST", form=self.form(description=desc))
        if r.status == 400:
            self.assertErrors(r, 400, "json")
            return
        rid = self.assertJSONReply(r)[0]["service_request_id"]
        got = self.assertJSONReply(o311(f"requests/{rid}.json"))
        self.assertSchema(got, S.REQUESTS, f"requests/{rid}.json")

    def test_post_xml_and_list_attributes(self) -> None:
        f = self.form(first_name="四", last_name="李", phone="0731-84123456")
        f["attribute[kind][]"] = ["appeal"]  # list form of a single-value list; also the jurisdiction is ignored
        f["jurisdiction_id"] = "anything.example"
        r = o311("requests.xml", method="POST", form=f)
        root = self.assertXMLReply(r, "service_requests")
        reqs = root.findall("request")
        self.assertEqual(len(reqs), 1)
        rid = reqs[0].findtext("service_request_id")
        self.assertTrue(rid)
        self.assertIsNone(reqs[0].find("token"))
        case = self.assertJSONReply(Live.staff("GET", f"/api/v1/cases/{urllib.parse.quote(rid)}"))
        self.assertEqual(case["kind"], "申诉求决")

    def test_default_kind_with_name_and_phone_is_appeal(self) -> None:
        r = o311("requests.json", method="POST", form=self.form(first_name="五", last_name="王", phone="13900001111"))
        rid = self.assertJSONReply(r)[0]["service_request_id"]
        case = self.assertJSONReply(Live.staff("GET", f"/api/v1/cases/{urllib.parse.quote(rid)}"))
        self.assertEqual(case["kind"], "申诉求决")

    def test_not_found(self) -> None:
        self.assertErrors(o311("services/999999.json"), 404, "json")
        self.assertErrors(o311("services/999999.xml"), 404, "xml")
        self.assertErrors(o311("requests/1999-999999.json"), 404, "json")
        self.assertErrors(o311("requests/1999-999999.xml"), 404, "xml")
        self.assertErrors(o311("tokens/no-such-token.json"), 404, "json")
        self.assertErrors(o311("tokens/no-such-token.xml"), 404, "xml")

    def test_formats_and_roots(self) -> None:
        rid = Live.created_id()
        code = Live.leaf()["service_code"]
        for path, root in [("discovery", "discovery"), ("services", "services"),
                           (f"services/{code}", "service_definition"), ("requests", "service_requests"),
                           (f"requests/{rid}", "service_requests")]:
            with self.subTest(path=path):
                self.assertXMLReply(o311(f"{path}.xml"), root)
                self.assertXMLReply(o311(path), root)  # no suffix = XML
                self.assertJSONReply(o311(f"{path}.json"))
                # the suffix decides, whatever Accept says (georeport sends */*, civicbot application/json)
                self.assertXMLReply(o311(f"{path}.xml", headers={"Accept": "application/json"}), root)
                self.assertJSONReply(o311(f"{path}.json", headers={"Accept": "*/*"}))
        one = self.assertJSONReply(o311(f"requests/{rid}.json"))
        self.assertIsInstance(one, list, "GET requests/{id}.json is an array of one")
        self.assertEqual(len(one), 1)

    def test_xml_matches_json(self) -> None:
        rid = Live.created_id()
        x = xmltodict.parse(o311(f"requests/{rid}.xml").body)["service_requests"]["request"]
        j = o311(f"requests/{rid}.json").json()[0]
        for k, v in j.items():
            if v is None or v == "":
                self.assertFalse(x.get(k), k)
            elif isinstance(v, float):
                self.assertAlmostEqual(float(x[k]), v, places=5)
            else:
                self.assertEqual(x.get(k), str(v), k)
        xs = as_list(xmltodict.parse(o311("services.xml").body)["services"]["service"])
        self.assertEqual([s["service_code"] for s in xs], [s["service_code"] for s in Live.services()])

    def test_discovery(self) -> None:
        d = self.assertJSONReply(o311("discovery.json"))
        self.assertSchema(d, S.DISCOVERY, "discovery.json")
        ep = d["endpoints"][0]
        self.assertEqual(ep["specification"], "http://wiki.open311.org/GeoReport_v2")
        self.assertEqual(ep["url"].rstrip("/"), O311)
        self.assertEqual(set(ep["formats"]), {"text/xml", "application/json"})
        root = self.assertXMLReply(o311("discovery.xml"), "discovery")
        self.assertEqual(root.findtext("changeset"), d["changeset"])
        xml_eps = root.find("endpoints")
        self.assertIsNotNone(xml_eps)
        self.assertEqual(len(xml_eps.findall("endpoint")), len(d["endpoints"]))

    def test_requests_default_window_and_paging(self) -> None:
        Live.created_id()
        everything = self.assertJSONReply(o311("requests.json"))
        self.assertLessEqual(len(everything), 1000)
        now = datetime.now(timezone.utc)
        for r in everything:
            t = datetime.fromisoformat(r["requested_datetime"].replace("Z", "+00:00"))
            self.assertGreaterEqual(t, now - timedelta(days=91), r["service_request_id"])
            self.assertLessEqual(t, now + timedelta(minutes=5), r["service_request_id"])
        if len(everything) < 2:  # make paging observable
            self.assertJSONReply(o311("requests.json", method="POST", form=self.form()))
            everything = self.assertJSONReply(o311("requests.json"))
        ids = [r["service_request_id"] for r in everything]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertGreaterEqual(len(ids), 2)

        p1 = self.assertJSONReply(o311("requests.json", params={"page_size": 1}))
        self.assertEqual(len(p1), 1)
        p2 = self.assertJSONReply(o311("requests.json", params={"page_size": 1, "page": 2}))
        self.assertEqual(len(p2), 1)
        self.assertNotEqual(p1[0]["service_request_id"], p2[0]["service_request_id"])
        self.assertEqual([p1[0]["service_request_id"], p2[0]["service_request_id"]], ids[:2], "pages follow the default order")
        big = o311("requests.json", params={"page_size": 5000})
        if big.status == 200:
            self.assertLessEqual(len(big.json()), 1000)
        else:
            self.assertErrors(big, 400, "json")
        beyond = self.assertJSONReply(o311("requests.json", params={"page_size": 1000, "page": 10_000}))
        self.assertEqual(beyond, [])
        self.assertEqual(as_list((xmltodict.parse(o311("requests.xml", params={"page": 10_000}).body)
                                  .get("service_requests") or {}).get("request")), [])

    def test_requests_filters(self) -> None:
        rid = Live.created_id()
        code = Live.leaf()["service_code"]
        other = next(s["service_code"] for s in Live.services() if s["service_code"] != code)
        # service_request_id overrides all other arguments
        got = self.assertJSONReply(o311("requests.json", params={"service_request_id": rid, "service_code": other,
                                                                 "status": "closed"}))
        self.assertEqual([r["service_request_id"] for r in got], [rid])
        got = self.assertJSONReply(o311("requests.json", params={"service_request_id": f"{rid},1999-999999"}))
        self.assertEqual([r["service_request_id"] for r in got], [rid])
        # status and service_code (comma lists)
        ids = lambda p: [r["service_request_id"] for r in self.assertJSONReply(o311("requests.json", params=p))]
        self.assertIn(rid, ids({"status": "open"}))
        self.assertNotIn(rid, ids({"status": "closed"}))
        self.assertIn(rid, ids({"status": "open,closed"}))
        self.assertIn(rid, ids({"service_code": f"{other},{code}"}))
        self.assertNotIn(rid, ids({"service_code": other}))
        # empty optional parameters = absent
        self.assertEqual(ids({"service_code": "", "status": "", "start_date": "", "end_date": "",
                              "jurisdiction_id": ""}), ids({}))
        # dates: W3C datetimes, a window containing now, ≤ 90 days, bad dates 400
        now = datetime.now(timezone(timedelta(hours=8)))
        fmt = lambda t: t.isoformat(timespec="seconds")
        self.assertIn(rid, ids({"start_date": fmt(now - timedelta(days=1)), "end_date": fmt(now + timedelta(hours=1))}))
        self.assertIn(rid, ids({"start_date": (now - timedelta(days=1)).astimezone(timezone.utc)
                                .strftime("%Y-%m-%dT%H:%M:%SZ")}))
        self.assertNotIn(rid, ids({"start_date": fmt(now - timedelta(days=30)), "end_date": fmt(now - timedelta(days=20))}))
        too_long = o311("requests.json", params={"start_date": fmt(now - timedelta(days=100)), "end_date": fmt(now)})
        self.assertErrors(too_long, 400, "json")
        self.assertErrors(o311("requests.json", params={"start_date": "yesterday"}), 400, "json")
        self.assertErrors(o311("requests.xml", params={"end_date": "2026-13-45T00:00:00+08:00"}), 400, "xml")
        backwards = o311("requests.json", params={"start_date": fmt(now), "end_date": fmt(now - timedelta(days=1))})
        if backwards.status == 200:  # the spec does not say; an empty result is acceptable too
            self.assertEqual(backwards.json(), [])
        else:
            self.assertErrors(backwards, 400, "json")

    def test_jurisdiction_id_is_ignored(self) -> None:
        a = o311("services.json").json()
        b = self.assertJSONReply(o311("services.json", params={"jurisdiction_id": "yunxi.example"}))
        self.assertEqual(a, b)
        self.assertEqual(GeoReport(O311, jurisdiction="yunxi.example").get_service_list(), a)

    def test_timestamps_and_ids(self) -> None:
        rid = Live.created_id()
        reqs = self.assertJSONReply(o311("requests.json"))
        self.assertIn(rid, [r["service_request_id"] for r in reqs])
        for r in reqs:
            self.assertIsInstance(r["service_request_id"], str)
            self.assertIsInstance(r["service_code"], str)
            for f in DATETIME_FIELDS:
                if r.get(f) is not None:
                    self.assertTrue(S.is_datetime(r[f]), f"{r['service_request_id']} {f}={r[f]!r}")
                    self.assertTrue(r[f].endswith("+08:00"), f"{f}={r[f]!r}: Huiyin writes China time")
        mine = next(r for r in reqs if r["service_request_id"] == rid)
        self.assertIsNotNone(mine.get("expected_datetime"), "expected_datetime = the statutory due date")
        self.assertGreater(mine["expected_datetime"], mine["requested_datetime"])
        for s in Live.services():
            self.assertIsInstance(s["service_code"], str)
            self.assertRegex(s["service_code"], r"^\d+$")

    def test_every_json_output_matches_the_schemas(self) -> None:
        rid = Live.created_id()
        svcs = self.assertJSONReply(o311("services.json"))
        self.assertSchema(svcs, S.SERVICES, "services.json")
        for s in svcs:
            with self.subTest(service=s["service_code"]):
                self.assertEqual(s["type"], "realtime")
                self.assertIs(s["metadata"], True)
                self.assertTrue(s["description"].startswith(s["group"]), s)
                self.assertTrue(s["description"].endswith(s["service_name"]), s)
                d = self.assertJSONReply(o311(f"services/{s['service_code']}.json"))
                self.assertSchema(d, S.SERVICE_DEFINITION, f"services/{s['service_code']}.json")
                self.assertEqual(d["service_code"], s["service_code"])
                orders = [a["order"] for a in d["attributes"]]
                self.assertEqual(len(orders), len(set(orders)), "order is unique within a service")
        self.assertSchema(self.assertJSONReply(o311("requests.json")), S.REQUESTS, "requests.json")
        self.assertSchema(self.assertJSONReply(o311(f"requests/{rid}.json")), S.REQUESTS, f"requests/{rid}.json")
        for p in ({"status": "open"}, {"page_size": 3}, {"service_code": Live.leaf()["service_code"]}):
            self.assertSchema(self.assertJSONReply(o311("requests.json", params=p)), S.REQUESTS, f"requests.json {p}")


class SchemaSelfTest(unittest.TestCase):
    """The restated schemas reject what the upstream ones reject (runs without a server too)."""

    def test_request_rules(self) -> None:
        good = {"service_request_id": "2026-000001", "status": "open", "service_code": "010101",
                "requested_datetime": "2026-10-01T09:30:00+08:00", "lat": 28.1, "long": None,
                "description": "x" * 4000, "media_url": None}
        self.assertEqual(S.validate([good], S.REQUESTS), [])
        for field in ("service_request_id", "status", "service_code", "requested_datetime"):
            bad = dict(good)
            del bad[field]
            self.assertTrue(S.validate([bad], S.REQUESTS), field)
        for field, value in [("status", "in_progress"), ("description", "x" * 4001), ("service_request_id", 123),
                             ("requested_datetime", "2026-10-01T09:30:00"), ("lat", "28.1"),
                             ("updated_datetime", "2026-10-01 09:30")]:
            bad = dict(good, **{field: value})
            self.assertTrue(S.validate([bad], S.REQUESTS), field)

    def test_service_rules(self) -> None:
        good = {"service_code": "010101", "service_name": "事故处理", "metadata": True, "type": "realtime",
                "group": "城乡建设", "keywords": "城乡建设,安全生产,事故处理", "description": None}
        self.assertEqual(S.validate([good], S.SERVICES), [])
        self.assertTrue(S.validate([], S.SERVICES))
        self.assertTrue(S.validate([dict(good, metadata="true")], S.SERVICES))
        self.assertTrue(S.validate([dict(good, type="sync")], S.SERVICES))
        self.assertTrue(S.validate([dict(good, service_code=10101)], S.SERVICES))
        d = {"service_code": "010101", "attributes": [
            {"variable": True, "code": "kind", "datatype": "singlevaluelist", "required": False, "order": 1,
             "description": "信访类型", "values": [{"key": "suggestion", "name": "建议意见"}]}]}
        self.assertEqual(S.validate(d, S.SERVICE_DEFINITION), [])
        self.assertTrue(S.validate(dict(d, attributes=[dict(d["attributes"][0], datatype="list")]), S.SERVICE_DEFINITION))
        self.assertTrue(S.validate(dict(d, attributes=[dict(d["attributes"][0], required="false")]), S.SERVICE_DEFINITION))
        self.assertTrue(S.validate([d], S.SERVICE_DEFINITION), "a definition is an object, not a list")
        self.assertTrue(S.validate([{"service_notice": "x"}], S.POST_RESPONSE))
        self.assertTrue(S.validate([{"service_request_id": "1", "token": "t"}], S.POST_RESPONSE))

    def test_jsonschema_agrees(self) -> None:
        if not S.has_jsonschema():
            self.skipTest("jsonschema not installed; the built-in validator ran alone")
        bad = [{"service_request_id": 1, "status": "x", "service_code": "1", "requested_datetime": "2026-10-01"}]
        msgs = S.validate(bad, S.REQUESTS)
        self.assertTrue(any(m.startswith("jsonschema:") for m in msgs), msgs)
        self.assertTrue(any(not m.startswith("jsonschema:") for m in msgs), msgs)


if __name__ == "__main__":
    unittest.main()
