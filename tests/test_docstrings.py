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


PUBLIC = [(name, getattr(lstm_doc, name)) for name in lstm_doc.__all__
          if is_documented_api(getattr(lstm_doc, name))]

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


@pytest.mark.parametrize(("name", "obj"), [(n, o) for n, o in PUBLIC if inspect.isfunction(o)],
                         ids=[n for n, o in PUBLIC if inspect.isfunction(o)])
def test_public_function_has_type_hints_and_documents_its_parameters(name: str, obj) -> None:
    sig = inspect.signature(obj)
    assert sig.return_annotation is not inspect.Signature.empty, f"{name} has no return annotation"
    doc = inspect.getdoc(obj)
    for param in sig.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        assert param.annotation is not inspect.Parameter.empty, f"{name}({param.name}) has no type hint"
        assert param.name in doc, f"{name}'s docstring does not mention {param.name}"
