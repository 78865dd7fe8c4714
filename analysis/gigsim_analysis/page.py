"""One self-contained HTML page (figures embedded as base64 PNG, no external file, script or font)
and its Markdown twin. Reports, comparisons and sweeps build a Page of sections, then write both."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from pathlib import Path

CSS = """
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1a1a1a; margin: 0;
       background: #fafafa; line-height: 1.45; }
main { max-width: 58rem; margin: 0 auto; padding: 1.5rem 2rem 4rem; background: white; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; }
p.lead { color: #444; margin-top: 0; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { padding: 0.3rem 0.7rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.section td { background: #eef4f8; font-weight: bold; }
figure { margin: 1.2rem 0 2rem; }
figure img { width: 100%; max-width: 800px; border: 1px solid #eee; }
figcaption { font-size: 0.9rem; color: #444; max-width: 800px; }
.small { font-size: 0.85rem; color: #555; }
.up { color: #0072B2; } .down { color: #D55E00; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.85rem; }
pre { background: #f4f4f4; padding: 0.6rem; overflow-x: auto; max-height: 24rem; }
"""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)   # right-align these columns
    sections: dict[int, str] = field(default_factory=dict)  # row index -> section title before it


@dataclass
class Figure:
    path: Path
    caption: str
    title: str


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    preformatted: str | None = None


@dataclass
class Page:
    title: str
    lead: str
    sections: list[Section] = field(default_factory=list)

    def write(self, out_dir: Path, stem: str = "report") -> tuple[Path, Path]:
        out_dir = Path(out_dir)
        html_path = out_dir / f"{stem}.html"
        md_path = out_dir / f"{stem}.md"
        _atomic_write(html_path, self.to_html())
        _atomic_write(md_path, self.to_markdown(out_dir))
        return html_path, md_path

    # --- HTML ---------------------------------------------------------------------------------
    def to_html(self) -> str:
        e = html.escape
        out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
               '<meta name="viewport" content="width=device-width, initial-scale=1">',
               f"<title>{e(self.title)}</title><style>{CSS}</style></head><body><main>",
               f"<h1>{e(self.title)}</h1>", f'<p class="lead">{e(self.lead)}</p>']
        for s in self.sections:
            out.append(f"<h2>{e(s.title)}</h2>")
            out += [f"<p>{e(p)}</p>" for p in s.paragraphs]
            for t in s.tables:
                out.append(_html_table(t))
            for fig in s.figures:
                data = base64.b64encode(Path(fig.path).read_bytes()).decode("ascii")
                out.append(f'<figure><img alt="{e(fig.title)}" src="data:image/png;base64,{data}">'
                           f"<figcaption>{e(fig.caption)}</figcaption></figure>")
            if s.preformatted:
                out.append(f"<pre>{e(s.preformatted)}</pre>")
        out.append("</main></body></html>")
        return "\n".join(out)

    # --- Markdown -----------------------------------------------------------------------------
    def to_markdown(self, out_dir: Path) -> str:
        out = [f"# {self.title}", "", self.lead, ""]
        for s in self.sections:
            out += [f"## {s.title}", ""]
            for p in s.paragraphs:
                out += [p, ""]
            for t in s.tables:
                out += _md_table(t) + [""]
            for fig in s.figures:
                rel = Path(fig.path).relative_to(out_dir) if Path(fig.path).is_relative_to(out_dir) else fig.path
                out += [f"![{fig.title}]({rel})", "", f"*{fig.caption}*", ""]
            if s.preformatted:
                out += ["```", s.preformatted.rstrip("\n"), "```", ""]
        return "\n".join(out)


def _html_table(t: Table) -> str:
    e = html.escape
    numeric = t.numeric or [False] * len(t.header)
    rows = ["<table><thead><tr>" + "".join(
        f'<th class="{"num" if numeric[i] else ""}">{e(h)}</th>' for i, h in enumerate(t.header)) + "</tr></thead>"]
    rows.append("<tbody>")
    for k, row in enumerate(t.rows):
        if k in t.sections:
            rows.append(f'<tr class="section"><td colspan="{len(t.header)}">{e(t.sections[k])}</td></tr>')
        rows.append("<tr>" + "".join(
            f'<td class="{"num" if numeric[i] else ""}">{e(str(c))}</td>' for i, c in enumerate(row)) + "</tr>")
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _md_table(t: Table) -> list[str]:
    numeric = t.numeric or [False] * len(t.header)
    esc = lambda c: str(c).replace("|", "\\|")  # noqa: E731
    lines = ["| " + " | ".join(esc(h) for h in t.header) + " |",
             "|" + "|".join("---:" if numeric[i] else "---" for i in range(len(t.header))) + "|"]
    for k, row in enumerate(t.rows):
        if k in t.sections:
            lines.append("| **" + esc(t.sections[k]) + "** |" + " |" * (len(t.header) - 1))
        lines.append("| " + " | ".join(esc(c) for c in row) + " |")
    return lines


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
