#!/usr/bin/env python3
"""Turns a terminal screen captured with its colours (tmux capture-pane -e) into an HTML page that
shows it as the terminal did: a <pre> on a dark background, each SGR colour and weight as a span.

    ansi-to-html.py TITLE < screen.ansi > screen.html
"""
import html
import re
import sys

# The 16 colours of the usual xterm palette, then the 256-colour cube and greys.
BASE = ["#2e3436", "#cc0000", "#4e9a06", "#c4a000", "#3465a4", "#75507b", "#06989a", "#d3d7cf",
        "#555753", "#ef2929", "#8ae234", "#fce94f", "#729fcf", "#ad7fa8", "#34e2e2", "#eeeeec"]


def palette(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    grey = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (grey, grey, grey)


def apply(params, style):
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            style.clear()
        elif c == 1:
            style["bold"] = True
        elif c == 2:
            style["dim"] = True
        elif c == 22:
            style.pop("bold", None)
            style.pop("dim", None)
        elif c == 3:
            style["italic"] = True
        elif c == 23:
            style.pop("italic", None)
        elif c == 4:
            style["underline"] = True
        elif c == 24:
            style.pop("underline", None)
        elif c == 7:
            style["reverse"] = True
        elif c == 27:
            style.pop("reverse", None)
        elif 30 <= c <= 37:
            style["fg"] = BASE[c - 30]
        elif 90 <= c <= 97:
            style["fg"] = BASE[c - 90 + 8]
        elif c == 39:
            style.pop("fg", None)
        elif 40 <= c <= 47:
            style["bg"] = BASE[c - 40]
        elif 100 <= c <= 107:
            style["bg"] = BASE[c - 100 + 8]
        elif c == 49:
            style.pop("bg", None)
        elif c in (38, 48) and i + 1 < len(codes):
            key = "fg" if c == 38 else "bg"
            if codes[i + 1] == 5 and i + 2 < len(codes):
                style[key] = palette(codes[i + 2])
                i += 2
            elif codes[i + 1] == 2 and i + 4 < len(codes):
                style[key] = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
                i += 4
        i += 1


def css(style):
    fg, bg = style.get("fg"), style.get("bg")
    if style.get("reverse"):
        fg, bg = bg or "#1e1e1e", fg or "#d3d7cf"
    out = []
    if fg:
        out.append("color:" + fg)
    if bg:
        out.append("background:" + bg)
    if style.get("bold"):
        out.append("font-weight:bold")
    if style.get("dim"):
        out.append("opacity:.7")
    if style.get("italic"):
        out.append("font-style:italic")
    if style.get("underline"):
        out.append("text-decoration:underline")
    return ";".join(out)


def convert(text):
    out = []
    style = {}
    for part in re.split(r"(\x1b\[[0-9;]*[A-Za-z])", text):
        if part.startswith("\x1b["):
            if part.endswith("m"):
                apply(part[2:-1], style)
            continue
        if not part:
            continue
        look = css(style)
        escaped = html.escape(part)
        out.append('<span style="%s">%s</span>' % (look, escaped) if look else escaped)
    return "".join(out)


def main():
    title = sys.argv[1] if len(sys.argv) > 1 else "terminal"
    screen = sys.stdin.read().rstrip("\n")
    print("<!doctype html><html><head><meta charset=\"utf-8\"><title>%s</title><style>"
          "body{margin:0;background:#1e1e1e}"
          ".bar{background:#3c3c3c;color:#bbb;font:13px sans-serif;padding:6px 12px}"
          "pre{margin:0;padding:12px 14px;color:#d3d7cf;"
          "font:14px/1.3 'DejaVu Sans Mono','Liberation Mono',monospace}"
          "</style></head><body><div class=\"bar\">%s</div><pre>%s</pre></body></html>"
          % (html.escape(title), html.escape(title), convert(screen)))


if __name__ == "__main__":
    main()
