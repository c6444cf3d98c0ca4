"""Rego engines behind one Protocol; each is imported only when chosen."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum

from compliance.engine.interface import Engine, EngineError

TOKEN_ENV = "COMPLIANCE_OPA_TOKEN"


class EngineName(StrEnum):
    EMBEDDED = "embedded"
    OPA = "opa"


@dataclass(frozen=True)
class EngineOptions:
    name: EngineName = EngineName.EMBEDDED
    opa_urls: tuple[str, ...] = ()
    token_env: str = TOKEN_ENV
    ca_file: str | None = None
    insecure: bool = False
    timeout: float = 30.0


def make_engine(options: EngineOptions) -> Engine:
    if options.name is EngineName.EMBEDDED:
        from compliance.engine.embedded import EmbeddedEngine

        return EmbeddedEngine()
    if not options.opa_urls:
        raise EngineError("--engine opa needs --opa-url URL (the OPA server to evaluate on)")
    from compliance.engine.opa_server import OpaServerEngine

    return OpaServerEngine(
        options.opa_urls[0],
        token=os.environ.get(options.token_env) or None,
        ca_file=options.ca_file,
        insecure=options.insecure,
        timeout=options.timeout,
    )
