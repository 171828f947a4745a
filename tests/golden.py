"""Reading the recorded golden files in tests/data: one ``.npz`` holding ``meta`` (JSON) and each
case's arrays under ``<case>.<name>`` keys."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np


def load_golden(path: Path) -> tuple[dict, dict[str, dict[str, np.ndarray]]]:
    """The file's metadata, and each case's arrays by name."""
    with np.load(path) as data:
        meta = json.loads(str(data["meta"]))
        arrays: dict[str, dict[str, np.ndarray]] = {case: {} for case in meta["cases"]}
        for key in data.files:
            if key != "meta":
                case, name = key.split(".", 1)
                arrays[case][name] = data[key]
    return meta, arrays
