"""Find the input files of a run and load them into validated documents."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from compliance.errors import InputProblems, Problem
from compliance.loaders import tabular, terraform
from compliance.loaders.document import API_VERSION, Document
from compliance.loaders.validate import cross_reference_problems, schema_problems, show_value
from compliance.loaders.yaml_json import DEFAULT_MAX_BYTES, LoadError, check_size, load_file, read_limited

DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")
EVALUATED_KINDS = ("Program", "StorageInventory", "Waivers")


@dataclass(frozen=True)
class Inputs:
    documents: tuple[Document, ...]
    skipped: tuple[str, ...]
    # Not errors: e.g. Terraform plan values unknown until apply (loaders/terraform.py); callers print them.
    warnings: tuple[Problem, ...] = ()

    def of_kind(self, kind: str) -> list[Document]:
        return [document for document in self.documents if document.kind == kind]


def _files(argument: str) -> Iterable[tuple[Path, bool]]:
    """(file, named explicitly) pairs for one PATH argument, in a stable order."""
    path = Path(argument)
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
            readable = child.suffix.lower() in DOCUMENT_SUFFIXES or tabular.is_tabular(child)
            if child.is_file() and not hidden and readable:
                yield child, False
    else:
        yield path, True


def load_inputs(arguments: Sequence[str], kinds: Sequence[str] = EVALUATED_KINDS,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Inputs:
    """Load, validate and cross-check every document; raise InputProblems listing all problems.

    A file over max_bytes (`--max-input-mb`) is refused before it is read, whatever its format.
    """
    problems: list[Problem] = []
    documents: list[Document] = []
    skipped: list[str] = []
    warnings: list[Problem] = []
    for argument in arguments:
        if not Path(argument).exists():
            problems.append(Problem(argument, None, None, "", "no such file or directory"))
            continue
        for file, explicit in _files(argument):
            try:
                check_size(file, str(file), max_bytes)
            except LoadError as error:
                problems.append(error.problem)
                continue
            if tabular.is_tabular(file):  # *.inventory.csv / *.inventory.parquet (SPEC.md 2.2)
                if "StorageInventory" in kinds:
                    inventory, file_problems = _load_tabular(file, max_bytes)
                    problems.extend(file_problems)
                    documents.extend([inventory] if inventory is not None else [])
                elif explicit:
                    problems.append(Problem(str(file), None, None, "", "a tabular inventory is not read here"))
                continue
            raw: bytes | None = None  # read once: a pipe cannot be read twice, a large plan should not be
            if "StorageInventory" in kinds and file.suffix.lower() == ".json":
                try:  # a `terraform show -json` plan: read as a StorageInventory (SPEC.md 2.4)
                    raw = read_limited(file, str(file), max_bytes)
                    plan = terraform.read_plan(file, raw=raw)
                except LoadError as error:
                    problems.append(error.problem)
                    continue
                if plan is not None:
                    documents.append(plan.document)
                    warnings.extend(plan.notes)
                    continue
            try:
                loaded = load_file(file, max_bytes=max_bytes, raw=raw)
            except LoadError as error:
                problems.append(error.problem)
                continue
            for document in loaded:
                if document.is_ours and document.kind in kinds:
                    documents.append(document)
                elif explicit:
                    problems.append(_not_ours(document, kinds))
                else:
                    skipped.append(f"{document.path} (document {document.index + 1}): "
                                   f"not a {'/'.join(kinds)} document of privacy.compliance/v1")
    # Tabular inventories were checked column by column as they were read (loaders/tabular.py).
    plain = [document for document in documents if not tabular.is_tabular_document(document)]
    for document in plain:
        problems.extend(schema_problems(document))
    if not problems:
        problems.extend(cross_reference_problems(plain))
        problems.extend(tabular.cross_reference_problems(documents))
    if not problems and not documents:
        wanted = [kind for kind in kinds if kind != "Waivers"] or list(kinds)  # waivers alone evaluate nothing
        problems.append(Problem(", ".join(arguments), None, None, "",
                                f"no {' or '.join(wanted)} documents found"))
    if problems:
        raise InputProblems(problems)
    return Inputs(tuple(documents), tuple(skipped), tuple(warnings))


def _load_tabular(file: Path, max_bytes: int) -> tuple[Document | None, list[Problem]]:
    """A tabular inventory; one that is not a regular file (a pipe, /dev/stdin) is first copied,
    within the size limit, to a temporary file, since it is read more than once (digest, pandas,
    the columns of problems). Problems and the document still name the path given."""
    if file.is_file():
        return tabular.load_inventory(file)
    try:
        raw = read_limited(file, str(file), max_bytes)
    except LoadError as error:
        return None, [error.problem]
    with tempfile.TemporaryDirectory(prefix="compliance-") as directory:
        copy = Path(directory) / file.name
        copy.write_bytes(raw)
        return tabular.load_inventory(copy, display=str(file))


def _not_ours(document: Document, kinds: Sequence[str]) -> Problem:
    """Why a document named on the command line is not read: the value found and the one expected."""
    if not isinstance(document.value, dict):
        got = {"list": "list", "str": "string", "bool": "boolean"}.get(type(document.value).__name__, "number")
        return Problem(document.path, 1, 1, "", f"a document must be a mapping with apiVersion, kind and metadata; "
                       f"got a {got}: {show_value(document.value)}")
    field = "kind" if document.is_ours else "apiVersion"
    position = document.locate((field,))
    found = document.value.get(field)
    if document.is_ours:
        expected, refused = f"expected one of: {', '.join(kinds)}", "is not read here"
    else:
        expected, refused = f"expected {API_VERSION}", "is not a version this tool reads"
    if found is not None:
        message = f"{show_value(found)} {refused}; {expected}"
    elif (field,) in document.positions:
        message = f"null (not declared); {expected}"
    else:
        message = f"missing; {expected}"
    return Problem(document.path, position.line, position.column, field, message)
