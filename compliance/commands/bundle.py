"""`compliance bundle`: the policies as an OPA bundle, to deploy on OPA replicas (docs/performance.md).

The bundle holds every Rego module of the run (the shipped rules, the Config's policy_dirs and
--policy dirs, and the generated scope entrypoints of compliance.engine), `data.json` with the
Config's params, and a `.manifest` whose only root is `compliance`. Its `data.compliance.revision`
is the key the `opa` engine computes for the same policies and params: a client finding it on a
server uploads nothing (engine/opa_server.py). The archive is byte-for-byte reproducible.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path

import click

from compliance import __version__, catalog
from compliance import engine as engines
from compliance.config import load_config
from compliance.engine.embedded import bundle_key
from compliance.engine.interface import PolicyBundle
from compliance.errors import ExitCode
from compliance.output import write_atomic

ROOT = "compliance"


def run(output: str, config_path: str | None, policy_dirs: tuple[str, ...]) -> int:
    config = load_config(config_path)
    files = catalog.policy_files((*config.policy_dirs, *(Path(directory) for directory in policy_dirs)))
    bundle = catalog.build_bundle(files, config.params)
    scoped = engines.scoped_bundle(bundle, catalog.scopes(catalog.rules(bundle)))
    archive = opa_bundle(scoped, catalog.digest(bundle))
    write_atomic(output, archive)
    click.echo(f"{output}: OPA bundle of {len(scoped.modules)} policies, root {ROOT!r}, "
               f"revision {bundle_key(scoped)[:12]}", err=True)
    return int(ExitCode.OK)


def opa_bundle(bundle: PolicyBundle, policy_digest: str) -> bytes:
    """The gzipped tarball: .manifest, data.json and each module under compliance/."""
    revision = bundle_key(bundle)
    compliance_data = dict(bundle.data.get(ROOT, {}))
    data = {**bundle.data, ROOT: {**compliance_data, "revision": revision}}
    manifest = {
        "revision": revision,
        "roots": [ROOT],
        "rego_version": 1,
        "metadata": {"tool": "compliance", "version": __version__, "policy_digest": policy_digest},
    }
    files = {
        ".manifest": json.dumps(manifest, indent=2, sort_keys=True) + "\n",
        "data.json": json.dumps(data, indent=2, sort_keys=True) + "\n",
        **{f"{ROOT}/{module.path}": module.source for module in bundle.modules},
    }
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files):
            content = files[name].encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(content), 0o644, 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(content))
    return gzip.compress(raw.getvalue(), mtime=0)
