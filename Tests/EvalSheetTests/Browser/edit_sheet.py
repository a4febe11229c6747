"""Drives the preview's editor in Chromium (Selenium, chromium-driver) as a person would, and prints what it saw
as JSON; EditorBrowserTests asserts on it. Usage: edit_sheet.py SCENARIO BASE_URL FILE [KEYSTROKES]
  edit      type scores, see the total and grade change, raise and clear an error, Tab/Escape, edit a paragraph, save
  conflict  two browsers on one file: the second save is refused and the page offers a reload
  choices   pick the recommendation from its list, type sign-off names and a date, save
  latency   type KEYSTROKES scores and report the time from each keystroke to the updated total
"""
import json
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

TOTAL = "//main//tr[td[1][normalize-space()='合计']]/td[last()]"
GRADE = "//main//tr[td[1][starts-with(normalize-space(), '等级')]]/td[last()]"


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1000",
                     "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def text(driver, xpath):
    """The text of what the XPath finds; read again when an answer replaced the sheet meanwhile."""
    for _ in range(50):
        try:
            return driver.find_element(By.XPATH, xpath).text.strip()
        except StaleElementReferenceException:
            time.sleep(0.02)
    raise TimeoutError("the page kept changing under " + xpath)


def wait(condition, timeout=10.0):
    import traceback
    where = traceback.extract_stack()[-2].lineno
    end = time.time() + timeout
    while time.time() < end:
        try:
            value = condition()
        except StaleElementReferenceException:  # an answer replaced the sheet while it was read
            value = None
        if value:
            return value
        time.sleep(0.02)
    raise TimeoutError("condition at line %d not met" % where)


def cell(driver, field):
    """The field's cell once the page shows the answer to every edit (each answer replaces the sheet)."""
    wait(lambda: driver.execute_script("return window.evalsheetIdle()"))
    return centred(driver, driver.find_element(By.CSS_SELECTOR, '[data-field="%s"]' % field))


def click(driver, xpath, tries=20):
    """Clicks what the XPath finds once the page is idle; again if an answer replaced the sheet in between."""
    for _ in range(tries):
        wait(lambda: driver.execute_script("return window.evalsheetIdle()"))
        try:
            centred(driver, driver.find_element(By.XPATH, xpath)).click()
            return
        except StaleElementReferenceException:
            time.sleep(0.05)
    raise TimeoutError("the page kept changing under " + xpath)


def centred(driver, element):
    """The element scrolled to the window's middle, clear of the editor's bar at the top (chromedriver scrolls a
    clicked element to the very top, under the bar)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    return element


def editing(driver):
    return driver.execute_script(
        "var e = document.querySelector('.editor-input'); return e && e.getAttribute('data-editing');")


def typed(driver, field, value):
    """Opens a field with a click, replaces its value by typing, and waits for the server's answer."""
    before = len(driver.execute_script("return window.evalsheetTimings"))
    click(driver, "//*[@data-field='%s']" % field)
    box = driver.find_element(By.CSS_SELECTOR, ".editor-input")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(value)
    wait(lambda: len(driver.execute_script("return window.evalsheetTimings")) > before
         and driver.execute_script("return window.evalsheetIdle()"))
    return box


def problem(driver, field):
    return driver.execute_script(
        "var c = document.querySelector('[data-field=\"' + arguments[0] + '\"]');"
        "return c && c.getAttribute('data-problem');", field)


