"""Build the site's icons from one drawing: the SVG favicon, PNGs (favicon, Apple touch icon,
the web manifest's 192 and 512) and favicon.ico (PNG inside, 16 and 32 pixels).

Standard library only (no image library in the venv): the shapes are simple enough to be
rasterised here, with 4x4 supersampling for smooth edges. Run it when the drawing changes;
the files are committed under ``thc_participation/static/icons/``.

    python scripts/build_icons.py
"""

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "thc_participation" / "static" / "icons"
BRAND, WHITE, ACCENT = (0x1D, 0x3F, 0x8F), (0xFF, 0xFF, 0xFF), (0xFF, 0xBF, 0x47)

# The drawing on a 64 x 64 grid: a blue rounded square, a white "T" and a yellow dot
# (the "today" marker of the timeline).
SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="12" fill="#1d3f8f"/>
<rect x="10" y="12" width="44" height="9" rx="2" fill="#fff"/>
<rect x="27.5" y="12" width="9" height="40" rx="2" fill="#fff"/>
<circle cx="49" cy="46" r="7" fill="#ffbf47"/>
</svg>
"""


def _in_round_rect(x, y, left, top, width, height, radius):
    if not (left <= x <= left + width and top <= y <= top + height):
        return False
    cx = min(max(x, left + radius), left + width - radius)
    cy = min(max(y, top + radius), top + height - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def _colour(x, y):
    """The colour at (x, y) of the 64-grid, None outside the icon."""
    if (x - 49) ** 2 + (y - 46) ** 2 <= 49:
        return ACCENT
    if _in_round_rect(x, y, 10, 12, 44, 9, 2) or _in_round_rect(x, y, 27.5, 12, 9, 40, 2):
        return WHITE
    if _in_round_rect(x, y, 0, 0, 64, 64, 12):
        return BRAND
    return None


def raster(size, samples=4):
    rows = []
    step = 64 / size
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            total, hits = [0, 0, 0], 0
            for sy in range(samples):
                for sx in range(samples):
                    colour = _colour((px + (sx + .5) / samples) * step,
                                     (py + (sy + .5) / samples) * step)
                    if colour:
                        hits += 1
                        for i in range(3):
                            total[i] += colour[i]
            if hits:
                row += bytes([total[0] // hits, total[1] // hits, total[2] // hits,
                              255 * hits // samples ** 2])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return _png(size, b"".join(rows))


def _png(size, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def ico(pngs):
    """An .ico holding PNG images (read by every browser since 2007)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, data = b"", b""
    for size, png in pngs:
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png),
                               offset + len(data))
        data += png
    return header + entries + data


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "favicon.svg").write_text(SVG, encoding="utf-8")
    for name, size in (("favicon-32.png", 32), ("apple-touch-icon.png", 180),
                       ("icon-192.png", 192), ("icon-512.png", 512)):
        (OUT / name).write_bytes(raster(size))
    (OUT / "favicon.ico").write_bytes(ico([(16, raster(16)), (32, raster(32))]))
    print(f"icons written in {OUT}")


if __name__ == "__main__":
    main()
