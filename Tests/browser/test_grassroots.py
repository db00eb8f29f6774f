"""Browser tests of the grassroots pages: the grid map, a mediation from 受理 to 回访, and the published
leader reception schedule. Run by `scripts/browser-test` like test_web.py."""

import time

from selenium.webdriver.common.by import By

from huiyin_browser import *  # noqa: F403

P_GRIDS, P_GRID_MAP = "/staff/grids", "/staff/grids/map"
GRID_MAP, GRID_DATA, MAP_TABLE_ROWS = "#grid-map", "#grid-data", "#map-grids tbody tr"
GRID_POLYGONS = "#grid-map path.leaflet-interactive"
DIARY_FORM, DIARY_ROWS, REPORT_FORM = "form#diary-form", "#diary tbody tr", "form#grid-report-form"
KANGZHUANG_1 = "yx-dh-hb-kz-g1"


def map_ready(driver, what):
    """Wait until huiyin.js has drawn the Leaflet layer (data-ready = number of grids drawn)."""
    box = wait_css(driver, GRID_MAP, what="the map box")
    deadline = time.monotonic() + WAIT
    while not box.get_attribute("data-ready"):
        if time.monotonic() > deadline:
            note = find(driver, "#map-note")
            fail(driver, f"{what}: Leaflet did not draw the grids ({note.text if note else 'no note'})")
        time.sleep(0.1)
    return int(box.get_attribute("data-ready"))