def edit(base, file):
    driver = browser()
    seen = {}
    try:
        driver.get(base + "edit/" + file)
        seen["total_before"], seen["grade_before"] = text(driver, TOTAL), text(driver, GRADE)
        seen["fields"] = driver.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll('main [data-field]'),"
            " function (c) { return c.getAttribute('data-field'); });")
        # A score raised to its weight: the total and the grade follow.
        box = typed(driver, "scores.benefit-impact", "20")
        seen["total_raised"], seen["grade_raised"] = text(driver, TOTAL), text(driver, GRADE)
        seen["summary_raised"] = driver.find_element(By.ID, "editor-summary").text
        # Escape gives the field its value back.
        box.send_keys(Keys.ESCAPE)
        wait(lambda: text(driver, TOTAL) == seen["total_before"])
        seen["total_after_escape"] = text(driver, TOTAL)
        seen["editor_after_escape"] = editing(driver)
        # A score above its weight: the problem beside the field and in the panel; then cleared.
        box = typed(driver, "scores.pm-rules", "9")
        seen["problem_raised"] = problem(driver, "scores.pm-rules")
        seen["note_raised"] = driver.find_element(By.CSS_SELECTOR, ".editor-note").text
        seen["panel_raised"] = driver.find_element(By.CSS_SELECTOR, "section.problems").text
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys("1")
        wait(lambda: problem(driver, "scores.pm-rules") is None)
        seen["problem_cleared"] = problem(driver, "scores.pm-rules")
        seen["total_final"] = text(driver, TOTAL)
        # Enter confirms; Tab and Shift-Tab move in reading order.
        box.send_keys(Keys.ENTER)
        seen["editor_after_enter"] = editing(driver)
        seen["focused_after_enter"] = driver.execute_script(
            "return document.activeElement.getAttribute('data-field');")
        driver.switch_to.active_element.send_keys(Keys.TAB)
        seen["after_tab"] = editing(driver)
        driver.find_element(By.CSS_SELECTOR, ".editor-input").send_keys(Keys.SHIFT, Keys.TAB)
        seen["after_shift_tab"] = editing(driver)
        driver.find_element(By.CSS_SELECTOR, ".editor-input").send_keys(Keys.ESCAPE)
        # A paragraph of the narrative: two characters typed inside it.
        click(driver, "//main//td[@data-field='narrative.problems']//p[3]")
        area = driver.find_element(By.CSS_SELECTOR, "textarea.editor-input")
        driver.execute_script(
            "var a = arguments[0], at = a.value.indexOf('项目管理制度健全') + 6; a.setSelectionRange(at, at);", area)
        before = len(driver.execute_script("return window.evalsheetTimings"))
        area.send_keys("较为")
        wait(lambda: len(driver.execute_script("return window.evalsheetTimings")) > before
             and "较为健全" in text(driver, "//main//td[@data-field='narrative.problems']"))
        seen["paragraph"] = text(driver, "//main//td[@data-field='narrative.problems']//p[3]")
        seen["pages"] = driver.find_element(By.ID, "editor-summary").text
        seen["page_marks"] = driver.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll('.page-start'),"
            " function (e) { return e.getAttribute('data-page'); });")
        # Leaving with unsaved edits asks first: the page cancels the unload (the browser then asks; headless
        # Chromium under a driver does not show the question, so the event is sent as the browser sends it).
        area.send_keys(Keys.ENTER)
        seen["unsaved_status"] = driver.find_element(By.ID, "editor-status").text
        seen["asks_before_leaving"] = leaving_asks(driver)
        # Saved with Ctrl-S.
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, "s")
        wait(lambda: driver.find_element(By.ID, "editor-status").text == seen.get("saved_word", "已保存"))
        seen["status_saved"] = driver.find_element(By.ID, "editor-status").text
        seen["save_disabled"] = not driver.find_element(By.ID, "editor-save").is_enabled()
        seen["asks_after_saving"] = leaving_asks(driver)
        seen["timings"] = driver.execute_script("return window.evalsheetTimings")
        driver.save_screenshot(sys.argv[4] if len(sys.argv) > 4 else "/dev/null")
    except Exception as error:  # what was seen up to the failure, for the test's message
        seen["error"] = failure(error)
        seen["url"] = driver.current_url
    finally:
        driver.quit()
    return seen


def failure(error):
    """The error and the scenario's line it stopped at."""
    import traceback
    lines = [str(frame.lineno) for frame in traceback.extract_tb(error.__traceback__) if frame.filename == __file__]
    return "%s at lines %s: %s" % (type(error).__name__, ",".join(lines), str(error).splitlines()[0] if str(error) else "")


def leaving_asks(driver):
    return driver.execute_script(
        "var e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;")


