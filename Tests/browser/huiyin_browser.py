"""Helpers for Huiyin's browser tests (Selenium + Debian's headless Chromium).

Run through `scripts/browser-test`, which starts a demo server and sets:

    HUIYIN_URL          http://127.0.0.1:PORT of the server under test
    HUIYIN_ENGINE       sqlite | postgres (only shown in messages)
    HUIYIN_SCREENSHOTS  folder for the PNG screenshots (one per page visited)

Every selector the tests rely on is a constant in the block below, so a page that names
something differently can be followed by changing one line here.
"""

import os
import re
import secrets
import time
import unittest
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    NoAlertPresentException,
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

# ---------------------------------------------------------------------------------------------
# Selectors and fixed values (keep them here: the pages are written in parallel with the tests)
# ---------------------------------------------------------------------------------------------

# Common
CSRF_FIELD = "_csrf"
ERROR_CODE = "#error-code"
ERROR_MESSAGE = "#error-message"
FORM_ERROR = ".form-error"          # a form shown again with what was wrong (portal, intake, action forms)
CASE_NUMBER = "#case-number"        # receipt pages (portal, intake, wall)
QUERY_CODE = "#query-code"          # portal receipt
CASE_STATE = "#case-state"          # staff case page and /track result
CASE_TITLE = "#case-title"          # staff case page
PETITIONERS = "#petitioners"        # staff case page, block listing the petitioners

# Portal (no login)
PORTAL_SUBMIT_LINK = "a#link-submit"
SUBMIT_FORM = "form#submit-form"
SUBMIT_BUTTON = "#submit-button"
TRACK_FORM = "form#track-form"
TRACK_BUTTON = "#track-button"
REPLY_TEXT = "#reply-text"
RATE_FORM = "form#rate-form"
RATE_BUTTON = "#rate-button"
RATING = "#rating"
WALL_FORM = "form#wall-form"
WALL_BUTTON = "#wall-button"
WALL_POST = ".wall-post"

# Staff
LOGIN_FORM = "form#login-form"
LOGIN_BUTTON = "#login-button"
LOGOUT_FORM = "form#logout-form"
WORKBENCH_COUNT_LINK = "a.count-link"
CASE_ROW = "tr.case-row"
CLOCK_STATUS = "td.clock-status"
FILTER_FORM = "form#filter-form"
INTAKE_FORM = "form#intake-form"
INTAKE_BUTTON = "#intake-button"
ADD_PETITIONER = "#add-petitioner"
MODERATION_ITEM = ".moderation-item"
DASHBOARD_TABLES = ["#table-month", "#table-category", "#table-territory", "#table-channel", "#table-unit"]
DASHBOARD_OVERDUE_TABLE = "#table-overdue"
DASHBOARD_RATES = ["#rate-accept", "#rate-reply", "#rate-satisfaction"]


def ACTION_FORM(action):
    """The form that performs one case action on the staff case page (or /staff/wall)."""
    return f'form.action-form[data-action="{action}"]'


CLOCK_STATUSES = {"正常", "临期", "超期", "暂停计时", "等待信访人", "申请期已届满", "—"}

# Form field names
F_USERNAME, F_PASSWORD = "username", "password"
F_KIND, F_CATEGORY, F_TERRITORY = "kind", "category", "territory"
F_TITLE, F_CONTENT = "title", "content"
F_NAME, F_PHONE, F_ADDRESS = "name", "phone", "address"
F_NUMBER, F_QUERY_CODE = "number", "query_code"
F_RATING = "rating"
F_LEAD_UNIT = "lead_unit"
F_OPINION, F_REPLY_TEXT = "opinion", "text"
F_CHANNEL, F_ACCUSED_UNIT = "channel", "accused_unit"
F_P_NAME, F_P_ID, F_P_PHONE, F_P_ADDRESS = "p_name", "p_id_number", "p_phone", "p_address"
F_SEARCH = "q"                       # the free-text search of form#filter-form (/staff/cases?q=…)

