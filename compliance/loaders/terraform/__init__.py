"""`terraform show -json` plans read as a StorageInventory (samples/terraform/README.md).

One plan file becomes one synthetic `StorageInventory` Document (`metadata.system: terraform`) whose
datasets are the buckets, tables and datasets the plan will leave behind (`planned_values`, root
module and child modules). Each dataset's id is its resource address (`aws_s3_bucket.keystrokes`,
`module.staging.aws_s3_bucket.scratch`; an instance key `[0]` / `["eu"]` becomes `/0` / `/eu`,
since the schema's id pattern has no brackets; `name` keeps the exact address). The Document's
`positions` point every dataset field at the resource, or the attribute of the resource, that
decided it, so a finding cites the plan's file and line (pretty-print the plan, e.g. with
`terraform show -json plan | jq .`, for useful lines: Terraform writes it on one line).

Resources read, and what they give:

- AWS `aws_s3_bucket`, joined to its `aws_s3_bucket_server_side_encryption_configuration`,
  `_public_access_block`, `_acl`, `_policy`, `_lifecycle_configuration`, `_logging` and
  `_versioning` by their `bucket` (equal to the bucket's `bucket` or `id`, or, when that is
  unknown until apply, through the reference in the plan's `configuration`); account-level
  `aws_s3_account_public_access_block`; `aws_cloudtrail` data events (audit logging).
  `aws_glue_catalog_table` (labels from `parameters`; storage facts of the S3 bucket named by
  `storage_descriptor.location`), `aws_dynamodb_table` (+ `aws_dynamodb_resource_policy`),
  `aws_db_instance` (+ the `aws_db_parameter_group` it names), Aurora `aws_rds_cluster` (+ its
  `aws_rds_cluster_parameter_group` and `aws_rds_cluster_instance`s), `aws_redshift_cluster` (+ the
  `aws_redshift_parameter_group` it names, `aws_redshift_logging`).
- Google `google_storage_bucket` (+ `google_storage_bucket_iam_member` / `_binding` / `_policy`,
  `google_storage_bucket_acl`, `google_storage_default_object_acl`, project / folder /
  organisation `*_iam_audit_config`), `google_bigquery_dataset` (+ its `access` blocks,
  `google_bigquery_dataset_iam_member` / `_binding` / `_policy`, `google_bigquery_dataset_access`),
  `google_bigquery_table` (+ its dataset, `google_bigquery_table_iam_*`), Cloud SQL
  `google_sql_database_instance`.
- Azure `azurerm_storage_account` (+ `azurerm_storage_container`,
  `azurerm_storage_account_customer_managed_key`, `azurerm_storage_management_policy`,
  `azurerm_monitor_diagnostic_setting`), `azurerm_mssql_database` (+ its `azurerm_mssql_server`,
  `azurerm_mssql_firewall_rule`, `azurerm_mssql_server_transparent_data_encryption`,
  `azurerm_mssql_server_extended_auditing_policy`, `azurerm_mssql_database_extended_auditing_policy`),
  the legacy `azurerm_sql_database` / `azurerm_sql_server` / `azurerm_sql_firewall_rule`; a SQL
  server whose databases the plan does not hold is a dataset of its own.

How the fields are derived:

- `access.readers` / `writers`: the principals that grants on the resource itself name. S3 bucket
  policy `Allow` statements covering `s3:GetObject` / `s3:PutObject` (`s3:ListBucket`: `access.listers`,
  who can list the object names) (`Principal: "*"` -> `*`,
  unless a condition on aws:PrincipalOrgID, aws:SourceVpc(e), ... narrows it) and ACLs (AllUsers
  -> `*`, AuthenticatedUsers -> `authenticated`), less what a public access block neutralises
  (`restrict_public_buckets`, `ignore_public_acls`); Google IAM members, bindings and ACLs
  (`allUsers` -> `*`, `allAuthenticatedUsers` -> `authenticated`, `user:` / `group:` /
  `serviceAccount:` -> `user:` / `group:` / `svc:`), less `public_access_prevention = "enforced"`;
  BigQuery `access` blocks; Azure containers with `container_access_type` `blob` / `container` ->
  `*`; a `publicly_accessible` RDS instance or an Azure SQL server open to 0.0.0.0-255.255.255.255
  -> `authenticated` (anyone on the internet holding credentials). Identity-side IAM policies are
  not read.
- `encryption.in_transit`: S3 and DynamoDB only when a resource policy denies
  `aws:SecureTransport = false`; RDS when its parameter group sets `rds.force_ssl` /
  `require_secure_transport`, else null; Google services and Azure SQL true (TLS-only endpoints);
  Azure Storage follows `https_traffic_only_enabled`.
- `retention.ttl_days`: a whole-bucket S3 lifecycle expiration (plus the noncurrent-version expiry
  when versioned), a GCS `Delete` by age, BigQuery's default table / partition expiration (rounded
  up to days), an Azure management policy's base-blob deletion; null for databases and for
  DynamoDB's per-item TTL (noted as not visible in the plan).
- `audit_logging`: S3 server access logging or CloudTrail data events; GCS usage logs or a
  DATA_READ audit config for storage; BigQuery always (its data access logs cannot be turned off);
  RDS `audit` log export (or `postgresql` with pgaudit); Azure diagnostic settings with StorageRead
  or the audit category group; Azure SQL extended auditing.
- `location`: the resource's region / location, else the provider configuration's region, with
  the country where the region lies in one (multi-regions such as `EU` give none).

Provider defaults are stated, not guessed: S3 (since January 2023), DynamoDB, GCS, BigQuery and
Azure Storage always encrypt at rest, so without a customer key they give `at_rest: true,
key_ref: null`; RDS encrypts only with `storage_encrypted = true`; Azure SQL has transparent data
encryption on unless `transparent_data_encryption_enabled = false`.

Tags (AWS, Azure), labels (Google) or Glue table `parameters` link a resource to a program:
`program`, `data_categories` (ids separated by `;`, `,`, `+`, spaces, or `--` since Google label
values allow none of the others), `personal_data` (`true` / `false`) and `sensitivity` (`1`..`4`).
Without a `personal_data` tag a resource holds personal data exactly when it names a `program` or
`data_categories` (data filed under a processing activity is presumed personal), so untagged
infrastructure (state buckets, logs) is not judged. A map the provider merges from its
configuration's defaults (`tags_all`, `effective_labels`), unknown until apply on create, is read as
that merge: the resource's own tags under the provider's `default_tags` / `default_labels` (none: the
tags alone); only defaults the plan does not show (a variable) leave the scope open, and then the
dataset is "possibly in scope": one warning names the attribute and it is not judged. A tag value
of the wrong shape is passed on as written, so the schema check reports it at the tag's line.

Values unknown until apply (`resource_changes[].change.after_unknown`) are never guessed: a
reference to a key resource in the plan's configuration is used as `key_ref`
(`aws_kms_key.analytics.arn`), and an attribute the configuration does not set is the provider's
computed default; otherwise the field is left null (an unknown reader list is left out), the dataset's `unknown`
list names it (so no rule asserts it; `--unknown fail` makes it a finding saying "unknown until
apply"), and a note is returned with the Document (`PlanInventory.notes`, each
`file:line:col: <address> <field>: unknown until apply ...`); the dataset's `description` lists the
same fields.

Terraform JSON formats 0.1 and 0.2 (Terraform 0.12 to 1.0) and 1.0 to 1.2 share the layout read
here; a later 0.x / 1.x format is read with one warning, another major version is refused.
"""

from __future__ import annotations

from compliance.loaders.terraform.dataset import dataset_id
from compliance.loaders.terraform.reader import (
    PLAN_SUFFIX,
    SUPPORTED_FORMAT_MAJOR,
    PlanInventory,
    TerraformPlanSource,
    inventory_from_plan,
    is_plan,
    load_plan,
    read_plan,
)

__all__ = ["PLAN_SUFFIX", "SUPPORTED_FORMAT_MAJOR", "PlanInventory", "TerraformPlanSource", "dataset_id",
           "inventory_from_plan", "is_plan", "load_plan", "read_plan"]
