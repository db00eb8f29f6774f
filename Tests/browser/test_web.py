"""Browser tests of Huiyin's web UI: the citizen portal and the staff pages, in headless Chromium.

Run with `scripts/browser-test [sqlite|postgres|both]`, which starts a demo server (云溪市) and points
these tests at it through HUIYIN_URL. Every page visited is saved as a PNG under HUIYIN_SCREENSHOTS.
"""

import http.server
import threading
import time
import unittest
from urllib.parse import quote

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# The selectors (constants) and the helpers are the tests' vocabulary: see huiyin_browser.py.
from huiyin_browser import *  # noqa: F403


class WebTests(BrowserTest):

    # a ------------------------------------------------------------------------------------------
    def test_citizen_to_answer_flow(self):
        title = f"小区路灯损坏三个月无人修（{unique()}）"
        reply = f"经现场核查，青石镇幸福路小区路灯线路老化，已于本周更换线路和灯具，路灯恢复正常。（{unique()}）"

        citizen = self.browser()
        number, code = portal_submit(citizen, title)

        # The city dispatcher assigns it to 市住建局.
        dispatcher = self.browser()
        login(dispatcher, "dispatcher")
        if not dispatcher.find_elements(By.CSS_SELECTOR, WORKBENCH_COUNT_LINK):
            fail(dispatcher, f"the workbench {P_STAFF} should show counts as `{WORKBENCH_COUNT_LINK}` links")
        open_case(dispatcher, number)
        wait_text(dispatcher, CASE_TITLE, title, contains=True, what="the case title")
        wait_text(dispatcher, CASE_STATE, STATE_REGISTERED, what="the state of a new portal case")
        assign(dispatcher, number, "yx-zjj")
        logout(dispatcher)
        visit(dispatcher, P_STAFF, "staff-after-logout")
        if find(dispatcher, LOGIN_FORM) is None:
            fail(dispatcher, f"after logging out, {P_STAFF} should ask to log in again")

        # The handler of 市住建局 finds it in the case list and replies.
        handler = self.browser()
        login(handler, "handler")
        visit(handler, P_CASES, "case-list")
        rows = case_rows(handler, number)
        if not rows:  # not on the first page of the list: the search must find it
            search_cases(handler, number)
            rows = case_rows(handler, number)
        if len(rows) != 1:
            fail(handler, f"the handler's case list should show {number} in exactly one `{CASE_ROW}`, "
                          f"found {len(rows)}")
        status = find(rows[0], CLOCK_STATUS)
        if status is None:
            fail(handler, f"the row of {number} has no `{CLOCK_STATUS}` cell")
        if status.text.strip() not in CLOCK_STATUSES:
            fail(handler, f"`{CLOCK_STATUS}` of {number} is {status.text.strip()!r}, expected one of "
                          f"{sorted(CLOCK_STATUSES)}")
        link = find(rows[0], f'a[href*="{number}"]') or find(rows[0], "a")
        if link is not None:
            click(handler, link, "case-from-list")
        else:
            open_case(handler, number)
        wait_text(handler, CASE_TITLE, title, contains=True, what="the case title")
        case_action(handler, number, "reply", {F_OPINION: "support", F_REPLY_TEXT: reply}, STATE_REPLIED)

        # The citizen looks it up with the query code, reads the reply and rates it.
        visit(citizen, P_TRACK, "track")
        form = wait_css(citizen, TRACK_FORM, what="the tracking form")
        fill(form, F_NUMBER, number)
        fill(form, F_QUERY_CODE, code)
        submit_form(citizen, form, "track-result", TRACK_BUTTON)
        expect_no_error(citizen, "looking the case up")
        wait_text(citizen, CASE_STATE, STATE_REPLIED, what="the state shown to the citizen")
        wait_text(citizen, REPLY_TEXT, reply, contains=True, what="the reply shown to the citizen")
        form = wait_css(citizen, RATE_FORM, what="the rating form on the tracking page")
        fill(form, F_RATING, "satisfied")
        shot(citizen, "rate-filled")
        submit_form(citizen, form, "after-rate", RATE_BUTTON)
        expect_no_error(citizen, "rating the reply")
        wait_text(citizen, CASE_STATE, STATE_CLOSED, what="the state after the citizen's rating")
        wait_text(citizen, RATING, "满意", contains=True, what="the rating shown after rating")

    # b ------------------------------------------------------------------------------------------
    def test_other_unit_handler_cannot_open(self):
        title = f"小区路灯损坏三个月无人修（{unique()}）"
        citizen = self.browser()
        number, _ = portal_submit(citizen, title)
        dispatcher = self.browser()
        login(dispatcher, "dispatcher")
        assign(dispatcher, number, "yx-zjj")

        other = self.browser()
        login(other, "handler-sthjj")  # 云溪市生态环境局
        open_case(other, number, "case-of-other-unit")
        expect_error(other, "not_in_scope", f"{number} belongs to 市住建局")
        if title in other.page_source:
            fail(other, "the error page for a case out of scope must not show its title")
        visit(other, f"{P_CASES}?q={quote(number)}", "case-search-other-unit")
        if case_rows(other, number):
            fail(other, f"a handler of another unit must not find {number} in the case list")
        if title in other.page_source:
            fail(other, "a handler of another unit must not see the case's title in the case list")

    # c ------------------------------------------------------------------------------------------
    def test_accused_unit_never_sees_whistleblower(self):
        title = f"举报东湖区某部门违规收费（{unique()}）"
        whistleblower, companion = "钱举报", "孙联名"

        registrar = self.browser()
        login(registrar, "registrar")
        visit(registrar, P_NEW_CASE, "intake-form")
        form = wait_css(registrar, INTAKE_FORM, what="the intake form")
        fill(form, F_CHANNEL, "来访")
        fill(form, F_KIND, "检举控告")
        choose_first(form, F_CATEGORY)
        fill(form, F_TERRITORY, "yx-dh")
        fill(form, F_TITLE, title)
        fill(form, F_CONTENT, "东湖区某部门在办理营业执照变更时收取所谓“加急费”五百元，没有任何票据，请求查处。")
        fill(form, F_P_NAME, whistleblower)
        fill(form, F_P_PHONE, "13900139000")
        # A second petitioner row, added by the page's script.
        add = wait_css(registrar, ADD_PETITIONER, what="the button that adds a petitioner row")
        before = len(form.find_elements(By.CSS_SELECTOR, f'[name="{F_P_NAME}"]'))
        registrar.execute_script("arguments[0].scrollIntoView({block: 'center'});", add)
        add.click()
        try:
            WebDriverWait(registrar, 5).until(
                lambda d: len(form.find_elements(By.CSS_SELECTOR, f'[name="{F_P_NAME}"]')) == before + 1)
        except Exception:  # noqa: BLE001
            fail(registrar, f"`{ADD_PETITIONER}` should add a row with another `{F_P_NAME}` field")
        fill(form, F_P_NAME, companion, index=before)
        fill(form, F_P_PHONE, "13900139001", index=before)
        fill(form, F_ACCUSED_UNIT, "yx-dh-zf")
        shot(registrar, "intake-filled")
        submit_form(registrar, form, "intake-receipt", INTAKE_BUTTON)
        expect_no_error(registrar, "registering the case")
        number = text_of(registrar, CASE_NUMBER)

        # Positive control: the city's 信访局 sees who reported it.
        dispatcher = self.browser()
        login(dispatcher, "dispatcher")
        open_case(dispatcher, number)
        wait_text(dispatcher, PETITIONERS, whistleblower, contains=True, what="the petitioners")
        wait_text(dispatcher, PETITIONERS, companion, contains=True, what="the second petitioner")

        # The accused 东湖区人民政府 and the 东湖区信访局 under it see nothing of it.
        for username in ("dispatcher-dh", "leader-dh"):
            with self.subTest(user=username):
                d = self.browser()
                login(d, username)
                for who in (whistleblower, companion):
                    if who in d.page_source:
                        fail(d, f"{username}'s workbench shows the whistleblower {who}")
                open_case(d, number, f"case-as-{username}")
                expect_error(d, "accused_unit_excluded", f"{username} is (under) the accused unit")
                for secret in (whistleblower, companion, "13900139000", title):
                    if secret in d.page_source:
                        fail(d, f"the page shown to {username} contains {secret!r}")
                visit(d, f"{P_CASES}?q={quote(number)}", f"case-search-as-{username}")
                if case_rows(d, number):
                    fail(d, f"{username} must not find {number} in the case list")
                for secret in (whistleblower, companion, title):
                    if secret in d.page_source:
                        fail(d, f"the case list shown to {username} contains {secret!r}")
                visit(d, P_CASES, f"case-list-as-{username}")
                for secret in (whistleblower, companion, title):
                    if secret in d.page_source:
                        fail(d, f"the case list shown to {username} contains {secret!r}")

    # d ------------------------------------------------------------------------------------------
    def test_csrf_attempts_fail(self):
        title = f"小区路灯损坏三个月无人修（{unique()}）"
        citizen = self.browser()
        number, _ = portal_submit(citizen, title)

        dispatcher = self.browser()
        login(dispatcher, "dispatcher")

        # 1. A forged token in a real form.
        open_case(dispatcher, number, "case-before-forged-token")
        wait_text(dispatcher, CASE_STATE, STATE_REGISTERED)
        form = action_form(dispatcher, "accept")
        token = form.find_elements(By.CSS_SELECTOR, f'input[name="{CSRF_FIELD}"]')
        if not token:
            fail(dispatcher, f"the accept form has no hidden `{CSRF_FIELD}` input")
        dispatcher.execute_script("arguments[0].value = 'forged';", token[0])
        js_submit(dispatcher, form, "forged-token")
        expect_error(dispatcher, "csrf_failed", "accept with a forged _csrf")
        open_case(dispatcher, number, "case-after-forged-token")
        wait_text(dispatcher, CASE_STATE, STATE_REGISTERED, what="the state after a forged request")

        # 2. Another site (same host, other port) posts to the action URL from the logged-in browser.
        target = url(P_CASE_ACTIONS(number))
        page = f"""<!doctype html><html><head><meta charset="utf-8"><title>抽奖活动</title></head><body>
<p>正在跳转…</p>
<form id="attack" method="post" action="{target}">
<input type="hidden" name="action" value="refuse">
<input type="hidden" name="reason" value="伪造">
<input type="hidden" name="note" value="伪造">
</form>
<script>document.getElementById('attack').submit();</script>
</body></html>""".encode("utf-8")

        class Attacker(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args):
                pass

        attacker = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Attacker)
        threading.Thread(target=attacker.serve_forever, daemon=True).start()
        self.addCleanup(attacker.server_close)
        self.addCleanup(attacker.shutdown)
        dispatcher.get(f"http://127.0.0.1:{attacker.server_address[1]}/")
        try:
            WebDriverWait(dispatcher, WAIT).until(lambda d: d.current_url.startswith(BASE_URL))
            wait_ready(dispatcher)
        except Exception:  # noqa: BLE001 - the outcome is judged on the case below
            pass
        time.sleep(0.5)
        shot(dispatcher, "cross-site-post")
        answered = error_code(dispatcher)
        open_case(dispatcher, number, "case-after-cross-site-post")
        wait_text(dispatcher, CASE_STATE, STATE_REGISTERED,
                  what=f"the state after a cross-site post (the server answered it with error {answered!r})")

        # 3. The portal's form without its token.
        anonymous = self.browser()
        visit(anonymous, P_SUBMIT, "submit-form")
        form = wait_css(anonymous, SUBMIT_FORM, what="the portal's submit form")
        removed = anonymous.execute_script(
            "const i = arguments[0].querySelectorAll('input[name=\"' + arguments[1] + '\"]');"
            "i.forEach(e => e.remove()); return i.length;", form, CSRF_FIELD)
        if not removed:
            fail(anonymous, f"the portal's submit form has no `{CSRF_FIELD}` input")
        fill_petition(form, dict(DEFAULT_PETITION, title=f"无令牌提交（{unique()}）"))
        submit_form(anonymous, form, "submit-without-token", SUBMIT_BUTTON)
        expect_error(anonymous, "csrf_failed", "portal submission without _csrf")

    # e ------------------------------------------------------------------------------------------
    def test_xss_is_escaped(self):
        title = f'<script>document.title="XSS"</script>路灯{unique()}'
        content = '<img src=x onerror="window.__xss=1">内容'

        def assert_inert(driver, where):
            if driver.execute_script("return window.__xss") is not None:
                fail(driver, f"{where}: the content's onerror handler ran (window.__xss is set)")
            if driver.title == "XSS":
                fail(driver, f"{where}: the title's script ran (document.title is 'XSS')")
            if driver.find_elements(By.CSS_SELECTOR, 'img[src="x"]'):
                fail(driver, f"{where}: the content became an <img> element")
            scripts = driver.execute_script(
                "return Array.from(document.scripts).filter(s => s.text.includes('XSS')).length")
            if scripts:
                fail(driver, f"{where}: the title became a <script> element")

        citizen = self.browser()
        number, code = portal_submit(citizen, title, content)
        assert_inert(citizen, "portal receipt")
        visit(citizen, P_TRACK, "track")
        form = wait_css(citizen, TRACK_FORM, what="the tracking form")
        fill(form, F_NUMBER, number)
        fill(form, F_QUERY_CODE, code)
        submit_form(citizen, form, "track-result", TRACK_BUTTON)
        wait_css(citizen, CASE_STATE, what="the tracking result")
        assert_inert(citizen, "tracking result")

        dispatcher = self.browser()
        login(dispatcher, "dispatcher")
        visit(dispatcher, f"{P_CASES}?q={quote('路灯')}", "case-search")
        assert_inert(dispatcher, "case list")
        for row in case_rows(dispatcher, number):
            if "<script>" not in row.text:
                fail(dispatcher, f"the list row of {number} should show the title literally, shows {row.text!r}")
        open_case(dispatcher, number)
        assert_inert(dispatcher, "case page")
        wait_text(dispatcher, CASE_TITLE, "<script>", contains=True, what="the title, shown as text")
        body = dispatcher.find_element(By.TAG_NAME, "body").text
        if "<img src=x" not in body:
            fail(dispatcher, "the case page should show the content literally (`<img src=x …` as text)")

    # f ------------------------------------------------------------------------------------------
    def test_dashboard_and_wall(self):
        leader = self.browser()
        login(leader, "leader")
        visit(leader, P_DASHBOARD, "dashboard")
        for css in DASHBOARD_TABLES + [DASHBOARD_OVERDUE_TABLE]:
            table = wait_css(leader, f"table{css}" if css.startswith("#") else css, what="a dashboard table")
            rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
            if css != DASHBOARD_OVERDUE_TABLE and not rows:
                fail(leader, f"dashboard table `{css}` has no `tbody tr` (the demo data has cases)")
        for css in DASHBOARD_RATES:
            rate = text_of(leader, css)
            if "%" not in rate and "—" not in rate:
                fail(leader, f"dashboard rate `{css}` should show a percentage or —, shows {rate!r}")
        if chart_js_served():
            time.sleep(1)
            try:
                WebDriverWait(leader, 10).until(lambda d: d.execute_script(JS_CHART_DRAWN))
            except Exception:  # noqa: BLE001
                fail(leader, f"{P_CHART_JS} is served, but no chart <canvas> was drawn on the dashboard")
            shot(leader, "dashboard-charts")

        # The wall: a citizen posts, it stays hidden until the dispatcher publishes it.
        title = f"建议青石镇增设公交站点（{unique()}）"
        citizen = self.browser()
        visit(citizen, P_WALL_NEW, "wall-form")
        form = wait_css(citizen, WALL_FORM, what="the wall's posting form")
        fill(form, F_TITLE, title)
        fill(form, F_CONTENT, "青石镇幸福路一带居民多，最近的公交站要走二十分钟，建议增设一个站点方便老人出行。")
        fill(form, F_TERRITORY, "yx-dh-qs")
        if has_field(form, F_NAME):
            fill(form, F_NAME, "张三")
        if has_field(form, F_PHONE):
            fill(form, F_PHONE, "13800138000")
        shot(citizen, "wall-form-filled")
        submit_form(citizen, form, "wall-receipt", WALL_BUTTON)
        expect_no_error(citizen, "posting to the wall")
        text_of(citizen, CASE_NUMBER)
        visit(citizen, P_WALL, "wall-before-publish")
        if title in citizen.page_source:
            fail(citizen, "an unmoderated post must not be on the public wall")

        dispatcher = self.browser()
        login(dispatcher, "dispatcher")
        visit(dispatcher, P_STAFF_WALL, "staff-wall")
        items = [i for i in dispatcher.find_elements(By.CSS_SELECTOR, MODERATION_ITEM) if title in i.text]
        if len(items) != 1:
            fail(dispatcher, f"{P_STAFF_WALL} should list the new post in one `{MODERATION_ITEM}`, found {len(items)}")
        publish = find(items[0], ACTION_FORM("publish"))
        if publish is None:
            fail(dispatcher, f"the new post's `{MODERATION_ITEM}` has no `{ACTION_FORM('publish')}`")
        submit_form(dispatcher, publish, "after-publish")
        expect_no_error(dispatcher, "publishing the post")

        anonymous = self.browser()
        visit(anonymous, P_WALL, "wall-after-publish")
        posts = [p for p in anonymous.find_elements(By.CSS_SELECTOR, WALL_POST) if title in p.text]
        if not posts:
            fail(anonymous, f"the published post should be on {P_WALL} as a `{WALL_POST}`")

        phone = self.browser(phone=True)
        visit(phone, P_HOME, "phone-home")
        visit(phone, P_WALL, "phone-wall")
        width = phone.execute_script("return document.documentElement.scrollWidth")
        viewport = phone.execute_script("return window.innerWidth")
        if width > viewport + 1:
            fail(phone, f"{P_WALL} is wider ({width}px) than a phone's screen ({viewport}px)")

    # g ------------------------------------------------------------------------------------------
    def test_search_and_hot_issues(self):
        dispatcher = self.browser()
        login(dispatcher, "dispatcher")
        # One character: the bigram index answers it (FTS5 trigram could not).
        visit(dispatcher, "/staff/search?q=" + quote("灯"), "search-one-character")
        results = wait_css(dispatcher, "#search-results", what="the search result list")
        marks = results.find_elements(By.CSS_SELECTOR, "mark")
        if not marks or any(m.text != "灯" for m in marks[:10]):
            fail(dispatcher, "a one-character search should mark every match with <mark>灯</mark>")
        first = results.find_element(By.CSS_SELECTOR, "li a")
        first.click()
        wait_css(dispatcher, CASE_TITLE, what="the case a search result links to")

        leader = self.browser()
        login(leader, "leader")
        visit(leader, "/staff/hot", "hot-issues")
        wait_css(leader, "table#hot-issues", what="the hot issue table")
        wait_css(leader, "#alerts, .muted", what="the warnings section")


if __name__ == "__main__":
    unittest.main(verbosity=2)
