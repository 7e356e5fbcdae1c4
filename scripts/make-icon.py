#!/usr/bin/env python3
"""Draws the package icon (src/Assets/icon.png): an upward arrow over three steps on a rounded square, 128x128.

Written with zlib alone so that it runs anywhere python3 does; rerun it after changing the drawing."""
import struct
import sys
import zlib

SIZE = 128
BACKGROUND = (32, 94, 168)   # deep blue
STEPS = (120, 170, 230)      # light blue: the versions climbed
ARROW = (255, 255, 255)


def inside_rounded_square(x, y, radius=22):
    cx = min(max(x, radius), SIZE - 1 - radius)
    cy = min(max(y, radius), SIZE - 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def colour(x, y):
    if not inside_rounded_square(x, y):
        return None
    # The arrow: a triangular head and a shaft, centred.
    if 24 <= y < 60 and abs(x - 64) <= (y - 24) * 0.9:
        return ARROW
    if 60 <= y < 104 and 54 <= x <= 74:
        return ARROW
    # Three steps rising from left to right behind the shaft.
    for left, top in ((18, 92), (38, 80), (82, 68)):
        if left <= x < left + 28 and top <= y < 108:
            return STEPS
    return BACKGROUND


def png(pixels):
    rows = b"".join(
        b"\x00" + b"".join(bytes((*c, 255)) if c else b"\x00\x00\x00\x00" for c in row) for row in pixels)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "src/Assets/icon.png"
    with open(out, "wb") as f:
        f.write(png([[colour(x, y) for x in range(SIZE)] for y in range(SIZE)]))
