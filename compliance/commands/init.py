"""`compliance init`: write a commented starter program.yaml and compliance.yaml.

Both files are written atomically and never over an existing file: if either exists, nothing is
written and the command exits 2. The starter program validates as it is (`compliance validate
program.yaml`); its comments say what each block is for, and `compliance check` on it shows what
is still to be filled in.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import click

from compliance.errors import ExitCode, InputError

PROGRAM = """\
# yaml-language-server: $schema=./program.schema.json
# (Editor support: `compliance schema Program -o program.schema.json` writes the schema the
# line above points at; run it again after upgrading. Editors using the YAML language server,
# e.g. VS Code's YAML extension, then complete fields, describe them and flag mistakes as you type.)
#
# A Program: one processing activity that monitors people at work, described so that
# `compliance check` can judge it. It doubles as the activity's record of processing
# (GDPR Art. 30). Replace the example values; every block below says what it is for.
# `compliance schema Program` prints every field; unknown fields are errors, so a typo
# never silently disables a rule.
#
# Not known yet? `null` (or `~`, or leaving the value empty) means "not declared", the same
# as leaving the field out. It is never an error, but a rule that needs the field reports it
# as missing, so `compliance check` keeps showing what is still to be filled in.

apiVersion: privacy.compliance/v1
kind: Program
metadata:
  id: example-monitoring          # slug other documents refer to (storage inventories: `program:`)
  name: Example workplace monitoring program
  description: >-
    One or two sentences on what is recorded, from whom, and why.

# What the processing is: its status, when collection started, which capture
# technologies run and how narrowly they are scoped. Minimisation rules read this.
program:
  status: planned                 # planned | pilot | live | paused | retired
  start_date: 2027-01-01          # first collection (a DPIA must be done before it)
  covert: false
  mandatory_participation: false
  technologies: [app_usage]       # e.g. keystroke_events, screenshot, url_logging, ai_prompt_logging
  capture:
    scope: allowlist              # allowlist | blocklist | all
    allowlisted_apps: [Example Ticketing]
    blocked_categories: [health, banking, tax, union, hr_grievance, employee_assistance, personal_email,
                         personal_messaging, private_browsing]
    on_device_redaction: [pii, credentials]
    private_mode: {available: true, max_minutes_per_day: 480}
    pause: {available: true, max_minutes_per_day: 480}
    off_hours_capture: false
    remote_work_capture: false
    personal_devices: false
  # What was considered instead, and why it was not enough (necessity, GDPR Art. 5(1)(c)).
  less_intrusive_alternatives:
    - option: Licence-server usage reports only
      evaluated: true
      rejected_reason: They do not cover the internally hosted tools.

# Who decides the purposes and means (the controller) and where it is established:
# establishments and works councils decide which national rules apply.
controller:
  name: Example Employer Ltd
  contact: privacy@employer.example
  eu_representative: null         # Art. 27 representative: only for a controller outside the EU
  establishments:
    - {country: IE, has_works_council: false, employees: 250}

# Where the people whose data is processed are located (drives GDPR and US state packs).
jurisdictions:
  data_subject_locations:
    - {region: IE, headcount: 250}

# Whose data it is: employees, contractors, applicants, third parties on screen, ...
data_subjects:
  - {category: employee, count: 250, vulnerable: false}

# The categories of personal data collected. Storage inventories refer to these ids;
# each needs a retention period (and a justification where raw capture is kept long).
data_categories:
  - id: application_usage
    name: Application focus log
    type: application_usage
    source: device_telemetry
    special_category: false
    incidental_special_category_likely: false
    retention_days: 30
    pseudonymised: true
    accuracy_controls: [usage counts reconciled weekly with the licence server]
    sensitivity_label: 2          # the warehouse label, 1 (public) .. 4 (restricted)

# Why the data is processed. Each purpose needs an Art. 6(1) lawful basis; consent is
# rarely valid for employees, and legitimate interests needs a documented assessment.
purposes:
  - id: capacity_planning
    description: Measure which internal tools are used, to plan licences and capacity.
    category: productivity
    data_category_ids: [application_usage]
    lawful_basis: legitimate_interests
    lia:
      completed: true
      date: 2026-12-01
      interest: Plan software licences and capacity.
      necessity: Aggregated usage counts cannot be obtained otherwise.
      balancing: Pseudonymised, aggregated weekly, no individual reporting.
      reasonable_expectations: Staff are told at onboarding that tool usage is counted for licensing.
      mitigations: [pseudonymisation, aggregation]
    art9_condition: none
    prohibited_secondary_uses: [performance_evaluation, discipline, promotion, termination]
    secondary_use_enforcement: [access_control, separate_store]

# Whether outputs feed decisions about individuals (GDPR Art. 22).
automated_decisions:
  outputs_used_for_individual_decisions: false
  significant_effects: false
  human_review: true
  profiling: false

