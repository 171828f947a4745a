"""Ship the license of every third-party asset the site serves, in the folder beside it.

The site serves files it did not write (today MathJax, Apache-2.0, under ``assets/mathjax/``),
installed from PyPI at build time and never committed. Their licenses ask that the license
travel with them, so after a build every folder of :data:`THIRD_PARTY` that the built site holds
gets its license, copied from the installed distribution the files came from.

The table is the one place to change: a folder the site does not hold is skipped, so when an
asset goes away (the math rendered at build time instead of by MathJax in the browser) its line
does nothing and can be deleted; a new asset (KaTeX's stylesheet and fonts, say) adds one line.
tests/test_third_party_licenses.py checks that every folder under ``assets/`` that is not the
theme's own is in the table.

Generator-neutral: MkDocs runs it as a hook (``on_post_build``, listed in mkdocs.yml), and
``python3 tasks.py build --zensical`` calls :func:`ship` after Zensical, which ignores hooks.
"""

from __future__ import annotations

import importlib.metadata
import shutil
from pathlib import Path
from typing import Any

THIRD_PARTY: dict[str, tuple[str, tuple[str, ...]]] = {
    # site folder: (PyPI distribution it comes from, license files inside that distribution)
    "assets/mathjax": ("django-static-mathjax", ("mathjax/static/mathjax/LICENSE",)),
}


THEME_ASSET_FOLDERS = ("assets/images", "assets/javascripts", "assets/stylesheets")
"""The theme's own asset folders (Material for MkDocs or Zensical, each under the MIT license,
which their bundles carry); every other folder under ``assets/`` needs a line in THIRD_PARTY."""


class MissingLicenseError(Exception):
    """A third-party asset is in the site, but its license cannot be found."""


def license_sources(distribution: str, files: tuple[str, ...]) -> list[Path]:
    """The license files of an installed distribution, or :class:`MissingLicenseError`."""
    try:
        dist = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError as error:
        raise MissingLicenseError(
            f"the site holds files from {distribution}, which is not installed: "
            "pip install -e '.[docs]'"
        ) from error
    sources = [Path(str(dist.locate_file(name))) for name in files]
    missing = [str(path) for path in sources if not path.is_file()]
    if missing:
        raise MissingLicenseError(f"{distribution} {dist.version} has no {', '.join(missing)}")
    return sources


def ship(site_dir: Path) -> list[Path]:
    """Copy each third-party license into its folder of the built site; return what was written."""
    written = []
    for folder, (distribution, files) in THIRD_PARTY.items():
        target = Path(site_dir) / folder
        if not target.is_dir():
            continue
        for source in license_sources(distribution, files):
            destination = target / source.name
            shutil.copyfile(source, destination)
            written.append(destination)
    return written


def unaccounted_asset_folders(site_dir: Path) -> list[str]:
    """Folders under the built site's ``assets/`` that are neither the theme's nor in the table."""
    assets = Path(site_dir) / "assets"
    if not assets.is_dir():
        return []
    folders = [f"assets/{path.name}" for path in assets.iterdir() if path.is_dir()]
    return sorted(f for f in folders if f not in THEME_ASSET_FOLDERS and f not in THIRD_PARTY)


def on_post_build(config: Any, **kwargs: Any) -> None:
    from mkdocs.exceptions import PluginError

    try:
        ship(Path(config.site_dir))
    except MissingLicenseError as error:
        raise PluginError(f"hooks/third_party_licenses.py: {error}") from error
