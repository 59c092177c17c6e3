# SPDX-License-Identifier: MIT
"""Write an incident file in Iraq Body Count's export layout, about BYTES
bytes, on stdout: made-up incidents (fixed seed) for bench/import.sh, since
IBC's own rows are not redistributed.

usage: python3 bench/gen_ibc.py BYTES"""
import csv
import datetime
import random
import sys

PLACES = ["Baghdad", "Mosul", "Basra", "Kirkuk", "Falluja", "Ramadi", "Baquba", "Tikrit",
          "Hilla", "Najaf", "Karbala", "Samarra", "Kut", "Diwaniya", "Amara", "Nasiriya",
          "Haditha", "Tal Afar", "Balad", "Mahmudiya"]
AREAS = ["", "Sadr City", "Dora", "Adhamiya", "Mansour", "Karrada", "al-Amil", "Zafaraniya"]
TARGETS = ["civilians", "police", "market", "checkpoint", "mosque", "bus", "family home"]
WEAPONS = ["car bomb", "gunfire", "roadside bomb", "suicide bomber", "mortars", "air strike"]
SOURCES = ["AFP", "AP", "Reuters", "NINA", "DPA", "AFP, AP", "Reuters, NINA", "LAT"]


def main():
    target = int(sys.argv[1])
    rng = random.Random(16)
    out = sys.stdout
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["IBC code", "Start Date", "End Date", "Time", "Location", "Target", "Weapons",
                "Reported Minimum", "Reported Maximum", "Sources"])
    size, k, day = 0, 0, datetime.date(2003, 3, 20)
    while size < target:
        k += 1
        day += datetime.timedelta(days=rng.random() < 0.3)
        end = day + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2]))
        low = rng.choice([1, 1, 2, 3, 5, 8, 12, 20])
        high = low + rng.choice([0, 0, 0, 1, 2, 5])
        area = rng.choice(AREAS)
        place = rng.choice(PLACES) + (", " + area if area else "")
        row = ["k%d" % k, day.strftime("%d %b %Y"), end.strftime("%d %b %Y"), "",
               place, rng.choice(TARGETS), rng.choice(WEAPONS), low, high, rng.choice(SOURCES)]
        line = ",".join(str(x) for x in row)
        size += len(line) + 1
        w.writerow(row)


main()
