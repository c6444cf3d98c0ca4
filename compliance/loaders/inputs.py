"""Find the input files of a run and load them into validated documents.

Each file goes to the file sources (compliance/sources/__init__.py, FILE_SOURCES) in order: the
first that claims its name, makes a kind of document this run reads and answers reads it. A file
named explicitly that no source claims by its name (a pipe, /dev/stdin) goes to the sources that
read whatever the file says (YAML/JSON).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from compliance.errors import InputProblems, Problem
from compliance.kinds import DocumentKind
from compliance.limits import DEFAULT_MAX_BYTES
from compliance.loaders import tabular
from compliance.loaders.document import API_VERSION, Document
from compliance.loaders.validate import cross_reference_problems, schema_problems, show_value
from compliance.loaders.yaml_json import LoadError, check_size
from compliance.sources import file_sources
from compliance.sources.interface import FileRequest, FileSource, SourceResult

EVALUATED_KINDS = ("Program", "StorageInventory", "Waivers")


@dataclass(frozen=True)
class Inputs:
    documents: tuple[Document, ...]
    skipped: tuple[str, ...]
    # Not errors: e.g. Terraform plan values unknown until apply (loaders/terraform/); callers print them.
    warnings: tuple[Problem, ...] = ()

    def of_kind(self, kind: str) -> list[Document]:
        return [document for document in self.documents if document.kind == kind]


def _files(argument: str, sources: Sequence[FileSource]) -> Iterable[tuple[Path, bool]]:
    """(file, named explicitly) pairs for one PATH argument, in a stable order."""
    path = Path(argument)
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
            readable = any(source.claims(child) for source in sources)
            if child.is_file() and not hidden and readable:
                yield child, False
    else:
        yield path, True


def _read(file: Path, explicit: bool, kinds: Sequence[str], max_bytes: int,
          sources: Sequence[FileSource]) -> SourceResult | None:
    """What the first source that reads the file gives; None when no source reads it.

    The request is shared, so the file's bytes are read once whichever sources look inside.
    """
    claimants = [source for source in sources if source.claims(file)]
    if not claimants and explicit:
        claimants = [source for source in sources if not source.kinds]
    request = FileRequest(file, str(file), max_bytes)
    for source in claimants:
        if source.kinds and not set(source.kinds) & set(kinds):
            continue
        result = source.read(request)
        if result is not None:
            return result
    if explicit and claimants:
        refused = Problem(str(file), None, None, "", f"{claimants[0].description} is not read here")
        return SourceResult(problems=(refused,))
    return None


def load_inputs(arguments: Sequence[str], kinds: Sequence[str] = EVALUATED_KINDS,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Inputs:
    """Load, validate and cross-check every document; raise InputProblems listing all problems.

    A file over max_bytes (`--max-input-mb`) is refused before it is read, whatever its format.
    """
    sources = file_sources()
    problems: list[Problem] = []
    documents: list[Document] = []
    skipped: list[str] = []
    warnings: list[Problem] = []
    for argument in arguments:
        if not Path(argument).exists():
            problems.append(Problem(argument, None, None, "", "no such file or directory"))
            continue
        for file, explicit in _files(argument, sources):
            try:
                check_size(file, str(file), max_bytes)
            except LoadError as error:
                problems.append(error.problem)
                continue
            result = _read(file, explicit, kinds, max_bytes, sources)
            if result is None:
                continue
            problems.extend(result.problems)
            warnings.extend(result.warnings)
            for document in result.documents:
                if document.is_ours and document.kind in kinds:
                    documents.append(document)
                elif explicit or _unknown_kind(document):  # a kind no command reads is a mistake anywhere
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


def _unknown_kind(document: Document) -> bool:
    """A document of this tool's apiVersion whose kind is none of the kinds (`kind: Programme`): in a
    directory it would otherwise be passed over in silence, and the program go unchecked."""
    return document.is_ours and isinstance(document.value, dict) and \
        document.value.get("kind") not in set(DocumentKind)


def _not_ours(document: Document, kinds: Sequence[str]) -> Problem:
    """Why a document named on the command line is not read: the value found and the one expected."""
    if not isinstance(document.value, dict):
        got = {"list": "list", "str": "string", "bool": "boolean"}.get(type(document.value).__name__, "number")
        return Problem(document.path, 1, 1, "", f"a document must be a mapping with apiVersion, kind and metadata; "
                       f"got a {got}: {show_value(document.value)}")
    field = "kind" if document.is_ours else "apiVersion"
    position = document.locate((field,))
    found = document.value.get(field)
    if document.is_ours and isinstance(found, str) and found not in set(DocumentKind):
        close = difflib.get_close_matches(found, list(DocumentKind), n=1)
        expected = f"did you mean {close[0]}?" if close else f"expected one of: {', '.join(kinds)}"
        refused = "is not a kind of document"
    elif document.is_ours:
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