def conflict(base, file):
    first, second = browser(), browser()
    seen = {}
    try:
        first.get(base + "edit/" + file)
        second.get(base + "edit/" + file)
        # The second page has an edit not saved yet when the first saves the file.
        typed(second, "scores.pm-execution", "4")
        second.find_element(By.CSS_SELECTOR, ".editor-input").send_keys(Keys.ENTER)
        typed(first, "scores.pm-execution", "5")
        first.find_element(By.ID, "editor-save").click()
        wait(lambda: first.find_element(By.ID, "editor-status").text == "已保存")
        second.find_element(By.ID, "editor-save").click()
        banner = second.find_element(By.ID, "editor-conflict")
        wait(lambda: banner.is_displayed())
        seen["banner"] = banner.text
        seen["second_unsaved"] = second.find_element(By.ID, "editor-status").text
        # The reload drops the second page's edits (no question asked) and shows the file as saved by the first.
        banner.find_element(By.TAG_NAME, "button").click()
        wait(lambda: second.execute_script("return document.readyState") == "complete"
             and not second.find_element(By.ID, "editor-conflict").is_displayed())
        seen["after_reload"] = cell(second, "scores.pm-execution").text
    except Exception as error:  # what was seen up to the failure, for the test's message
        seen["error"] = failure(error)
    finally:
        first.quit()
        second.quit()
    return seen


def choices(base, file):
    from selenium.webdriver.support.ui import Select
    driver = browser()
    seen = {}
    try:
        driver.get(base + "edit/" + file)
        click(driver, "//*[@data-field='recommendation']")
        box = driver.find_element(By.CSS_SELECTOR, "select.editor-input")
        seen["options"] = [option.text for option in Select(box).options]
        before = len(driver.execute_script("return window.evalsheetTimings"))
        Select(box).select_by_visible_text("保留但建议部分核减")
        wait(lambda: len(driver.execute_script("return window.evalsheetTimings")) > before
             and driver.execute_script("return window.evalsheetIdle()"))
        box.send_keys(Keys.ENTER)
        seen["recommendation"] = text(driver, "//main//*[@data-field='recommendation']")
        box = typed(driver, "signoff.team", "李溪、邹恩")
        box.send_keys(Keys.TAB)
        seen["after_team"] = editing(driver)
        driver.find_element(By.CSS_SELECTOR, ".editor-input").send_keys(Keys.TAB)
        seen["after_institution"] = editing(driver)
        box = driver.find_element(By.CSS_SELECTOR, ".editor-input")
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys("2021-09-28")
        wait(lambda: driver.execute_script("return window.evalsheetIdle()")
             and "28" in text(driver, "//main//*[@data-field='signoff.date']"))
        seen["date"] = text(driver, "//main//*[@data-field='signoff.date']")
        box.send_keys(Keys.ENTER)
        driver.find_element(By.ID, "editor-save").click()
        wait(lambda: driver.find_element(By.ID, "editor-status").text == "已保存")
    except Exception as error:  # what was seen up to the failure, for the test's message
        seen["error"] = failure(error)
    finally:
        driver.quit()
    return seen


def latency(base, file, keystrokes):
    driver = browser()
    try:
        driver.get(base + "edit/" + file)
        cell(driver, "scores.output-quality").click()
        box = driver.find_element(By.CSS_SELECTOR, ".editor-input")
        for index in range(keystrokes):
            previous = text(driver, TOTAL)
            box.send_keys(Keys.CONTROL, "a")
            before = len(driver.execute_script("return window.evalsheetTimings"))
            box.send_keys(str(index % 2 + 8))  # one keystroke: 8 or 9 in place of the other
            wait(lambda: len(driver.execute_script("return window.evalsheetTimings")) > before
                 and driver.execute_script("return window.evalsheetIdle()"))
            assert index == 0 or text(driver, TOTAL) != previous
        return {"timings": driver.execute_script("return window.evalsheetTimings")}
    finally:
        driver.quit()


if __name__ == "__main__":
    scenario, base, file = sys.argv[1], sys.argv[2], sys.argv[3]
    if scenario == "edit":
        result = edit(base, file)
    elif scenario == "conflict":
        result = conflict(base, file)
    elif scenario == "choices":
        result = choices(base, file)
    else:
        result = latency(base, file, int(sys.argv[4]))
    print(json.dumps(result, ensure_ascii=False))
