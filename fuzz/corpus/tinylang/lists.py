def g(xs):
    ys = sorted(xs) + reversed([1, 2])
    ys[-1] = 0
    while len(ys) > 2 and not ys[0] in [5]:
        ys.pop(0)
    return [ys[1:3], ys[::-1], min(ys), max([1, 9]), sum(ys) // 2 % 3, 2 ** 10]
