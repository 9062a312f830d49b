#!/usr/bin/env python3
"""Writes N synthetic firm locations over Chengdu as CSV (id,lon,lat), WGS84.

70 % cluster around eight centres (the core districts, the Hi-tech Zone parts,
Longquanyi, Tianfu, the airport, Dujiangyan, Jianyang) like real firms; 30 % are
uniform over the city's bounding box, so about one point in seven falls
outside the city. Deterministic for a seed. Synthetic: no real firm is here.

    python3 bench/make_points.py 1000000 > bench/data/points-1m.csv
"""
import random
import sys

CENTRES = [  # lon, lat, spread in degrees
    (104.07, 30.66, 0.06), (104.06, 30.55, 0.04), (103.93, 30.75, 0.03), (104.25, 30.58, 0.04),
    (104.09, 30.40, 0.05), (104.44, 30.32, 0.05), (103.62, 31.00, 0.03), (104.55, 30.41, 0.04),
]
BOX = (102.99, 30.09, 104.90, 31.44)


def main():
    count = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    out = sys.stdout
    out.write("id,lon,lat\n")
    for i in range(count):
        if rng.random() < 0.7:
            lon, lat, spread = rng.choice(CENTRES)
            x, y = rng.gauss(lon, spread), rng.gauss(lat, spread)
        else:
            x, y = rng.uniform(BOX[0], BOX[2]), rng.uniform(BOX[1], BOX[3])
        out.write(f"{i},{x:.6f},{y:.6f}\n")


if __name__ == "__main__":
    main()