# Demo data (云溪市)
DEMO_PASSWORD = "huiyin-demo"
STATE_REGISTERED, STATE_ASSIGNED, STATE_REPLIED, STATE_CLOSED = "已登记", "已交办", "已答复", "已办结"

# Paths
P_HOME, P_SUBMIT, P_TRACK, P_WALL, P_WALL_NEW = "/", "/submit", "/track", "/wall", "/wall/new"
P_LOGIN, P_STAFF, P_CASES, P_NEW_CASE = "/staff/login", "/staff", "/staff/cases", "/staff/cases/new"
P_DASHBOARD, P_STAFF_WALL = "/staff/dashboard", "/staff/wall"
P_CHART_JS = "/assets/chart.js"


def P_CASE(number):
    return f"/staff/cases/{number}"


def P_CASE_ACTIONS(number):
    return f"/staff/cases/{number}/actions"


# Browser
CHROMIUM = os.environ.get("HUIYIN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HUIYIN_CHROMEDRIVER", "/usr/bin/chromedriver")
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36")
WAIT = float(os.environ.get("HUIYIN_WAIT", "20"))   # seconds for an explicit wait
SHOT_MAX_HEIGHT = 6000                              # full-page screenshots are cut here (CSS px)

BASE_URL = os.environ.get("HUIYIN_URL", "http://127.0.0.1:8080").rstrip("/")
ENGINE = os.environ.get("HUIYIN_ENGINE", "?")
SCREENSHOTS = os.environ.get("HUIYIN_SCREENSHOTS", os.path.join(".build", "screenshots", "local"))


def url(path):
    return path if path.startswith("http") else BASE_URL + path


def unique(prefix=""):
    """A short random tag, so titles of one run never meet those of an earlier run on the same server."""
    return prefix + secrets.token_hex(3)


# ---------------------------------------------------------------------------------------------
# Drivers
# ---------------------------------------------------------------------------------------------

def _options():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=zh-CN", "--no-first-run", "--no-default-browser-check",
                "--disable-search-engine-choice-screen", "--disable-features=Translate"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    # A page may ask `confirm("确定退回？")` before an action: accept it like a person who means it.
    options.unhandled_prompt_behavior = "accept"
    return options


def new_driver():
    """A desktop-size headless Chromium (1280x900) with a fresh profile (no cookies)."""
    options = _options()
    options.add_argument("--window-size=1280,900")
    return _start(options)


def new_phone_driver():
    """A phone-size headless Chromium (390x844 CSS px, mobile user agent, touch)."""
    options = _options()
    options.add_argument("--window-size=390,844")
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2, "touch": True, "mobile": True},
        "userAgent": PHONE_UA,
    })
    return _start(options)


def _start(options):
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    return driver


# ---------------------------------------------------------------------------------------------
# Screenshots
# ---------------------------------------------------------------------------------------------

_current = {"test": "test", "n": 0}


def set_test_name(name):
    """Called by BrowserTest.setUp: screenshots are named after the running test and numbered."""
    _current["test"] = name
    _current["n"] = 0


def _safe(name):
    return re.sub(r"[^0-9A-Za-z_.-]+", "-", name).strip("-") or "page"


def shot(driver, name):
    """Save `<HUIYIN_SCREENSHOTS>/<test>-<NN>-<name>.png` (the whole page, up to SHOT_MAX_HEIGHT px)."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    _current["n"] += 1
    path = os.path.join(SCREENSHOTS, f"{_current['test']}-{_current['n']:02d}-{_safe(name)}.png")
    try:
        _full_page_png(driver, path)
    except Exception:  # noqa: BLE001 - a plain viewport screenshot is better than none
        try:
            driver.save_screenshot(path)
        except WebDriverException:
            return None
    return path


def _full_page_png(driver, path):
    import base64

    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    viewport = metrics.get("cssLayoutViewport") or metrics["layoutViewport"]
    width = max(int(viewport["clientWidth"]), 1)
    height = max(min(int(size["height"]), SHOT_MAX_HEIGHT), int(viewport["clientHeight"]), 1)
    data = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True, "fromSurface": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
    })["data"]
    with open(path, "wb") as f:
        f.write(base64.b64decode(data))


# ---------------------------------------------------------------------------------------------
# Messages and waits
# ---------------------------------------------------------------------------------------------

def page_info(driver, chars=500):
    """Current URL and the first `chars` characters of the page's visible text (for failure messages)."""
    try:
        current = driver.current_url
    except WebDriverException as e:
        return f"(no page: {e.msg})"
    try:
        text = driver.find_element(By.TAG_NAME, "body").text
    except WebDriverException:
        text = "(no body)"
    text = re.sub(r"\n{2,}", "\n", text or "").strip()
    return f"[{ENGINE}] URL: {current}\n--- page text ---\n{text[:chars]}\n---"


