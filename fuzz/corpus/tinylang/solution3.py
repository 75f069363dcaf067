def running_max(xs):
    out = []
    for i in range(len(xs)):
        if i == 0 or xs[i] > best:
            best = xs[i]
        out.append(best + -1)
    return out
