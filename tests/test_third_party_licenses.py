"""The built site carries the license of every third-party asset it serves, beside the asset."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _hook():
    spec = importlib.util.spec_from_file_location(
        "third_party_licenses_hook", ROOT / "hooks" / "third_party_licenses.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_every_third_party_asset_folder_of_the_site_carries_its_license(built_site) -> None:
    hook = _hook()
    assert hook.unaccounted_asset_folders(built_site.path) == [], (
        "asset folders with no line in THIRD_PARTY (hooks/third_party_licenses.py)"
    )
    shipped = [folder for folder in hook.THIRD_PARTY if (built_site.path / folder).is_dir()]
    for folder in shipped:
        distribution, files = hook.THIRD_PARTY[folder]
        for source in hook.license_sources(distribution, files):
            copy = built_site.path / folder / source.name
            assert copy.read_bytes() == source.read_bytes(), f"{copy} is not {source}"


def test_ship_copies_the_license_only_into_folders_the_site_holds(tmp_path: Path) -> None:
    hook = _hook()
    folder = next(iter(hook.THIRD_PARTY))
    assert hook.ship(tmp_path) == [], "nothing to license in an empty site"
    (tmp_path / folder).mkdir(parents=True)
    written = hook.ship(tmp_path)
    assert written and all(path.parent == tmp_path / folder for path in written)
    assert all(path.stat().st_size > 1000 for path in written)


def test_an_asset_folder_missing_from_the_table_is_reported(tmp_path: Path) -> None:
    hook = _hook()
    for folder in (*hook.THEME_ASSET_FOLDERS, "assets/newlib"):
        (tmp_path / folder).mkdir(parents=True)
    assert hook.unaccounted_asset_folders(tmp_path) == ["assets/newlib"]


def test_a_missing_distribution_is_a_clear_error() -> None:
    hook = _hook()
    with pytest.raises(hook.MissingLicenseError, match="not-a-real-distribution-lstm-doc"):
        hook.license_sources("not-a-real-distribution-lstm-doc", ("LICENSE",))
