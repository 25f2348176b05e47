"""A PDF's pages as pictures, drawn by Chromium's own PDF viewer (no PDF rasteriser is installed)."""

from __future__ import annotations

import io
import time
from pathlib import Path

from PIL import Image, ImageChops

VIEWPORT = {"width": 1600, "height": 1000}


def page_pictures(browser, pdf: bytes, folder: Path, pages: int) -> list[Image.Image]:
    """Each page as Chromium shows it fitted to the window, cropped to the page itself."""
    path = (folder / "file.pdf").resolve()
    path.write_bytes(pdf)
    tab = browser.new_page(viewport=VIEWPORT)
    pictures = []
    try:
        for number in range(1, pages + 1):
            tab.goto(f"{path.as_uri()}#page={number}&toolbar=0&view=Fit")
            pictures.append(_page_in(tab, last=number == pages))
            tab.goto("about:blank")
    finally:
        tab.close()
    return pictures


def _page_in(tab, last: bool, timeout: float = 20) -> Image.Image:
    """The white page on the viewer's dark background, once it has been drawn and stopped changing."""
    deadline, before = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        time.sleep(0.5)
        shot = Image.open(io.BytesIO(tab.screenshot())).convert("RGB")
        box = ImageChops.difference(shot, Image.new("RGB", shot.size, shot.getpixel((2, 2)))).getbbox()
        if box and before is not None and ImageChops.difference(shot, before).getbbox() is None:
            return shot.crop(_white_page(shot, box, last))
        before = shot
    raise TimeoutError("Chromium did not draw the PDF page")


def _white_page(shot: Image.Image, box: tuple[int, int, int, int], last: bool) -> tuple[int, int, int, int]:
    """The page's edges: the white area's left and right, and the first whole 16:9 page down its
    left margin (the last page: the last one, as the viewer cannot scroll it to the top)."""
    white = shot.convert("L").point(lambda v: 255 if v > 245 else 0)
    inner = white.crop(box).getbbox()
    assert inner, "no white page drawn"
    left, right = inner[0] + box[0], inner[2] + box[0]
    height, margin = round((right - left) * 9 / 16), [white.getpixel((left + 2, y)) for y in range(shot.height)]
    runs, start = [], None
    for y, value in enumerate([*margin, 0]):
        if value and start is None:
            start = y
        elif not value and start is not None:
            runs.append((start, y)) if y - start >= height - 3 else None
            start = None
    assert runs, "no whole page in view"
    top = runs[-1][0] if last else runs[0][0]
    return left, top, right, top + height
