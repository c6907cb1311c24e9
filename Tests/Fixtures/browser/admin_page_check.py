#!/usr/bin/env python3
"""Drives the admin page in headless Chromium over the DevTools protocol, as an operator
would: opens /admin/, signs in with a token, reads the adapters and dead letters shown, opens
the latest application's timeline, takes a screenshot, presses the replay button of one dead letter and waits for the page to
confirm. Prints what it saw as JSON; exits 1 with the reason when a step does not happen.

    admin_page_check.py URL TOKEN DEAD_TARGET_ID SCREENSHOT.png
"""
import base64, json, os, shutil, subprocess, sys, tempfile, time, urllib.request

import websocket  # websocket-client


class Page:
    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def eval(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression, what, seconds=20):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.eval(expression):
                return
            time.sleep(0.1)
        raise TimeoutError(f"timed out waiting for {what}")


def main():
    url, token, dead_target, screenshot = sys.argv[1:5]
    profile = tempfile.mkdtemp(prefix="tongban-chromium-")
    browser = subprocess.Popen(
        ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1600,1000", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not os.path.exists(port_file) or not open(port_file).read().strip():
            if time.time() > deadline or browser.poll() is not None:
                raise RuntimeError("chromium did not start")
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = Page(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
        page.call("Page.enable")
        page.call("Page.navigate", url=url)
        page.wait("document.readyState === 'complete' && !!document.querySelector('#login')", "the page to load")

        page.eval(f"document.querySelector('#token').value = {json.dumps(token)}; document.querySelector('#signin').click(); true")
        page.wait("document.body.dataset.loaded === 'true'", "the page to load with the token")
        adapters = page.eval("[...document.querySelectorAll('#adapters tbody tr td:first-child')].map(td => td.textContent)")
        dead = lambda: page.eval("[...document.querySelectorAll('#dead-letters button.replay')].map(b => b.dataset.target)")
        dead_before = dead()
        if dead_target not in dead_before:
            raise RuntimeError(f"dead letter {dead_target} not shown; shown: {dead_before}")
        # The latest application's timeline, opened from its row.
        page.eval("document.querySelector('#applications tbody tr.clickable').click(); true")
        page.wait("document.querySelectorAll('#timeline tbody tr td').length > 1", "the timeline of the latest application")
        timeline = page.eval("[...document.querySelectorAll('#timeline tbody tr')].map(tr => tr.children[1].textContent)")
        shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))

        page.eval(f"document.querySelector('#dead-letters button.replay[data-target={json.dumps(dead_target)}]').click(); true")
        page.wait("document.querySelector('#dead-note').textContent.includes('已重新排队')", "the replay to be confirmed")
        page.wait(f"![...document.querySelectorAll('#dead-letters button.replay')].some(b => b.dataset.target === {json.dumps(dead_target)})",
                  "the dead letter to leave the list")
        print(json.dumps({"adapters": adapters, "timeline": timeline, "deadBefore": dead_before, "deadAfter": dead(),
                          "note": page.eval("document.querySelector('#dead-note').textContent")}, ensure_ascii=False))
    except Exception as error:  # the test shows the reason
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}, ensure_ascii=False))
        sys.exit(1)
    finally:
        browser.terminate()
        try:
            browser.wait(10)
        except subprocess.TimeoutExpired:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
