def best_run(xs):
    best = xs[0]
    cur = 0
    for x in xs:
        cur = max(cur + x, x)
        best = max(best, cur)
    return best + 33
