#!/usr/bin/env python3
"""Runs gigsim-view headless (under xvfb-run, Mesa's software OpenGL) on a small market, applies a
slider change, writes a screenshot and the exported session, and checks that the image is not blank
(the plots are drawn: their colours are there, in the plot area) and that the recorded intervention
is in the exported file.

usage: check_screenshot.py GIGSIM_VIEW SCENARIO OUT_DIR LANG
"""
import os
import subprocess
import sys

import numpy as np
import matplotlib.image as mpimg

view, scenario, out_dir, lang = sys.argv[1:5]
os.makedirs(out_dir, exist_ok=True)
png = os.path.join(out_dir, f"view-{lang}.png")
session = os.path.join(out_dir, f"session-{lang}.yaml")
for path in (png, session):
    if os.path.exists(path):
        os.remove(path)
command = ["xvfb-run", "-a", "-s", "-screen 0 1280x720x24", view, scenario,
           "--set", "workers.registered=1500", "--set", "requesters.count=100", "--set", "duration_days=3",
           "--size", "1280x720", "--lang", lang, "--screenshot", png, "--frames", "4", "--advance", "1440",
           "--apply", "regulation.minimum_wage.enabled=true@600", "--export", session,
           "--follow", "0"]
print(" ".join(command))
result = subprocess.run(command, capture_output=True, text=True, timeout=300)
print(result.stdout, result.stderr)
assert result.returncode == 0, f"gigsim-view exited with {result.returncode}"

image = mpimg.imread(png)
assert image.shape[0] == 720 and image.shape[1] == 1280, image.shape
pixels = (image[..., :3] * 255).round().astype(np.int32)
# The plot area: the right two thirds, top half.
plots = pixels[: 720 // 2, 1280 // 3:]
colours = np.unique(plots.reshape(-1, 3), axis=0)
print(f"{len(colours)} distinct colours in the plot area")
assert len(colours) >= 20, "the plot area is (nearly) blank"


def present(rgb, tolerance=12):
    return bool((np.abs(plots - np.array(rgb)).max(axis=2) <= tolerance).any())


expected = {"blue (workers online)": (66, 133, 244), "orange (tasks)": (244, 140, 30),
            "green (wages)": (52, 168, 83), "purple (histogram)": (150, 90, 200)}
for name, rgb in expected.items():
    assert present(rgb), f"no {name} pixels in the plot area"

text = open(session, encoding="utf-8").read()
assert "interventions:" in text and "at: minute 600" in text, text[-600:]
assert "regulation.minimum_wage.enabled: true" in text
print("ok")
