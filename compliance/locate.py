"""Map a finding's resource and field back to the file, line and column it came from."""

from __future__ import annotations

from collections.abc import Iterable

from compliance.findings import Location
from compliance.kinds import DocumentKind
from compliance.loaders.document import Document, PathKey

# For `<kind>:<program>/<id>` resources: the list in the Program document that holds the entry.
_PROGRAM_LISTS = {"purpose": "purposes", "data_category": "data_categories"}


class ResourceIndex:
    """Resource id -> (document, path of the resource's node in it)."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self._nodes: dict[str, tuple[Document, PathKey]] = {}
        for document in documents:
            if document.kind == DocumentKind.PROGRAM and document.id:
                self._index_program(document, document.id)
            elif document.kind == DocumentKind.STORAGE_INVENTORY:
                for index, dataset in enumerate(document.value.get("datasets", [])):
                    self._nodes[f"dataset:{dataset['id']}"] = (document, ("datasets", index))

    def _index_program(self, document: Document, program_id: str) -> None:
        self._nodes[f"program:{program_id}"] = (document, ())
        for kind, list_name in _PROGRAM_LISTS.items():
            for index, entry in enumerate(document.value.get(list_name, [])):
                self._nodes[f"{kind}:{program_id}/{entry['id']}"] = (document, (list_name, index))
        for index, _ in enumerate(document.value.get("transfers", [])):
            self._nodes[f"transfer:{program_id}/{index}"] = (document, ("transfers", index))

    def locate(self, resource: str, field: str) -> Location | None:
        found = self._nodes.get(resource)
        if found is None:
            return None
        document, base = found
        position = document.locate((*base, *_field_path(field)))
        return Location(document.path, position.line, position.column)


def _field_path(field: str) -> PathKey:
    return tuple(int(part) if part.isdigit() else part for part in field.split(".") if part)
