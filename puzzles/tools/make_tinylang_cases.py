#!/usr/bin/env python3
"""Random TinyLang programs evaluated by CPython 3: the outside reference for the interpreter's
semantics (floor division, modulo, slices with steps, chained comparisons, and/or operands, list
aliasing, built-ins). Writes Tests/PuzzlesTests/TinyLangCPythonCases.swift.
Usage: python3 puzzles/tools/make_tinylang_cases.py [count] [seed]"""
import json, random, sys

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 400
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
LIMIT = 2 ** 62  # TinyLang ints are 64-bit; keep every intermediate far from overflow

def lit():
    return str(rng.randint(-20, 20))

def lst_lit():
    return "[" + ", ".join(lit() for _ in range(rng.randint(0, 5))) + "]"

def int_expr(d):
    if d <= 0:
        return rng.choice([lit(), "x", "y", "len(xs)"])
    k = rng.randint(0, 11)
    if k == 0: return f"({int_expr(d-1)} {rng.choice(['+', '-', '*', '//', '%'])} {int_expr(d-1)})"
    if k == 1: return f"-{int_expr(d-1)}"
    if k == 2: return f"abs({int_expr(d-1)})"
    if k == 3: return f"{rng.choice(['min', 'max'])}({int_expr(d-1)}, {int_expr(d-1)})"
    if k == 4: return f"sum({list_expr(d-1)})"
    if k == 5: return f"len({list_expr(d-1)})"
    if k == 6: return f"{list_expr(d-1)}[{int_expr(d-1)}]"
    if k == 7: return f"({int_expr(d-1)} ** {rng.randint(0, 3)})"
    if k == 8: return f"({int_expr(d-1)} {rng.choice(['and', 'or'])} {int_expr(d-1)})"
    if k == 9: return f"{rng.choice(['min', 'max'])}({list_expr(d-1)})"
    return int_expr(d - 1)

def list_expr(d):
    if d <= 0:
        return rng.choice([lst_lit(), "xs", "ys"])
    k = rng.randint(0, 7)
    if k == 0: return f"({list_expr(d-1)} + {list_expr(d-1)})"
    if k == 1:
        parts = [rng.choice(["", int_expr(d-1)]) for _ in range(2)]
        if rng.random() < 0.5:
            parts.append(rng.choice(["", "-1", "2", "-2", "3", int_expr(d-1)]))
        return f"{list_expr(d-1)}[{':'.join(parts)}]"
    if k == 2: return f"sorted({list_expr(d-1)})"
    if k == 3: return f"list(reversed({list_expr(d-1)}))"
    if k == 4: return f"[{int_expr(d-1)}, {int_expr(d-1)}]"
    if k == 5: return f"({list_expr(d-1)} * {rng.randint(-1, 3)})"
    return list_expr(d - 1)

def bool_expr(d):
    k = rng.randint(0, 5)
    ops = ['==', '!=', '<', '<=', '>', '>=']
    if k == 0: return f"{int_expr(d-1)} {rng.choice(ops)} {int_expr(d-1)} {rng.choice(ops)} {int_expr(d-1)}"
    if k == 1: return f"not {int_expr(d-1)}"
    if k == 2: return f"{int_expr(d-1)} {rng.choice(['in', 'not in'])} {list_expr(d-1)}"
    if k == 3: return f"{list_expr(d-1)} {rng.choice(ops)} {list_expr(d-1)}"
    if k == 4: return f"({bool_expr(d-1)}) {rng.choice(['and', 'or'])} ({bool_expr(d-1)})"
    return f"{int_expr(d-1)} {rng.choice(ops)} {int_expr(d-1)}"

def prelude():
    return (f"    x = {lit()}\n    y = {lit()}\n    xs = {lst_lit()}\n    ys = xs\n"
            f"    ys.append({lit()})\n")

def loop_program():
    """Statements: while/for/break/continue, augmented and parallel assignment, item assignment."""
    a, b, m = rng.randint(1, 9), rng.randint(-5, 5), rng.randint(2, 7)
    return ("def f():\n" + prelude()
            + f"    t = 0\n    i = 0\n    while True:\n        i += 1\n        if i % {m} == 0:\n            continue\n"
            + f"        if i > {a + 5}:\n            break\n        t += i * {b}\n"
            + f"    for v in xs:\n        if v < 0:\n            t -= v\n        elif v == 0:\n            pass\n        else:\n            t //= 2\n"
            + f"    a, b = {a}, {b}\n    for _ in range({rng.randint(0, 8)}):\n        a, b = b, a + b\n"
            + f"    xs[{rng.randint(-1, 0)}] = t\n    return [t, a, b, xs, ys, xs.pop(), ys]\n")

def check(src):
    """CPython's value of f(), or None when it raises or leaves 64-bit range anywhere."""
    env = {}
    try:
        exec(src, env)
        v = env["f"]()
    except Exception:
        return None
    def ok(v):
        if isinstance(v, bool) or v is None: return True
        if isinstance(v, int): return abs(v) < LIMIT
        if isinstance(v, list): return all(ok(e) for e in v) and len(v) < 1000
        return False
    return v if ok(v) else None

def subexpressions_fit(expr):
    # Re-evaluate with a tracing int-op check: any intermediate beyond LIMIT rejects the case.
    import ast
    tree = ast.parse(expr, mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Call, ast.Subscript)):
            seg = ast.unparse(node)
            try:
                v = eval(seg, {}, ENV)
            except Exception:
                continue
            if isinstance(v, int) and abs(v) >= LIMIT: return False
            if isinstance(v, list) and (len(v) > 1000 or any(isinstance(e, int) and abs(e) >= LIMIT for e in v)): return False
    return True

cases = []
while len(cases) < COUNT:
    if rng.random() < 0.15:
        src = loop_program()
    else:
        body = rng.choice([int_expr, list_expr, bool_expr])(rng.randint(1, 4))
        src = "def f():\n" + prelude() + f"    return {body}\n"
        lines = src.splitlines()
        ENV = {}
        exec("\n".join(l[4:] for l in lines[1:-1]), {}, ENV)
        if not subexpressions_fit(body): continue
    v = check(src)
    if v is None: continue
    cases.append((src, repr(v)))

out = ["// Generated by puzzles/tools/make_tinylang_cases.py with CPython " + sys.version.split()[0] + ": do not edit.",
       "// Each case: a TinyLang program (valid Python) and CPython's repr of f().",
       "let tinyLangCPythonCases: [(source: String, python: String)] = ["]
for src, v in cases:
    out.append(f"  ({json.dumps(src)}, {json.dumps(v)}),")
out.append("]")
open("Tests/PuzzlesTests/TinyLangCPythonCases.swift", "w").write("\n".join(out) + "\n")
print(json.dumps({"cases": len(cases)}))
