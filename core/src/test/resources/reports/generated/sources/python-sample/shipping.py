"""Shipping cost: a tiny module measured by coverage.py to produce a real Cobertura XML report."""


def cost(weight_kg, express=False):
    if weight_kg <= 0:
        raise ValueError("weight must be positive")
    base = 5 + 2 * weight_kg
    if express:
        base *= 2
    if base > 100:
        base = 100
    return base


def zone(country):
    if country == "MA":
        return "domestic"
    if country in ("FR", "ES"):
        return "near"
    return "far"