def fail(driver, message):
    """Take a `failure` screenshot and raise AssertionError with the URL and the page's text."""
    path = shot(driver, "FAILED")
    raise AssertionError(f"{message}\n{page_info(driver)}" + (f"\nscreenshot: {path}" if path else ""))


def wait_ready(driver, timeout=WAIT):
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")


def wait_css(driver, css, timeout=WAIT, what=None, visible=False):
    """The first element matching `css`, waiting for it; a clear failure when it does not come."""
    condition = EC.visibility_of_element_located if visible else EC.presence_of_element_located
    try:
        return WebDriverWait(driver, timeout).until(condition((By.CSS_SELECTOR, css)))
    except TimeoutException:
        fail(driver, f"expected {what or 'an element'} `{css}` on the page (waited {timeout:.0f} s)")


def find(root, css):
    """`root.find_element` by CSS, or None."""
    try:
        return root.find_element(By.CSS_SELECTOR, css)
    except NoSuchElementException:
        return None


def text_of(driver, css, timeout=WAIT):
    return wait_css(driver, css, timeout).text.strip()


def wait_text(driver, css, expected, timeout=WAIT, contains=False, what=None):
    """Wait until the element `css` has the text `expected` (or contains it); fail with what it has."""
    def ok(d):
        try:
            el = d.find_element(By.CSS_SELECTOR, css)
            t = el.text.strip()
            return el if (expected in t if contains else t == expected) else False
        except (NoSuchElementException, StaleElementReferenceException):
            return False
    try:
        return WebDriverWait(driver, timeout).until(ok)
    except TimeoutException:
        el = find(driver, css)
        has = "no such element" if el is None else repr(el.text.strip())
        fail(driver, f"expected {what or css} to {'contain' if contains else 'be'} {expected!r}, found {has}")


def expect_error(driver, code, what=""):
    """The page is an error page with `#error-code` = code."""
    el = find(driver, ERROR_CODE)
    if el is None:
        fail(driver, f"expected an error page with {ERROR_CODE} = {code!r}{' (' + what + ')' if what else ''}, "
                     f"but the page has no {ERROR_CODE}")
    if el.text.strip() != code:
        msg = find(driver, ERROR_MESSAGE)
        fail(driver, f"expected {ERROR_CODE} = {code!r}{' (' + what + ')' if what else ''}, found "
                     f"{el.text.strip()!r} ({msg.text.strip() if msg else 'no message'})")


def expect_no_error(driver, what):
    """Fail at once (instead of waiting for an element that will not come) when the page is an error page
    or shows a form again with `.form-error`."""
    code = error_code(driver)
    if code:
        msg = find(driver, ERROR_MESSAGE)
        fail(driver, f"{what} failed with {code} ({msg.text.strip() if msg else 'no message'})")
    shown = [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, FORM_ERROR) if e.text.strip()]
    if shown:
        fail(driver, f"{what} was refused: {' / '.join(shown)}")


def error_code(driver):
    el = find(driver, ERROR_CODE)
    return el.text.strip() if el is not None else None


# ---------------------------------------------------------------------------------------------
# Navigation
# ---------------------------------------------------------------------------------------------

def visit(driver, path, name=None):
    """Open `path` (relative to HUIYIN_URL), wait for it to load and take its screenshot."""
    driver.get(url(path))
    wait_ready(driver)
    shot(driver, name or _safe(path.strip("/").replace("/", "-") or "home"))
    return driver


