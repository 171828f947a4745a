"""Every public object documents itself with NumPy-style sections and a runnable example."""

from __future__ import annotations

import inspect

import pytest

import lstm_doc


def is_documented_api(obj: object) -> bool:
    """Functions and classes, except named tuples (plain records whose fields are documented)."""
    if inspect.isclass(obj):
        return not issubclass(obj, tuple)
    return callable(obj)


PUBLIC = [
    (name, getattr(lstm_doc, name))
    for name in lstm_doc.__all__
    if is_documented_api(getattr(lstm_doc, name))
]

METHODS = [
    (f"{cls_name}.{name}", member)
    for cls_name, cls in PUBLIC
    if inspect.isclass(cls)
    for name, member in vars(cls).items()
    if not name.startswith("_") and (inspect.isfunction(member) or isinstance(member, classmethod))
]


@pytest.mark.parametrize(("name", "obj"), PUBLIC + METHODS, ids=[n for n, _ in PUBLIC + METHODS])
def test_public_object_has_a_docstring_with_a_runnable_example(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj.__func__ if isinstance(obj, classmethod) else obj)
    assert doc, f"{name} has no docstring"
    assert "Examples\n--------" in doc, f"{name} has no NumPy-style Examples section"
    assert ">>> " in doc, f"{name}'s Examples section has no doctest"


def documented_parameters(doc: str) -> list[str]:
    """The names a NumPy-style ``Parameters`` section documents, in order.

    An entry starts at the section's indentation with ``name : type``, ``name`` alone, or
    several names that share one description, ``a, b : type``; its description is indented.
    """
    lines = doc.splitlines()
    try:
        start = next(
            k
            for k, line in enumerate(lines[:-1])
            if line.strip() == "Parameters" and set(lines[k + 1].strip()) == {"-"}
        )
    except StopIteration:
        return []
    indent = len(lines[start]) - len(lines[start].lstrip())
    names: list[str] = []
    for k in range(start + 2, len(lines)):
        line = lines[k]
        if not line.strip():
            continue
        if len(line) - len(line.lstrip()) > indent:
            continue  # a description
        if k + 1 < len(lines) and set(lines[k + 1].strip()) == {"-"}:
            break  # the next section's title
        names += [n.strip().lstrip("*") for n in line.split(" : ")[0].split(",")]
    return names


def test_documented_parameters_reads_the_numpydoc_section() -> None:
    doc = (
        "Sum.\n\nParameters\n----------\nx : float\n    The x.\nh, c : ndarray\n    States.\n"
        "s\n\nReturns\n-------\nt : float\n    Not a parameter.\n"
    )
    assert documented_parameters(doc) == ["x", "h", "c", "s"]
    assert documented_parameters("No sections; x, s and t only in prose.") == []


@pytest.mark.parametrize(
    ("name", "obj"),
    [(n, o) for n, o in PUBLIC if inspect.isfunction(o)],
    ids=[n for n, o in PUBLIC if inspect.isfunction(o)],
)
def test_public_function_has_type_hints_and_documents_its_parameters(name: str, obj) -> None:
    sig = inspect.signature(obj)
    assert sig.return_annotation is not inspect.Signature.empty, f"{name} has no return annotation"
    documented = documented_parameters(inspect.getdoc(obj) or "")
    for param in sig.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        assert param.annotation is not inspect.Parameter.empty, (
            f"{name}({param.name}) has no type hint"
        )
        assert param.name in documented, (
            f"{name}'s Parameters section does not document {param.name} (it documents {documented})"
        )
