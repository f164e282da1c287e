#!/usr/bin/env python3
"""matplotlib's side of bench/render.sh: the same charts as bp-render-bench,
from the same TSV (bench/render_data.py), at the same pixel size, as PNG in
memory, drawn N times.  Prints "key value" lines (milliseconds per chart,
CPU time of this process, as bp-render-bench reports it).

Usage: render_matplotlib.py DIR N RANKING_WxH PROFILE_WxH AGES_WxH
"""
import io
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams["font.family"] = "DejaVu Sans"
BLUE, ORANGE, DARK, GREY = "#0072B2", "#D55E00", "#333333", "#999999"
SOURCE = "Bron: CBS, Kerncijfers wijken en buurten 2024 (CC BY 4.0); bewerking buurtpeil"


def nl(v, d=1):
    return f"{v:,.{d}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def read(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f]


def fig_of(size):
    w, h = (int(x) for x in size.split("x"))
    return plt.figure(figsize=(w / 100, h / 100), dpi=100)


def frame(fig, title, subtitle):
    fig.text(0.02, 0.985, title, fontsize=15, fontweight="bold", va="top")
    fig.text(0.02, 0.94, subtitle, fontsize=10.5, color="#4D4D4D", va="top")
    fig.text(0.02, 0.01, SOURCE, fontsize=8, color="#4D4D4D", va="bottom")


def ranking(rows, size):
    meta = {r[0]: r[1] for r in rows if len(r) == 2}
    refs = [(r[1], float(r[2])) for r in rows if r[0] == "ref"]
    bars = [(r[1], float(r[2])) for r in rows if r[0] == "bar"]
    fig = fig_of(size)
    ax = fig.add_axes([0.27, 0.08, 0.68, 0.78])
    y = list(range(len(bars)))[::-1]
    ax.barh(y, [b[1] for b in bars], color="#6FA8D6", height=0.7)
    ax.set_yticks(y, [b[0] for b in bars], fontsize=9.5)
    for yy, (_, v) in zip(y, bars):
        ax.text(v + 0.4, yy, nl(v) + "%", va="center", fontsize=9)
    for (name, v), col, ls in zip(refs, (ORANGE, DARK), ("-", "--")):
        ax.axvline(v, color=col, linestyle=ls, linewidth=2, label=f"{name} {nl(v)}%")
    ax.legend(loc="lower right", frameon=False, fontsize=9.5)
    ax.xaxis.grid(True, color="#E3E3E3")
    ax.set_axisbelow(True)
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: nl(v, 0) + "%"))
    frame(fig, meta["title"], meta["subtitle"])
    return fig


def profile(rows, size):
    area = [r[1] for r in rows if r[0] == "area"][0]
    items = [(r[1], float(r[2]), float(r[3])) for r in rows if r[0] == "item"]
    fig = fig_of(size)
    ax = fig.add_axes([0.32, 0.14, 0.45, 0.68])
    y = list(range(len(items)))[::-1]
    d = [(v / ref - 1) * 100 for _, v, ref in items]
    ax.barh(y, d, color=GREY, height=0.55)
    ax.axvline(0, color="#4D4D4D", linewidth=1)
    ax.set_yticks(y, [i[0] for i in items], fontsize=9.5)
    lim = max(10, max(abs(x) for x in d) * 1.15)
    ax.set_xlim(-lim, lim)
    for yy, dd in zip(y, d):
        ax.text(dd + (0.8 if dd >= 0 else -0.8), yy, ("+" if dd > 0 else "") + nl(dd) + "%",
                va="center", ha="left" if dd >= 0 else "right", fontsize=8.5)
    for yy, (_, v, ref) in zip(y, items):
        fig.text(0.97, ax.transData.transform((0, yy))[1] / fig.bbox.height,
                 f"{nl(v)}% ({nl(ref)}%)", ha="right", va="center", fontsize=9)
    ax.xaxis.grid(True, color="#E3E3E3")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: nl(v, 0) + "%"))
    frame(fig, f"Bevolking van {area}", "Vergeleken met Nederland, 1 januari 2024")
    return fig


def ages(rows, size):
    area = [r[1] for r in rows if r[0] == "area"][0]
    groups = [(r[1], float(r[2]), float(r[3]), float(r[4])) for r in rows if r[0] == "age"]
    fig = fig_of(size)
    ax = fig.add_axes([0.17, 0.13, 0.5, 0.62])
    y = list(range(len(groups)))[::-1]
    ax.barh(y, [g[1] for g in groups], color=BLUE, height=0.55, label=area)
    for k, (col, ls, name) in enumerate(((ORANGE, "-", "Oss"), (DARK, "--", "Nederland"))):
        for i, (yy, g) in enumerate(zip(y, groups)):
            ax.plot([g[2 + k]] * 2, [yy - 0.4, yy + 0.4], color=col, linestyle=ls, linewidth=3,
                    label=name if i == 0 else None)
    ax.set_yticks(y, [g[0] for g in groups], fontsize=9.5)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncol=3, frameon=False, fontsize=9.5)
    ax.xaxis.grid(True, color="#E3E3E3")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: nl(v, 0) + "%"))
    for j, name in enumerate((area, "Oss", "Nederland")):
        x = 0.78 + 0.1 * j
        fig.text(x, 0.78, name, ha="right", fontsize=9, fontweight="bold" if j == 0 else "normal")
        for yy, g in zip(y, groups):
            fig.text(x, ax.transData.transform((0, yy))[1] / fig.bbox.height, nl(g[1 + j]) + "%",
                     ha="right", va="center", fontsize=9)
    frame(fig, f"Leeftijdsopbouw van {area}", "% van de inwoners, 1 januari 2024")
    return fig


def png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return buf.getvalue()


def timed(n, make):
    png(make())  # warm-up: fonts, caches
    t0 = time.process_time()
    for _ in range(n):
        png(make())
    return (time.process_time() - t0) * 1000 / n


def main():
    d, n, rsize, psize, asize = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    rk, pr = read(f"{d}/ranking.tsv"), read(f"{d}/profile.tsv")
    with open(f"{d}/ranking-mpl.png", "wb") as f:
        f.write(png(ranking(rk, rsize)))
    with open(f"{d}/profile-mpl.png", "wb") as f:
        f.write(png(profile(pr, psize)))
    with open(f"{d}/ages-mpl.png", "wb") as f:
        f.write(png(ages(pr, asize)))
    print(f"ranking_ms {timed(n, lambda: ranking(rk, rsize)):.3f}")
    # All labels new at each render, as bp-render-bench ranking-new: names,
    # references, title and subtitle numbered, values shifted.
    count = iter(range(1, 10**9))

    def renamed():
        i = next(count)
        return [[r[0], f"{r[1][:40]} {i}", f"{float(r[2]) + 0.1 * i:.2f}"] if r[0] in ("bar", "ref")
                else [r[0], f"{r[1][:40]} {i}"] if r[0] in ("title", "subtitle") else r for r in rk]
    print(f"ranking_new_ms {timed(n, lambda: ranking(renamed(), rsize)):.3f}")
    t = timed(n, lambda: profile(pr, psize)) + timed(n, lambda: ages(pr, asize))
    print(f"profile_ms {t:.3f}")
    print(f"matplotlib {matplotlib.__version__}")


if __name__ == "__main__":
    main()
