"""Vendor the map's front-end assets from the npm registry into dashboard/static/vendor/.

The map must work with no internet: Leaflet, jQuery (needed by folium popups) and
markercluster are served by Streamlit's static serving at /app/static/vendor/….
Run again to upgrade: ``python tools/vendor_assets.py`` (needs npm).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent.parent / "dashboard" / "static" / "vendor"
PACKAGES: dict[str, tuple[str, list[str]]] = {
    # npm package: (version, files under package/ to keep)
    "leaflet": ("1.9.4", ["dist/leaflet.js", "dist/leaflet.css", "dist/images/layers.png",
                          "dist/images/layers-2x.png", "dist/images/marker-icon.png",
                          "dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png", "LICENSE"]),
    "jquery": ("3.7.1", ["dist/jquery.min.js", "LICENSE.txt"]),
    "leaflet.markercluster": ("1.5.3", ["dist/leaflet.markercluster.js", "dist/MarkerCluster.css",
                                        "dist/MarkerCluster.Default.css", "MIT-LICENCE.txt"]),
}


def main() -> None:
    manifest = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (version, files) in PACKAGES.items():
            subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=tmp, check=True,
                           stdout=subprocess.DEVNULL)
            archive = next(Path(tmp).glob(f"{name}-{version}.tgz"))
            target = VENDOR_DIR / name
            shutil.rmtree(target, ignore_errors=True)
            with tarfile.open(archive) as tar:
                for member_path in files:
                    member = tar.getmember(f"package/{member_path}")
                    data = tar.extractfile(member)
                    assert data is not None
                    destination = target / Path(member_path).name
                    if "/images/" in member_path:
                        destination = target / "images" / Path(member_path).name
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    destination.write_bytes(data.read())
            manifest[name] = version
    (VENDOR_DIR / "versions.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
