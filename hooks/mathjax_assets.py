"""MkDocs hook: serve MathJax 3 from the site itself, so the math renders with the network cut.

MathJax comes from the PyPI package ``django-static-mathjax==3.2.2.1`` (installed with the
``docs`` extra), which holds MathJax 3.2.2 under ``mathjax/static/mathjax/es5/``. In ``on_files``
this hook adds, as generated files (so ``mkdocs serve`` serves them too):

* the MathJax script(s) that ``extra_javascript`` names under ``assets/mathjax/``;
* every TeX extension, ``input/tex/extensions/*.js``: MathJax fetches packages such as
  ``boldsymbol`` on demand, and without them a single ``\\boldsymbol`` blanks a whole page;
* the CHTML output's woff fonts, ``output/chtml/fonts/woff-v2/*.woff``.

``mkdocs build --strict`` does not check ``extra_javascript`` paths, so a missing package or
file fails the build here, loudly. (This file is not named ``mathjax.py``: MkDocs imports hooks
under their file name, which would shadow the package.)
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

SITE_DIR = "assets/mathjax"
"""Where MathJax lives in the built site; extra_javascript names its script under this folder."""

ASSET_GLOBS = ("input/tex/extensions/*.js", "output/chtml/fonts/woff-v2/*.woff")

log = logging.getLogger(f"mkdocs.hooks.{__name__}")


def mathjax_root() -> Path:
    """The folder of the installed MathJax 3 distribution (``es5``), or a clear error."""
    try:
        import mathjax
    except ImportError as error:
        raise PluginError(
            "The math on this site needs MathJax from the `mathjax` package: install it with "
            "`pip install -e '.[docs]'` (it pins django-static-mathjax==3.2.2.1)."
        ) from error
    root = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    if not (root / "tex-chtml.js").is_file():
        raise PluginError(
            f"The installed `mathjax` package at {Path(mathjax.__file__).parent} is not MathJax 3 "
            f"from django-static-mathjax==3.2.2.1 ({root / 'tex-chtml.js'} is missing); "
            "a different `mathjax` package exists on PyPI: reinstall with "
            "`pip install -e '.[docs]'`."
        )
    return root


def _scripts(config: MkDocsConfig) -> list[str]:
    """The MathJax scripts that extra_javascript names, relative to the MathJax folder."""
    names = [str(getattr(entry, "path", entry)) for entry in config.extra_javascript]
    return [name[len(SITE_DIR) + 1 :] for name in names if name.startswith(SITE_DIR + "/")]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = mathjax_root()
    scripts = _scripts(config)
    if not scripts:
        raise PluginError(
            f"hooks/mathjax_assets.py: extra_javascript names no MathJax script under {SITE_DIR}/ "
            f"(expected e.g. {SITE_DIR}/tex-chtml.js)."
        )
    sources = [root / script for script in scripts]
    for pattern in ASSET_GLOBS:
        found = sorted(root.glob(pattern))
        if not found:
            raise PluginError(f"MathJax at {root} has no {pattern}; the math cannot render.")
        sources.extend(found)
    for source in sources:
        if not source.is_file():
            raise PluginError(f"extra_javascript names {source.relative_to(root)}, not in {root}.")
        uri = f"{SITE_DIR}/{source.relative_to(root).as_posix()}"
        files.append(File.generated(config, uri, abs_src_path=str(source)))
    log.debug("Added %d MathJax files from %s", len(sources), root)
    return files
