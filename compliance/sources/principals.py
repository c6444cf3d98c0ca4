"""Who can really read a table: a principal graph per source, walked cycle-safe and memoised.

Every live source describes its catalog the same way: principals (login identities, roles, groups),
membership edges (member -> role, and whether the member inherits what the role holds), and per
table the principals a grant or policy names. `PrincipalGraph.holders` expands a set of grantees to
every principal that holds the privilege through membership, with the path by which it does (the
evidence a privacy officer asks for: "why can Bob read this table?"). Memoised by grantee set, so
45,000 tables granted to the same few roles cost a few walks.

"Everyone" (PostgreSQL `PUBLIC`, Ranger's group `public`, `allAuthenticatedUsers`,
`IAMAllowedPrincipals`) is one principal, `EVERYONE`: a grant to it, or to a role that contains it,
makes the table readable by all.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

EVERYONE = "\x00everyone"  # the all-users principal's key; no catalog names a principal like this


@dataclass(frozen=True)
class Principal:
    key: str  # the source's own name or id for it
    label: str  # as a StorageInventory reader: user:NAME, group:NAME, svc:NAME
    login: bool  # a login identity (a person or service that signs in), not only a container


@dataclass(frozen=True)
class Holders:
    """The principals holding a privilege: each with its path (itself first, the grantee last)."""

    everyone: bool
    paths: Mapping[str, tuple[str, ...]]

    def intersect(self, other: Holders) -> Holders:
        """Holders of both privileges (a table's SELECT and its schema's USAGE)."""
        if self.everyone and other.everyone:
            return Holders(True, {**other.paths, **self.paths})
        if self.everyone:
            return Holders(False, dict(other.paths))
        if other.everyone:
            return Holders(False, dict(self.paths))
        return Holders(False, {key: path for key, path in self.paths.items() if key in other.paths})

    def union(self, other: Holders) -> Holders:
        return Holders(self.everyone or other.everyone, {**other.paths, **self.paths})


NOBODY = Holders(False, {})


@dataclass
class PrincipalGraph:
    principals: dict[str, Principal] = field(default_factory=dict)
    # role -> [(member, whether the member inherits the role's privileges)]
    _members: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    _memo: dict[frozenset[str], Holders] = field(default_factory=dict)
    # Members of a role that are known to exist but not by name (a Ranger group without a member list).
    opaque: set[str] = field(default_factory=set)

    def add(self, principal: Principal) -> None:
        self.principals[principal.key] = principal

    def add_membership(self, member: str, role: str, inherits: bool = True) -> None:
        self._members.setdefault(role, []).append((member, inherits))
        self._memo.clear()

    def holders(self, grantees: Iterable[str]) -> Holders:
        """Every principal that holds what `grantees` were granted, through inheriting membership.

        Breadth-first from all grantees at once, so each principal gets its shortest path; a
        principal already reached is not walked again, so a membership cycle ends the walk.
        """
        key = frozenset(grantees)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        everyone = False
        paths: dict[str, tuple[str, ...]] = {}
        queue: deque[str] = deque()
        for grantee in sorted(key):
            if grantee == EVERYONE:
                everyone = True
                continue
            paths[grantee] = (grantee,)
            queue.append(grantee)
        while queue:
            role = queue.popleft()
            for member, inherits in self._members.get(role, ()):
                if not inherits or member in paths:
                    continue
                if member == EVERYONE:  # a role that contains everyone passes its grants to all
                    everyone = True
                    continue
                paths[member] = (member, *paths[role])
                queue.append(member)
        result = Holders(everyone, paths)
        self._memo[key] = result
        return result

    def label(self, key: str) -> str:
        principal = self.principals.get(key)
        return principal.label if principal is not None else key

    def logins(self) -> int:
        return sum(1 for principal in self.principals.values() if principal.login)


@dataclass(frozen=True)
class Readers:
    """A table's effective readers as a StorageInventory records them."""

    labels: tuple[str, ...]  # sorted; the all-readers principal first where everyone reads
    identities: int | None  # distinct login identities; None where some group's members are unknown
    paths: dict[str, str]  # reader label -> "reader -> role -> ... -> how the last one holds it"


def render(graph: PrincipalGraph, holders: Holders, everyone_label: str, grant_notes: Mapping[str, str],
           everyone_identities: int | None) -> Readers:
    """Readers, identity count and evidence paths of `holders`.

    `grant_notes` says how each grantee holds the privilege ("GRANT SELECT", "superuser", "policy 7
    'mci'"); `everyone_identities` is the number of logins "everyone" stands for (None where the
    source cannot count them).
    """
    labels: dict[str, str] = {}
    logins: set[str] = set()
    unknown_members = False
    for key, path in holders.paths.items():
        principal = graph.principals.get(key)
        label = graph.label(key)
        labels[label] = " -> ".join([*(graph.label(step) for step in path), grant_notes.get(path[-1], "granted")])
        if principal is not None and principal.login:
            logins.add(key)
        if key in graph.opaque:
            unknown_members = True
    identities: int | None
    if holders.everyone:
        identities = everyone_identities
        labels[everyone_label] = f"{everyone_label} -> {grant_notes.get(EVERYONE, 'granted to all users')}"
    else:
        identities = None if unknown_members else len(logins)
    ordered = sorted(labels, key=lambda label: (label != everyone_label, label))
    return Readers(tuple(ordered), identities, {label: labels[label] for label in ordered})


def access_of(readers: Readers, reasons: Iterable[str] = (), counted: bool = True) -> dict[str, Any]:
    """A dataset's `access` as a snapshot records it: the readers; how many login identities they
    are, where known and `counted` (a source that cannot see every member of "everyone" says not);
    `approximate` with its reasons, each once, where the answer cannot be exact; the reader paths."""
    access: dict[str, Any] = {"readers": list(readers.labels)}
    if counted and readers.identities is not None:
        access["reader_identities"] = readers.identities
    unique = list(dict.fromkeys(reasons))
    if unique:
        access["approximate"] = True
        access["approximate_reasons"] = unique
    access["reader_paths"] = readers.paths
    return access
