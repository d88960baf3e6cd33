"""The report of `make bench`: a Markdown table with ratios to the peers, the targets of the
speed work met or missed, and a PNG chart. Also usable alone on a results folder:

    .venv/bin/python -m bench.report bench/results/<run>
"""

import csv
import sys
from pathlib import Path

# Which peer page each Masthead page is compared with.
GHOST_PAGE = {"article": "article", "front": "home", "section": "home"}
LABELS = {
    "masthead": "Masthead, anonymous, app page cache",
    "masthead-nginx": "Masthead, anonymous, nginx in front",
    "masthead-member": "Masthead, signed-in member (members' copy in the app, no shared cache)",
    "masthead-uncached": "Masthead, anonymous, rendered every time",
    "masthead-member-uncached": "Masthead, signed-in member, rendered every time",
    "ghost": "Ghost 6.65",
    "wp": "WordPress 6.1",
    "static": "nginx, static copy",
}


def load(out):
    with (out / "results.tsv").open() as tsv:
        rows = list(csv.DictReader(tsv, delimiter="\t"))
    return {(r["peer"], r["page"], int(r["conc"])): r for r in rows}


def number(row, field):
    try:
        return float(row[field])
    except (KeyError, TypeError, ValueError):
        return None


def ratio(a, b):
    return f"{a / b:.1f}×" if a and b else "–"


def table(results):
    lines = [
        "| server | page | c | req/s | p50 ms | p99 ms | CPU ms/req | bytes | req/s ÷ Ghost | "
        "req/s ÷ WordPress | Ghost CPU ÷ ours |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (peer, page, conc), row in results.items():
        rps, cpu = number(row, "req_s"), number(row, "peer_cpu_ms_per_req")
        ghost = results.get(("ghost", GHOST_PAGE.get(page, page), conc), {})
        wp = results.get(("wp", GHOST_PAGE.get(page, page), conc), {})
        lines.append(
            f"| {LABELS.get(peer, peer)} | {page} | {conc} | {rps:,.0f} | {row['p50_ms']} | "
            f"{row['p99_ms']} | {row['peer_cpu_ms_per_req']} | {int(row['bytes_per_resp']):,} | "
            f"{ratio(rps, number(ghost, 'req_s'))} | {ratio(rps, number(wp, 'req_s'))} | "
            f"{ratio(number(ghost, 'peer_cpu_ms_per_req'), cpu)} |"
        )
    return "\n".join(lines)


def targets(results, notes):
    def get(peer, page, conc, field="req_s"):
        return number(results.get((peer, page, conc), {}), field)

    checks = []
    for conc in (16, 64):
        ours, ghost = get("masthead", "article", conc), get("ghost", "article", conc)
        checks.append(
            (f"anonymous article, app cache ≥ 30× Ghost article (c={conc})", ours, ghost, 30)
        )
        edge, static = (
            get("masthead-nginx", "article", conc),
            get("static", "masthead-article-copy", conc),
        )
        checks.append(
            (
                f"anonymous article through nginx ≥ 80% of nginx static, same bytes (c={conc})",
                edge,
                static,
                0.8,
            )
        )
        member = get("masthead-member", "article", conc)
        checks.append((f"member's full article ≥ 3× Ghost article (c={conc})", member, ghost, 3))
        rendered = get("masthead-member-uncached", "article", conc)
        checks.append(
            (
                f"member's article rendered every time ≥ 3× Ghost article (c={conc})",
                rendered,
                ghost,
                3,
            )
        )
        front, home = get("masthead-uncached", "front", conc), get("ghost", "home", conc)
        checks.append(
            (
                f"front page rendered every time (no page cache) ≥ 3× Ghost home (c={conc})",
                front,
                home,
                3,
            )
        )
    lines = ["| target | ours | peer | ratio | met |", "| --- | ---: | ---: | ---: | --- |"]
    for name, ours, peer, goal in checks:
        met = (
            "yes"
            if ours and peer and ours / peer >= goal
            else ("no" if ours and peer else "not measured")
        )
        lines.append(f"| {name} | {ours or '–'} | {peer or '–'} | {ratio(ours, peer)} | {met} |")
    p99 = get("masthead-member", "article", 16, "p99_ms")
    met = "yes" if p99 is not None and p99 < 100 else "no"
    lines.append(f"| member's article p99 < 100 ms at c=16 | {p99} ms | | | {met} |")
    cold = notes.get("cold_start_s")
    met = "yes" if cold < 2 else "no"
    lines.append(f"| cold start (`masthead serve` to first 200) < 2 s | {cold:.2f} s | | | {met} |")
    ghost_article = results.get(("ghost", "article", 16))
    size = number(results.get(("masthead", "article", 16), {}), "bytes_per_resp")
    if ghost_article and size:
        gsize = number(ghost_article, "bytes_per_resp")
        met = "yes" if size < gsize else "no"
        lines.append(
            f"| article HTML smaller than Ghost's | {size:,.0f} B | {gsize:,.0f} B | | {met} |"
        )
    return "\n".join(lines)


def chart(results, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [(k, v) for k, v in results.items() if k[2] == 16]
    names = [f"{LABELS.get(p, p).replace(', ', chr(10), 1)}\n{page}" for (p, page, _), _ in rows]
    colours = [
        {"ghost": "#7a7a7a", "wp": "#21759b", "static": "#2f9e44"}.get(p, "#c92a2a")
        for (p, _, _), _ in rows
    ]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(max(10, len(rows) * 0.9), 9), sharex=True)
    top.bar(range(len(rows)), [number(r, "req_s") or 0 for _, r in rows], color=colours)
    top.set_yscale("log")
    top.set_ylabel("requests/s (log), c=16")
    bottom.bar(
        range(len(rows)), [number(r, "peer_cpu_ms_per_req") or 0 for _, r in rows], color=colours
    )
    bottom.set_yscale("log")
    bottom.set_ylabel("server CPU ms per request (log)")
    bottom.set_xticks(range(len(rows)), names, rotation=60, ha="right", fontsize=7)
    top.set_title(
        "Masthead (red) against Ghost, WordPress and nginx static, same machine, same run"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(out, notes):
    results = load(out)
    text = f"""# `make bench`, {out.name}

Masthead: {notes.get("shape", "?")}.
wrk -t2 --latency --timeout 10s, {notes.get("dur", "?")} s per run (bench.sh's default is 30 s;
shorter so the whole bench stays within 20 minutes), one run per concurrency, one server at a
time, loopback only. CPU ms/req: all the server's processes (cgroup cpuacct), for Masthead also
PostgreSQL and Redis (and nginx when in front). Whole bench: {notes.get("minutes", 0):.1f} min.
Static files: {notes.get("static", "?")}.

## Targets

{targets(results, notes)}

## All measurements

{table(results)}

![chart](chart.png)
"""
    (out / "report.md").write_text(text)
    chart(results, out / "chart.png")
    latest = out.parent
    (latest / "latest.md").write_text(text.replace("](chart.png)", f"]({out.name}/chart.png)"))
    print(text)


if __name__ == "__main__":
    import json

    folder = Path(sys.argv[1])
    notes_file = folder / "notes.json"
    write(
        folder, json.loads(notes_file.read_text()) if notes_file.exists() else {"cold_start_s": 0}
    )