def _accept_alert(driver):
    try:
        driver.switch_to.alert.accept()
        return True
    except NoAlertPresentException:
        return False


def navigate_by(driver, do, name, timeout=WAIT):
    """Run `do()` (a click, a form.submit()), wait until the browser has left the current page and the
    new one is loaded (accepting a confirm() on the way), then take the new page's screenshot."""
    old = driver.find_element(By.TAG_NAME, "html")
    do()
    deadline = time.monotonic() + timeout
    while True:
        try:
            _accept_alert(driver)
            if EC.staleness_of(old)(driver):
                break
        except WebDriverException:
            pass
        if time.monotonic() > deadline:
            fail(driver, f"the page did not change within {timeout:.0f} s after `{name}`")
        time.sleep(0.1)
    wait_ready(driver, timeout)
    shot(driver, name)
    return driver


def click(driver, element, name):
    """Click a link or submit button that leads to another page; screenshot the page it leads to."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)

    def press():
        try:
            element.click()
        except ElementClickInterceptedException:  # under a sticky header or the like
            driver.execute_script("arguments[0].click();", element)
    return navigate_by(driver, press, name)


def js_submit(driver, form, name):
    """Submit `form` from script, bypassing its buttons and the browser's own validation."""
    return navigate_by(driver, lambda: driver.execute_script("HTMLFormElement.prototype.submit.call(arguments[0]);",
                                                             form), name)


SUBMIT_BUTTONS = 'button[type="submit"], input[type="submit"], button:not([type])'


def submit_form(driver, form, name, button_css=SUBMIT_BUTTONS):
    """Click the form's submit button: `button_css` inside the form, or, for an id (`#…`), on the page
    (a button may sit outside its form with form="…")."""
    button = find(form, button_css) or (find(driver, button_css) if button_css.startswith("#") else None)
    if button is None:
        fail(driver, f"no submit button `{button_css}` for the form")
    return click(driver, button, name)


# ---------------------------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------------------------

def form_field(form, name, index=0):
    fields = form.find_elements(By.CSS_SELECTOR, f'[name="{name}"]')
    if len(fields) <= index:
        raise AssertionError(f"the form has no field named {name!r}" + (f" #{index + 1}" if index else ""))
    return fields[index]


def has_field(form, name):
    return bool(form.find_elements(By.CSS_SELECTOR, f'[name="{name}"]'))


