def has_remainder(x):
    return x % 8 == 1
