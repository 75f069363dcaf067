def count_mod(xs):
    n = 0
    for x in xs:
        if x % 2 == 0:
            n += 1
    return n
