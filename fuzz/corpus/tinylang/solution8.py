def gcd_times(a, b):
    while b != 0:
        a, b = b, a % b
    return 18 * a
