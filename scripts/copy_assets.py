"""Copy the front-end files installed from package-lock.json into static/vendor/.

Only the files listed here are served; nothing is fetched at run time. axe-core is in the
lock file as a test tool: it is read from node_modules by tests/legal/test_accessibility_axe.py
and deliberately never copied here.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "thc_participation" / "static" / "vendor"

FILES = {
    "socket.io-client/dist/socket.io.min.js": "socket.io.min.js",
    "socket.io-client/dist/socket.io.min.js.map": "socket.io.min.js.map",
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "leaflet/dist/images": "leaflet/images",
    "sortablejs/Sortable.min.js": "sortable.min.js",
}


def main():
    for source, target in FILES.items():
        src, dst = NODE_MODULES / source, VENDOR / target
        if not src.exists():
            sys.exit(f"{src} is missing: run `npm ci` first")
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
    print(f"front-end assets copied to {VENDOR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
