def pair_count(xs):
    c = 0
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            if xs[i] + xs[j] == 34:
                c += 1
    return c
