"""One look for every figure: the Okabe-Ito colour-blind-safe palette, a fixed colour per meaning,
titles in words, units on the axes, sizes readable at A4 width (figures are 8 inches wide and
saved at 100 dpi; printed 16 cm wide the text is still about 9 pt)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

# Okabe & Ito (2008), "Color Universal Design".
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#7F7F7F"

# Arms, platforms, groups, requester types: in this order.
CYCLE = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY_BLUE, BLACK, YELLOW]

# A meaning keeps its colour in every figure.
MEANING = {
    # wages
    "with_unpaid": VERMILLION,
    "without_unpaid": BLUE,
    "minimum_wage": BLACK,
    "reservation_wage": GREY,
    # time
    "paid": GREEN,
    "search": ORANGE,
    "rejected": VERMILLION,
    "returned": PURPLE,
    "qualification": SKY_BLUE,
    # money
    "requester_spend": BLACK,
    "worker_pay": GREEN,
    "platform_fees": BLUE,
    "social_contributions": SKY_BLUE,
    "forfeited": VERMILLION,
    "forfeited_by_suspension": PURPLE,
    "pending": ORANGE,
    # tasks and workers
    "tasks_posted": BLACK,
    "tasks_submitted": BLUE,
    "tasks_approved": GREEN,
    "tasks_rejected": VERMILLION,
    "tasks_returned": PURPLE,
    "tasks_expired": GREY,
    "workers_registered": BLACK,
    "workers_active": BLUE,
    "workers_searching": ORANGE,
    "workers_working": GREEN,
    "workers_qualifying": SKY_BLUE,
    "workers_suspended": VERMILLION,
    "workers_entered": GREEN,
    "workers_exited": BLACK,
    "suspensions": VERMILLION,
}

# Worker groups, platforms and requester types in single-run figures, where blue and vermillion
# already mean "paid time only" and "counting unpaid time".
GROUP_CYCLE = [GREEN, PURPLE, SKY_BLUE, BLACK, ORANGE, BLUE, VERMILLION, GREY]

LINESTYLES = ["-", "--", ":", "-."]

WIDTH = 8.0          # inches: A4 text width at 100 dpi gives 800 px
HEIGHT = 4.2
TALL = 6.4
DPI = 100

RC = {
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.figsize": (WIDTH, HEIGHT),
    "figure.facecolor": "white",
    "font.family": "DejaVu Sans",
    "font.size": 10.5,
    "axes.titlesize": 11,
    "axes.titleweight": "semibold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.7,
    "axes.axisbelow": True,
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
    "legend.frameon": False,
    "legend.fontsize": 9.5,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "lines.linewidth": 1.8,
    "figure.titlesize": 13,
    "figure.titleweight": "bold",
}


@contextlib.contextmanager
def styled():
    """Apply the house style inside a `with` block only (a notebook's own settings are left alone)."""
    with plt.rc_context(RC):
        yield


def colour(meaning: str, index: int = 0) -> str:
    return MEANING.get(meaning, CYCLE[index % len(CYCLE)])


def group_colour(index: int) -> str:
    return GROUP_CYCLE[index % len(GROUP_CYCLE)]


def arm_colour(index: int) -> str:
    return CYCLE[index % len(CYCLE)]


def human(value: float, _pos=None) -> str:
    """Tick labels: 1,250 / 17,500 / 1.25M / 0.25."""
    a = abs(value)
    if a >= 1e6:
        return f"{value / 1e6:.3g}M"
    if a >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.3g}"


HUMAN = FuncFormatter(human)


def compact(value: float, _pos=None) -> str:
    """Short tick labels for log axes: 10 / 100 / 1k / 10k / 1M."""
    a = abs(value)
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if a >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


COMPACT = FuncFormatter(compact)
PERCENT = FuncFormatter(lambda v, _pos=None: f"{v:.0f}%")


TITLE_BLOCK_PX = 56   # room for the title and the subtitle above the axes


def suptitle(fig, title: str, subtitle: str | None = None) -> None:
    """Figure title in words, with a smaller grey line under it (scenario, seed, what is averaged)."""
    h = fig.get_figheight() * DPI
    fig.text(0.012, 1 - 8 / h, title, ha="left", va="top", fontsize=RC["figure.titlesize"], fontweight="bold")
    if subtitle:
        fig.text(0.012, 1 - 31 / h, subtitle, ha="left", va="top", fontsize=9, color="#444444", wrap=True)


def finish(fig, path: Path | None = None, top_px: float = TITLE_BLOCK_PX, bottom: float = 0.0) -> None:
    """Lay the figure out below the title block and save it as PNG when `path` is given."""
    h = fig.get_figheight() * DPI
    fig.tight_layout(rect=(0, bottom, 1, 1 - top_px / h))
    if path is not None:
        fig.savefig(path, dpi=DPI, facecolor="white", bbox_inches="tight", pad_inches=0.1)


def note(ax, text: str) -> None:
    """A small grey note in the lower left corner of the axes (e.g. how many workers are shown)."""
    ax.text(0.01, 0.02, text, transform=ax.transAxes, fontsize=8.5, color="#555555", ha="left", va="bottom")


def empty_panel(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
