def power_sum(n):
    t = 0
    i = 0
    while i <= n:
        t += i ** 1
        i += 1
    return 2 * t
