/* MathJax 3 for Material for MkDocs with instant navigation, served from the site itself.
 *
 * pymdownx.arithmatex (generic) writes math as \( ... \) and \[ ... \] inside elements with the
 * class "arithmatex"; MathJax looks only there. MathJax does not typeset by itself at start-up:
 * once it is ready (pageReady) it subscribes to Material's document$, which emits for the first
 * page and after every instant navigation, and typesets the new page from a clean state.
 * (Typesetting at start-up and then clearing the output's cache in document$, as in Material's
 * docs, leaves the first page's math without glyphs when MathJax loads from the site.)
 */
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
  startup: {
    typeset: false,
    pageReady() {
      document$.subscribe(() => {
        MathJax.startup.output.reset();
        MathJax.typesetClear();
        MathJax.texReset();
        return MathJax.typesetPromise();
      });
    },
  },
};
