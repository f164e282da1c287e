#!/usr/bin/env python3
"""Every page goes through the page model (lib/report/html.h).

Fails when a file of lib/report other than html.c writes HTML around it: a
string literal holding a tag (<p, </td, <!DOCTYPE) passed to a printf-style
or buffer call (bp_buf_*, bp_arena_printf, snprintf, ...), or the old
escaping helper bp_buf_add_html. In those files markup is written only with
bp_html_lit / bp_html_printf / bp_html_choose, whose text arguments are
escaped by construction.
Usage: check_html_calls.py LIB_REPORT_DIR
"""
import os
import re
import sys

root = sys.argv[1]
TAG = re.compile(r"<[a-zA-Z!/][a-zA-Z0-9]*[\s>/\"\\]")
CALL = re.compile(r"\b(bp_buf_\w+|bp_arena_printf|bp_arena_strdup|v?s?n?printf|strcat|strcpy|memcpy)\s*\(")
STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')

def calls(text):
    """(line, name, argument text) of each call, its arguments to the matching ')'."""
    for m in CALL.finditer(text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            c = text[i]
            if c == '"':
                s = STRING.match(text, i)
                i = s.end() if s else i + 1
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            i += 1
        yield text.count("\n", 0, m.start()) + 1, m.group(1), text[m.end():i]

bad = []
for name in sorted(os.listdir(root)):
    if not name.endswith(".c") or name == "html.c":
        continue
    text = open(os.path.join(root, name), encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    for line, fn, args in calls(text):
        if fn == "bp_buf_add_html":
            bad.append(f"{name}:{line}: {fn}: escape with bp_html_text (report/html.h)")
            continue
        for s in STRING.findall(args):
            if TAG.search(s):
                bad.append(f"{name}:{line}: {fn} writes markup {s[:40]}...: use bp_html_* (report/html.h)")
                break
for b in bad:
    print(b)
print(f"{len(bad)} call(s) write HTML outside the page model" if bad else "ok: every tag goes through report/html.h")
sys.exit(1 if bad else 0)
