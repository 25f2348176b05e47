"""Starting the real app and a real headless Chromium for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests import databases
from tpbis.config import ROOT
from tpbis.i18n import t
from tpbis.serve_workers import healthy

CHROMIUM = "/usr/bin/chromium"
ADMIN = ("rapat", "kata-sandi-panjang")  # an admin in the session app's database (conftest.app_url)
SIGNED_IN = t("signin.as", name="", role="", region="").split("*")[0].strip()  # "Masuk sebagai"
# As root and on a closed network Chromium needs these to start quietly.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-unsafe-swiftshader",
]  # software WebGL for the MapLibre maps


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def streamlit_command(script: Path, port: int, *options: str, address: str | None = "127.0.0.1") -> list[str]:
    """`streamlit run` of a script on address:port (None: every address, as `make run`),
    headless, with this Python."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        *(["--server.address", address] if address else []),
        "--server.headless",
        "true",
        *options,
    ]


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    """Returns once the Streamlit server at url answers its health check; raises with the end of
    its log if it stops or takes over a minute."""
    deadline = time.time() + 60
    while not healthy(url):
        if process.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"the app did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.3)


@contextmanager
def running_app(
    database: str,
    log: Path,
    port: int | None = None,
    script: Path = ROOT / "serve.py",
    env: dict | None = None,
    options: tuple[str, ...] = (),
    address: str | None = "127.0.0.1",
):
    """An app served by `streamlit run` on localhost (address None: on every address, as
    `make run` serves it); yields its base URL."""
    port = port or free_port()
    env = {**os.environ, **databases.environment(database), **(env or {})}
    with log.open("w") as out:
        process = subprocess.Popen(
            streamlit_command(script, port, *options, address=address),
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def requests_leaving_the_machine(page) -> list[str]:
    """A list that fills with every URL the page asks of a host other than this machine."""
    from urllib.parse import urlparse

    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            urlparse(r.url).hostname not in ("127.0.0.1", "localhost")
            and not r.url.startswith(("data:", "blob:"))
            and outside.append(r.url)
        ),
    )
    return outside


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


MAP_CANVAS = ".js-plotly-plot .maplibregl-canvas"
MAP_PICTURE = '.st-key-map-frame [data-testid="stMarkdown"] img'  # the still map a new browser sees first
# tpbis_ui/static/map_fit.js has fitted the map's view to the map's width, and it shows that view
MAP_FITTED = """() => { const g = document.querySelector('.js-plotly-plot');
    return !!g && !!g.tpbisFitted && g.dataset.fittedWidth === String(Math.round(g._fullLayout._size.w))
        && Math.abs(g._fullLayout.map.zoom - g.tpbisFitted[2]) < 0.006; }"""


def map_pixel(page, lon: float, lat: float) -> tuple[float, float]:
    """Where a point lies on the page's plotly map, from the map's own centre and zoom."""
    import math

    page.locator(MAP_CANVAS).first.wait_for(state="visible", timeout=30_000)
    view = None
    for _ in range(20):  # a late redraw by Streamlit may reset the view until the map refits it
        page.wait_for_function(MAP_FITTED, timeout=30_000)
        page.wait_for_timeout(300)  # MapLibre settles its view after the first paint
        view = page.evaluate(f"""() => {{ if (!({MAP_FITTED})()) return null;
            const m = document.querySelector('.js-plotly-plot').layout.map;
            return [m.center.lon, m.center.lat, m.zoom]; }}""")
        if view is not None:
            break
    assert view is not None, "the map never kept its fitted view"
    box = page.locator(MAP_CANVAS).first.bounding_box()
    size = 512 * 2 ** view[2]

    def world(x_lon, y_lat):
        sin = math.sin(math.radians(y_lat))
        return (x_lon + 180) / 360 * size, (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * size

    (x, y), (cx, cy) = world(lon, lat), world(view[0], view[1])
    return box["x"] + box["width"] / 2 + x - cx, box["y"] + box["height"] / 2 + y - cy


def wait_idle(page, timeout: int = 30_000) -> None:
    """Until the app has finished its script run and shows no running indicator."""
    page.wait_for_function(
        """() => { const a = document.querySelector('[data-testid="stApp"]');
        return a && !['initial', 'running', 'rerunRequested'].includes(a.getAttribute('data-test-script-state'))
            && !document.querySelector('[data-testid="stStatusWidget"]'); }""",
        timeout=timeout,
    )


_TOPS = "(selector) => [...document.querySelectorAll(selector)].map(e => Math.round(e.getBoundingClientRect().top))"


def tops_in_rows(page, selector: str, count: int, rows: int, timeout: int = 15_000) -> list[int]:
    """The tops of the elements matching `selector`, once `count` of them stand in `rows` rows:
    just after a run one may still stand a few px off its row (seen under CI's load). If they
    never do, their tops as they are, for the test's assertion to show."""
    try:
        page.wait_for_function(
            f"([selector, count, rows]) => {{ const tops = ({_TOPS})(selector);"
            " return tops.length === count && new Set(tops).size === rows; }",
            arg=[selector, count, rows],
            timeout=timeout,
        )
    except Exception:  # playwright's TimeoutError: the assertion says what was seen
        pass
    return page.evaluate(_TOPS, selector)


def click_map(page, lon: float, lat: float) -> None:
    wait_idle(page)
    x, y = map_pixel(page, lon, lat)
    page.mouse.move(x, y, steps=4)
    page.wait_for_timeout(200)  # plotly picks the hovered feature on mousemove
    page.mouse.click(x, y)


def sign_in(page, username: str, password: str) -> None:
    """Fill in and send the sidebar's sign-in form (opening it first if needed)."""
    page.get_by_role("heading", name=t("overview.title")).wait_for(timeout=30_000)
    wait_idle(page)  # while the page still runs, the sidebar may still move
    if not page.get_by_label("Nama pengguna").is_visible():
        page.locator("[data-testid=stSidebar] [data-testid=stExpander] summary").click()
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    wait_idle(page)