# What the people monitored are told (GDPR Arts. 12-14), and when.
transparency:
  notice:
    provided: true
    date: 2026-12-15
    channels: [intranet, email]
    contents: [controller_identity, dpo_contact, purposes, lawful_basis, legitimate_interests,
               recipients, retention, rights, complaint_right]
    plain_language: true
    layered: true
  objection_notice_separate: true   # the right to object is presented on its own (GDPR Art. 21(4))

# How people object or opt out (GDPR Art. 21).
rights:
  objection:
    mechanism: Form on the intranet privacy page
    response_days: 30
    compelling_grounds_log: true
  opt_out: {available_at_launch: true, scope: full}

# The data protection impact assessment (GDPR Art. 35): your screening, and whether it was
# done. The checker screens again from the whole manifest; monitoring employees usually meets
# two WP248 criteria, which makes a DPIA required before start_date.
dpia:
  screening:
    art35_3: []
    wp248_criteria: [3, 7]        # 3 systematic monitoring, 7 vulnerable data subjects (employees)
    national_list_hits: []
  performed: false                # set true, with completed_date, once the DPIA is done
  dpo_advice: {given: true, summary: Complete the DPIA before start_date; aggregate and pseudonymise., followed: true}

# The views of the people monitored or their representatives (GDPR Art. 35(9)).
consultation:
  data_subject_views:
    sought: true
    method: Staff survey and a session with employee representatives
    response_documented: true

# The data protection officer, if one is designated (GDPR Arts. 37-39).
dpo:
  designated: true
  contact_published: true
  notified_to_sa: true

# Where the data is stored and how it is protected (GDPR Art. 32).
storage:
  locations:
    - {system: warehouse, country: IE}
  encryption: {at_rest: true, in_transit: true, key_management: kms}
  pseudonymisation: {applied: true, key_held_separately: true}

# Who may read the data: every reader group, its size and who approved it.
access:
  default_visibility: restricted
  readers:
    - group: group:it-asset-management
      size: 6
      justification: Plans licences and capacity
      approved_by: dpo@employer.example
  least_privilege_review_days: 90
  automated_acl_tests: true
  access_logging: true
  anomaly_alerting: true

# How retention periods are enforced.
retention:
  auto_deletion: true

# The entry of this activity in the record of processing activities (GDPR Art. 30).
records:
  ropa_entry_id: ROPA-0001
  ropa_fields: [a, b, c, d, e, f, g]
  last_updated: 2026-12-01

# Processors, international transfers, US notices, breaches and governance have their
# own blocks: see `compliance schema Program` and the samples/ directory.
"""

CONFIG = """\
# yaml-language-server: $schema=./config.schema.json
# (Editor support: `compliance schema Config -o config.schema.json` writes the schema the line
# above points at, for editors using the YAML language server; run it again after upgrading.)
#
# The organisation's settings for `compliance check` and `compliance report`, read from
# ./compliance.yaml (or --config FILE). The manifests being judged never set these.

apiVersion: privacy.compliance/v1
kind: Config
metadata:
  id: example-employer

# The lowest severity that fails a check: critical | high | medium | low | never.
# --fail-on overrides it.
fail_on: high

# Thresholds of the rules; anything not set keeps its default (`compliance rules`).
params:
  max_reader_group_size: 50       # largest acceptable reader group
  access_review_max_days: 90      # longest interval between access reviews
  raw_capture_max_retention_days: 30
  # broad_groups: ["group:all-staff"]   # principals treated like "everyone"

# Rule selection: run only some rules, or skip some (ids from `compliance rules`).
# rules: [GDPR-SEC-001]
# skip_rules: [GDPR-ROPA-002]

# Directories of your own Rego policies, relative to this file.
# policy_dirs: [policies]

# The language of the DPIA report: en | fr | de. --lang overrides it.
# lang: fr
"""

FILES = {"program.yaml": PROGRAM, "compliance.yaml": CONFIG}


def _write_new(path: Path, content: str) -> None:
    """Write content to path through a temporary file, never replacing a file that exists.

    os.link fails if the target exists, so a file created meanwhile is not overwritten either.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise InputError(f"{path}: already exists; not overwritten") from None
        except OSError:  # a file system without hard links
            if path.exists():
                raise InputError(f"{path}: already exists; not overwritten") from None
            os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def run(directory: str) -> int:
    target = Path(directory)
    if not target.is_dir():
        raise InputError(f"{directory}: no such directory")
    existing = [name for name in FILES if (target / name).exists()]
    if existing:
        raise InputError(f"{', '.join(str(target / name) for name in existing)}: already exist"
                         f"{'s' if len(existing) == 1 else ''}; not overwritten (nothing was written)")
    for name, content in FILES.items():
        _write_new(target / name, content)
        click.echo(f"wrote {target / name}")
    click.echo(f"next: edit them, then `compliance validate {target / 'program.yaml'}` and "
               f"`compliance check {target / 'program.yaml'}`")
    click.echo(f"editor support: `compliance schema Program -o {target / 'program.schema.json'}` and "
               f"`compliance schema Config -o {target / 'config.schema.json'}` write the schemas their first "
               "lines point at")
    return int(ExitCode.OK)