def fill(form, name, value, index=0):
    """Set the field `name` of `form`: text inputs and textareas are typed into, selects choose the
    option with that value (or, failing that, that visible text), radios and checkboxes click the one with
    that value, hidden inputs are set from script. `index` picks among fields of the same name (for text
    fields and selects; petitioner rows repeat their names)."""
    driver = form.parent
    fields = form.find_elements(By.CSS_SELECTOR, f'[name="{name}"]')
    if not fields:
        raise AssertionError(f"the form has no field named {name!r} (wanted to set {value!r})")
    first = fields[0]
    tag = first.tag_name.lower()
    kind = (first.get_attribute("type") or "").lower()
    if tag == "input" and kind in ("radio", "checkbox"):
        for f in fields:
            if f.get_attribute("value") == value:
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", f)
                if not f.is_selected():
                    try:
                        f.click()
                    except WebDriverException:
                        driver.execute_script("arguments[0].click();", f)
                return f
        raise AssertionError(f"no {kind} {name!r} with value {value!r}; values: "
                             f"{[f.get_attribute('value') for f in fields]}")
    if len(fields) <= index:
        raise AssertionError(f"the form has only {len(fields)} field(s) named {name!r}, wanted #{index + 1}")
    field = fields[index]
    tag = field.tag_name.lower()
    if tag == "select":
        select = Select(field)
        try:
            select.select_by_value(value)
        except NoSuchElementException:
            try:
                select.select_by_visible_text(value)
            except NoSuchElementException:
                raise AssertionError(f"select {name!r} has no option {value!r}; options: "
                                     f"{[o.get_attribute('value') for o in select.options][:40]}") from None
        return field
    if tag == "input" and kind == "hidden":
        driver.execute_script("arguments[0].value = arguments[1];", field, value)
        return field
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
    field.clear()
    field.send_keys(value)
    if field.get_attribute("value") != value:
        # Typing can lose characters (an IME-less CJK edge case, maxlength): set it and tell the page.
        driver.execute_script("arguments[0].value = arguments[1];"
                              "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                              "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", field, value)
    return field


def choose_first(form, name, index=0):
    """Choose the first enabled, non-empty option of select `name`; returns its value."""
    field = form_field(form, name, index)
    if field.tag_name.lower() != "select":
        raise AssertionError(f"field {name!r} is a <{field.tag_name}>, expected a <select>")
    for option in Select(field).options:
        value = option.get_attribute("value") or ""
        if value.strip() and option.is_enabled():
            Select(field).select_by_value(value)
            return value
    raise AssertionError(f"select {name!r} has no non-empty option")


def value_of(form, name, index=0):
    return form_field(form, name, index).get_attribute("value") or ""


# ---------------------------------------------------------------------------------------------
# Staff sessions
# ---------------------------------------------------------------------------------------------

def login(driver, username, password=DEMO_PASSWORD):
    """Log in at /staff/login and land on the workbench (/staff)."""
    visit(driver, P_LOGIN, f"login-{username}")
    form = wait_css(driver, LOGIN_FORM, what="the login form")
    fill(form, F_USERNAME, username)
    fill(form, F_PASSWORD, password)
    submit_form(driver, form, f"after-login-{username}", LOGIN_BUTTON)
    path = re.sub(r"^https?://[^/]+", "", driver.current_url).split("?")[0].rstrip("/")
    if path != P_STAFF or find(driver, LOGIN_FORM) is not None:
        fail(driver, f"logging in as {username!r} should land on {P_STAFF}")
    return driver


def logout(driver):
    form = wait_css(driver, LOGOUT_FORM, what="the logout form")
    submit_form(driver, form, "after-logout")
    return driver


# ---------------------------------------------------------------------------------------------
# Steps shared by the tests
# ---------------------------------------------------------------------------------------------

DEFAULT_PETITION = {
    "kind": "申诉求决",
    "territory": "yx-dh-qs",
    "content": "青石镇幸福路小区的路灯已经坏了三个月，晚上出行很不安全，多次向物业反映都没有人来修，请有关部门尽快处理。",
    "name": "张三",
    "phone": "13800138000",
    "address": "青石镇幸福路1号",
}


def portal_submit(driver, title, content=None, **overrides):
    """A citizen submits a petition on the portal, starting from `/` and its 我要信访 link.
    Returns (case number, query code) read from the receipt page."""
    p = dict(DEFAULT_PETITION, title=title, **overrides)
    if content is not None:
        p["content"] = content
    visit(driver, P_HOME, "portal-home")
    link = wait_css(driver, PORTAL_SUBMIT_LINK, what="the portal's link to the submit form")
    click(driver, link, "submit-form")
    form = wait_css(driver, SUBMIT_FORM, what="the portal's submit form")
    fill_petition(form, p)
    shot(driver, "submit-form-filled")
    submit_form(driver, form, "submit-receipt", SUBMIT_BUTTON)
    expect_no_error(driver, "submitting the petition on the portal")
    number = text_of(driver, CASE_NUMBER)
    code = text_of(driver, QUERY_CODE)
    if not re.fullmatch(r"\d{4}-\d+", number):
        fail(driver, f"{CASE_NUMBER} should be a case number like 2026-000123, is {number!r}")
    if not code:
        fail(driver, f"{QUERY_CODE} is empty")
    return number, code


def fill_petition(form, p):
    fill(form, F_KIND, p["kind"])
    choose_first(form, F_CATEGORY)
    fill(form, F_TERRITORY, p["territory"])
    fill(form, F_TITLE, p["title"])
    fill(form, F_CONTENT, p["content"])
    fill(form, F_NAME, p["name"])
    fill(form, F_PHONE, p["phone"])
    if has_field(form, F_ADDRESS):
        fill(form, F_ADDRESS, p["address"])


def open_case(driver, number, name="case"):
    visit(driver, P_CASE(number), name)
    return driver


def action_form(driver, action, timeout=WAIT):
    """The action form `action` on the page; when it sits in a closed <details>, its <summary> is clicked
    open first (as a person would) so that its fields can be filled."""
    form = wait_css(driver, ACTION_FORM(action), timeout, what=f"the {action!r} action form")
    summary = driver.execute_script(
        "const d = arguments[0].closest('details');"
        "return d && !d.open ? (d.querySelector(':scope > summary') || d) : null;", form)
    if summary is not None:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", summary)
        try:
            summary.click()
        except WebDriverException:
            pass
        driver.execute_script("const d = arguments[0].closest('details'); if (d) d.open = true;", form)
    return form


def assign(driver, number, unit="yx-zjj"):
    """On the case page, assign the case to `unit` (its category select, if any, is left as it is:
    the portal and intake steps of these tests always choose one)."""
    open_case(driver, number, "case-before-assign")
    case_action(driver, number, "assign", {F_LEAD_UNIT: unit}, STATE_ASSIGNED)


def case_action(driver, number, action, fields, expected_state, choose_if_empty=()):
    """Submit the action form `action` on the open case page with `fields` (name -> value) and wait for
    `#case-state` to read `expected_state` (reopening the case page if the answer is another page).
    Selects named in `choose_if_empty` that the form has and that are empty get their first option."""
    form = action_form(driver, action)
    for name, value in fields.items():
        fill(form, name, value)
    for name in choose_if_empty:
        if has_field(form, name):
            field = form_field(form, name)
            if field.tag_name.lower() == "select" and not (field.get_attribute("value") or "").strip():
                choose_first(form, name)
    shot(driver, f"{action}-filled")
    submit_form(driver, form, f"after-{action}")
    expect_no_error(driver, f"action {action!r} on {number}")
    if find(driver, CASE_STATE) is None:
        open_case(driver, number, f"case-after-{action}")
    wait_text(driver, CASE_STATE, expected_state, what=f"the case state after {action!r}")


def search_cases(driver, query, name="case-search"):
    """Search the staff case list with form#filter-form's free-text field; returns the page."""
    if "/staff/cases" not in driver.current_url or find(driver, FILTER_FORM) is None:
        visit(driver, P_CASES, "case-list")
    form = wait_css(driver, FILTER_FORM, what="the case list's filter form")
    fill(form, F_SEARCH, query)
    return submit_form(driver, form, name)


def case_rows(driver, number):
    """Rows of the case list (current page) that show `number`."""
    return [r for r in driver.find_elements(By.CSS_SELECTOR, CASE_ROW) if number in r.text]


# True when at least one <canvas> on the page carries a Chart.js chart with something drawn on it.
JS_CHART_DRAWN = """
return Array.from(document.querySelectorAll('canvas')).some(function (c) {
  if (!(c.width > 0 && c.height > 0 && c.getBoundingClientRect().width > 0)) return false;
  if (window.Chart && window.Chart.getChart && !window.Chart.getChart(c)) return false;
  try {
    var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (var i = 3; i < d.length; i += 4) if (d[i] > 0) return true;
    return false;
  } catch (e) { return true; }
});
"""


def chart_js_served():
    try:
        with urllib.request.urlopen(url(P_CHART_JS), timeout=10) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


# ---------------------------------------------------------------------------------------------
# Test base
# ---------------------------------------------------------------------------------------------

class BrowserTest(unittest.TestCase):
    """Each test gets fresh browsers from `self.browser()` (closed after the test) and its own
    screenshot names."""

    maxDiff = None

    def setUp(self):
        set_test_name(self._testMethodName)

    def browser(self, phone=False):
        driver = new_phone_driver() if phone else new_driver()
        self.addCleanup(_quit, driver)
        return driver


def _quit(driver):
    try:
        driver.quit()
    except Exception:  # noqa: BLE001
        pass
