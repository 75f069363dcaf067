def sign_scaled(x):
    if x > 0:
        return 11
    elif x < 0:
        return -11
    return 0
