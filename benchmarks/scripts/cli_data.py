"""Writes profiles.jsonl and events.jsonl for trying the `cdp` jar at realistic size.

    python3 cli_data.py OUT_DIR [PROFILES [EVENTS]]     # default 100,000 and 2,000,000

Shape (fixed seed): people by email, a third with a phone too, `city` (Zipf over 200 cities), `age`
16-79, `interests` a list of 0-3 {key, value} objects; events name their person by email, people
Zipf-skewed (exponent 1.2, heavy users at random ids) and 22 types Zipf-skewed (exponent 1.5),
spread over the 14 months before 2026-12-01; `purchase` has `amount` (log-normal) and `category`,
product views and cart adds a `sku`. Then one email consent for 3 in 5 people (1 in 10 denied).
Needs numpy. The shapes are those of docs/data-formats.md.
"""
import json
import random
import sys

import numpy as np

OUT = sys.argv[1]
PROFILES = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
EVENTS = int(sys.argv[3]) if len(sys.argv) > 3 else 2_000_000
TYPES = ["page_view", "product_view", "add_to_cart", "search", "session_start", "purchase",
         "email_open", "email_click", "remove_from_cart", "checkout_start", "wishlist_add",
         "review", "share", "login", "logout", "signup", "app_open", "push_open", "coupon_used",
         "refund", "support_ticket", "subscription_renewed"]
CATEGORIES = ["books", "music", "games", "garden", "toys", "food", "fashion", "tools"]
START = np.datetime64("2025-10-01T00:00:00")
SPAN_SECONDS = 426 * 86400
rng = np.random.default_rng(20)
random.seed(20)


def email(i):
    return f"user{i}@example.com"


def instant(seconds):
    return str(START + np.timedelta64(int(seconds), "s")) + "Z"


def zipf_below(exponent, limit, size):
    """size draws of a Zipf rank in [0, limit)."""
    draws = rng.zipf(exponent, size=size * 3)
    return draws[draws <= limit][:size] - 1


with open(f"{OUT}/profiles.jsonl", "w") as out:
    for i in range(PROFILES):
        identifiers = [{"type": "email", "value": email(i)}]
        if i % 3 == 0:
            identifiers.append({"type": "phone", "value": f"+3161{i:07d}"})
        interests = [{"key": key, "value": int(rng.integers(0, 100))}
                     for key in random.sample(CATEGORIES, int(rng.integers(0, 4)))]
        attributes = {"city": f"city{int(rng.zipf(1.3)) % 200}", "age": int(rng.integers(16, 80)),
                      "interests": interests}
        out.write(json.dumps({"identifiers": identifiers, "attributes": attributes,
                              "created_at": instant(rng.integers(0, SPAN_SECONDS))}) + "\n")

people = rng.permutation(PROFILES)[zipf_below(1.2, PROFILES, EVENTS)]
types = zipf_below(1.5, len(TYPES), EVENTS)
seconds = np.sort(rng.integers(0, SPAN_SECONDS, size=EVENTS))
with open(f"{OUT}/events.jsonl", "w") as out:
    for n in range(EVENTS):
        event = {"id": f"e-{n}", "identifiers": [{"type": "email", "value": email(int(people[n]))}],
                 "type": TYPES[types[n]], "timestamp": instant(seconds[n])}
        if event["type"] == "purchase":
            event["properties"] = {"amount": round(float(rng.lognormal(3.5, 0.8)), 2),
                                   "category": CATEGORIES[int(rng.zipf(1.6)) % len(CATEGORIES)]}
        elif event["type"] in ("product_view", "add_to_cart"):
            event["properties"] = {"sku": f"sku-{int(rng.zipf(1.4)) % 5000}"}
        out.write(json.dumps(event) + "\n")
    for i in range(PROFILES):
        if i % 5 < 3:
            out.write(json.dumps({
                "id": f"c-{i}", "identifiers": [{"type": "email", "value": email(i)}], "type": "consent",
                "timestamp": "2025-10-01T00:00:00Z",
                "properties": {"channel": "email", "status": "denied" if i % 10 == 0 else "granted",
                               "purpose": "marketing"}}) + "\n")
