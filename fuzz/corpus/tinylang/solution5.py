def larger_plus(a, b):
    if a > b:
        return a + 28
    return b + 28
