#!/usr/bin/env python3
"""Write a deterministic stream of window events and queries (the JSON Lines
of `watpl window`) for the extension's comparison with the command.

Every query carries its own "service_sent_this_month", so that the answer
depends only on the contact's events (the command would otherwise count the
stream's SERVICE deliveries). Event ids are unique: the command does not read
them. Times span conversation-based pricing, per-message pricing and the
2026-10 schedule.

usage: gen_events.py OUT.jsonl [CONTACTS] [EVENTS_PER_CONTACT]
SPDX-License-Identifier: MIT
"""
import json
import random
import sys

DAY = 86400
EPOCHS = [1685577600 - 20 * DAY,  # before 2023-06-01: CBP free tier of all kinds
          1709510400,             # 2024-03: CBP, service free tier
          1767571200,             # 2026-01: PMP, 2025-07 rules
          1790812800 - 2 * DAY]   # around 2026-10-01: the opt-in schedule starts


def main():
    out = sys.argv[1]
    contacts = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    per_contact = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    rnd = random.Random(14)
    kinds = ["MARKETING", "UTILITY", "AUTHENTICATION", "SERVICE"]
    per = []
    serial = 0
    for c in range(contacts):
        contact = "+55119%07d" % c
        t = EPOCHS[c % len(EPOCHS)] + rnd.randrange(0, DAY)
        mine = []
        for _ in range(per_contact):
            # Mostly forward in time, sometimes late (out of order), sometimes a long gap.
            step = rnd.choice([60, 300, 3600, 6 * 3600, 20 * 3600, 23 * 3600 + 3599, DAY, 2 * DAY, 4 * DAY])
            t += step if rnd.random() > 0.15 else -rnd.randrange(0, 2 * DAY)
            r = rnd.random()
            serial += 1
            ev = {"contact": contact, "id": "wamid.%08d" % serial, "t": t}
            if r < 0.30:
                ev["type"] = "inbound"
                if rnd.random() < 0.4:
                    ev["entry"] = rnd.choice(["ctwa", "page_cta"])
                if rnd.random() < 0.2:
                    ev["device"] = "desktop"
            elif r < 0.36:
                ev["type"] = "call"
            elif r < 0.40:
                ev["type"] = "welcome"
            elif r < 0.70:
                ev["type"] = "outbound"
                ev["kind"] = rnd.choice(kinds)
            else:
                del ev["id"]
                ev["type"] = "query"
                ev["t"] = t + rnd.choice([0, 1, 3600, DAY - 1, DAY, 3 * DAY])
                ev["kind"] = rnd.choice(kinds)
                ev["service_sent_this_month"] = rnd.choice([0, 10, 999, 1000, 5000])
            mine.append(ev)
        per.append(mine)
    # Interleave the contacts as webhooks would arrive, each contact's own order kept.
    with open(out, "w") as f:
        while any(per):
            for q in per:
                for _ in range(rnd.choice([1, 1, 2, 3])):
                    if q:
                        f.write(json.dumps(q.pop(0)) + "\n")


if __name__ == "__main__":
    main()