class GrassrootsTests(BrowserTest):

    def test_grid_map_and_worker(self):
        # A leader sees every grid of the city on the map, drawn from the GeoJSON boundaries.
        leader = self.browser()
        leader.set_window_size(1280, 1000)
        login(leader, "leader")
        visit(leader, P_GRID_MAP, "grid-map-leader")
        drawn = map_ready(leader, "leader's map")
        polygons = leader.find_elements(By.CSS_SELECTOR, GRID_POLYGONS)
        rows = leader.find_elements(By.CSS_SELECTOR, MAP_TABLE_ROWS)
        if drawn != 16 or len(polygons) != 16 or len(rows) != 16:
            fail(leader, f"the city has 16 grids: drawn {drawn}, {len(polygons)} polygons, {len(rows)} table rows")
        colours = {p.get_attribute("fill") for p in polygons}
        if not colours <= {"#c92a2a", "#f59f00", "#2e7d32"} or len(colours) < 2:
            fail(leader, f"grids should be coloured by open / overdue cases, got fills {colours}")
        shot(leader, "grid-map")
        # Clicking a grid opens its popup with the worker, the supervision phone and a link to the grid.
        leader.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", polygons[0])
        wait_text(leader, ".leaflet-popup-content", "监督电话", contains=True, what="the grid popup")
        popup = find(leader, ".leaflet-popup-content")
        if "网格员" not in popup.text or "监督电话" not in popup.text or find(popup, "a") is None:
            fail(leader, f"the popup should name the worker and the supervision phone, got {popup.text!r}")
        click(leader, find(popup, "a"), "grid-from-map")
        wait_css(leader, "#grid-worker", what="the grid page")

        # The 康庄 grid worker sees only their own two grids, logs a visit and reports an issue.
        worker = self.browser()
        login(worker, "grid")
        visit(worker, P_GRID_MAP, "grid-map-worker")
        if map_ready(worker, "worker's map") != 2 or len(worker.find_elements(By.CSS_SELECTOR, MAP_TABLE_ROWS)) != 2:
            fail(worker, "a grid worker's map should show their own two grids only")
        visit(worker, f"{P_GRIDS}/{KANGZHUANG_1}", "grid-page")
        heard = f"独居老人反映屋顶漏雨（{unique()}）"
        form = wait_css(worker, DIARY_FORM, what="the diary form")
        fill(form, "household", "5组18号 王大爷家")
        fill(form, "heard", heard)
        submit_form(worker, form, "diary-saved")
        expect_no_error(worker, "saving a diary entry")
        if heard not in wait_css(worker, "#diary", what="the diary").text:
            fail(worker, "the new diary entry should be listed on the grid page")
        title = f"康庄社区5组屋顶漏雨需维修（{unique()}）"
        form = wait_css(worker, REPORT_FORM, what="the grid report form")
        fill(form, "title", title)
        fill(form, "content", "独居老人王大爷家屋顶漏雨，雨天无法居住，请社区和住建部门协调维修。")
        fill(form, "name", "王大爷")
        fill(form, "phone", "13907951234")
        submit_form(worker, form, "grid-report-case")
        expect_no_error(worker, "reporting an issue from the grid")
        wait_text(worker, CASE_TITLE, title, contains=True, what="the reported case")
        if "网格上报" not in worker.find_element(By.TAG_NAME, "main").text:
            fail(worker, "the reported case should show channel 网格上报")
        # Another grid is out of the worker's reach.
        visit(worker, f"{P_GRIDS}/yx-xs-lx-ml-g1", "other-grid")
        if find(worker, "#grid-worker") is not None:
            fail(worker, "a grid worker must not open another worker's grid")

    def test_mediation_from_receipt_to_revisit(self):
        # The 青石镇 mediator registers a dispute and takes it through 调查, 调解, 协议, 履行 and 回访.
        mediator = self.browser()
        login(mediator, "handler-dh-qs-zf")
        visit(mediator, "/staff/disputes", "disputes")
        before = text_of(mediator, "#mediation-rate-total")
        summary = f"两户因院墙滴水发生争执（{unique()}）"
        form = wait_css(mediator, "form#dispute-form", what="the dispute form")
        fill(form, "territory", "yx-dh-qs-sq")
        fill(form, "type", "邻里纠纷")
        fill(form, "summary", summary)
        fill(form, "parties", "钱某 13900001111 申请人\n孙某 13900002222 被申请人")
        fill(form, "risk", "中")
        submit_form(mediator, form, "dispute-received")
        expect_no_error(mediator, "registering a dispute")
        wait_text(mediator, "#dispute-stage", "受理", what="the stage of a new dispute")
        if summary not in text_of(mediator, "#dispute-summary") or "钱某" not in text_of(mediator, "#dispute-parties"):
            fail(mediator, "the dispute page should show the summary and the parties")

        steps = [
            ("investigate", {"note": "走访双方和邻居，查明滴水情况。"}, "调查"),
            ("mediate", {"mediation_kind": "people"}, "调解"),
            ("agree", {"agreement": "孙某于十日内加装院墙滴水檐，钱某不再追究。"}, "履行"),
            ("fulfil", {"fulfilment": "fulfilled"}, "履行"),
            ("revisit", {"note": "回访双方，滴水檐已装好，双方满意。"}, "回访结案"),
        ]
        for action, fields, stage in steps:
            form = wait_css(mediator, f'form.dispute-action[data-action="{action}"]', what=f"the {action} form")
            for name, value in fields.items():
                fill(form, name, value)
            submit_form(mediator, form, f"dispute-{action}")
            expect_no_error(mediator, f"mediation step {action}")
            wait_text(mediator, "#dispute-stage", stage, what=f"the stage after {action}")
        if "人民调解" not in text_of(mediator, "#mediation-kind") or "滴水檐" not in text_of(mediator, "#agreement") \
                or "已履行" not in text_of(mediator, "#fulfilment"):
            fail(mediator, "the closed dispute should show the mediation kind, the agreement and its fulfilment")
        events = mediator.find_elements(By.CSS_SELECTOR, "#dispute-events li")
        if len(events) != 6:
            fail(mediator, f"the history should have 受理 and five steps, found {len(events)}")
        if mediator.find_elements(By.CSS_SELECTOR, "form.dispute-action"):
            fail(mediator, "a dispute closed after 回访 offers no more steps")

        # The success rate counts it: one more received and one more settled.
        visit(mediator, "/staff/disputes", "disputes-after")
        after = text_of(mediator, "#mediation-rate-total")
        if after == before:
            fail(mediator, f"the success rate should change after a settled dispute (was {before}, now {after})")

    def test_published_reception_schedule(self):
        # The district petition office schedules the district head's reception day and publishes it.
        office = self.browser()
        login(office, "dispatcher-dh")
        visit(office, "/staff/receptions", "receptions")
        place = f"东湖区群众来访接待中心二楼（{unique()}）"
        form = wait_css(office, "form#reception-form", what="the scheduling form")
        fill(form, "leader", "leader-dh")
        fill(form, "leader_title", "区长")
        fill(form, "portfolio", "城乡建设、生态环境")
        fill(form, "place", place)
        submit_form(office, form, "reception-scheduled")
        expect_no_error(office, "scheduling a reception day")
        wait_text(office, "#reception-status", "已公布", what="the status of a published day")

        # Anyone sees it on the portal, without logging in.
        citizen = self.browser(phone=True)
        visit(citizen, "/reception", "portal-reception")
        rows = [r for r in citizen.find_elements(By.CSS_SELECTOR, "#reception-schedule tr.reception-row") if place in r.text]
        if len(rows) != 1 or "吴区长" not in rows[0].text or "城乡建设" not in rows[0].text:
            fail(citizen, f"the public schedule should list the new day once with the leader and portfolio ({len(rows)} rows)")

        # A visit on the day is registered as a case through channel 领导接待日; the leader takes it on (包案).
        title = f"小区电梯停运两个月无人维修（{unique()}）"
        form = wait_css(office, "form#visit-form", what="the visit form")
        fill(form, "title", title)
        fill(form, "content", "小区3号楼电梯停运两个月，物业与业委会互相推诿，老人上下楼困难。")
        fill(form, "name", "赵女士")
        fill(form, "phone", "13907950000")
        submit_form(office, form, "reception-visit-case")
        expect_no_error(office, "registering a visit")
        wait_text(office, CASE_TITLE, title, contains=True, what="the visit's case")
        if "领导接待日" not in office.find_element(By.TAG_NAME, "main").text:
            fail(office, "the visit's case should show channel 领导接待日")
        number = text_of(office, CASE_NUMBER)
        office.back()
        reception_url = office.current_url

        leader = self.browser()
        login(leader, "leader-dh")
        leader.get(reception_url)
        wait_ready(leader)
        row = wait_css(leader, f'#reception-cases tr[data-case="{number}"]', what="the visit on the reception page")
        click(leader, find(row, "form.take-on button"), "take-on")
        expect_no_error(leader, "taking the case on")
        owner = wait_css(leader, f'#reception-cases tr[data-case="{number}"] td.owner', what="the owner cell")
        if "吴区长" not in owner.text:
            fail(leader, f"after 包案 the case should show the leader as owner, got {owner.text!r}")
        visit(leader, "/staff/receptions", "owned-cases")
        if number not in text_of(leader, "#owned-cases"):
            fail(leader, "the leader's 包案 list should show the case until it is closed")

        # Withdrawn from the portal: the citizen no longer sees it.
        office.get(reception_url)
        wait_ready(office)
        submit_form(office, wait_css(office, 'form[action$="/withdraw"]', what="the withdraw form"), "withdrawn")
        visit(citizen, "/reception", "portal-reception-after")
        if place in citizen.find_element(By.TAG_NAME, "main").text:
            fail(citizen, "a withdrawn reception day must disappear from the portal")
