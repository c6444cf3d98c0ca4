"""Small Terraform plans (`terraform show -json` shape) built from a few resources, for the tests of
the plan reader and the golden outputs (tests/golden.py): each scenario is one plan."""

from __future__ import annotations

import json
import re
from typing import Any

AWS = "registry.terraform.io/hashicorp/aws"
TAGS = {"program": "p", "personal_data": "true", "sensitivity": "3"}
NESTED = 'module.region["eu"].aws_s3_bucket.data[0]'  # the address of the bucket of "nested_modules"
_PUBLIC = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]})
_ORG_ONLY = json.dumps({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:*",
                                       "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]})
_RULE = {"status": "Enabled", "filter": [], "expiration": [{"days": 30}], "noncurrent_version_expiration": []}


def bucket(address: str, values: dict[str, Any], unknown: dict[str, Any] | None = None,
           config: dict[str, Any] | None = None) -> dict[str, Any]:
    """A resource for plan(): address, values, after_unknown and configuration expressions."""
    module, local = _split_module(address)
    kind, name = local.split(".")[:2]
    index = re.search(r"\[(.*)\]$", name)
    return {"address": address, "module": module, "type": kind, "name": re.sub(r"\[.*", "", name),
            "index": json.loads(index[1]) if index else None, "values": values, "unknown": unknown or {},
            "config": config}


def _split_module(address: str) -> tuple[str, str]:
    parts = address.split(".")
    i = 0
    while parts[i] == "module":
        i += 2
    return ".".join(parts[:i]), ".".join(parts[i:])


# The AWS provider configuration of a plan built without one: its region locates the buckets.
PROVIDERS = {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}}


def plan_text(resources: list[dict[str, Any]], providers: dict[str, Any] | None = None) -> str:
    modules: dict[str, list[dict[str, Any]]] = {}
    for resource in resources:
        modules.setdefault(resource["module"], []).append(resource)

    def planned(entry: dict[str, Any]) -> dict[str, Any]:
        planned = {"address": entry["address"], "mode": "managed", "type": entry["type"], "name": entry["name"],
                   "provider_name": AWS, "schema_version": 0, "values": entry["values"], "sensitive_values": {}}
        if entry["index"] is not None:
            planned["index"] = entry["index"]
        return planned

    root: dict[str, Any] = {"resources": [planned(e) for e in modules.pop("", [])]}
    if modules:
        root["child_modules"] = [{"address": m, "resources": [planned(e) for e in entries]}
                                 for m, entries in modules.items()]
    config_root: dict[str, Any] = {"resources": [], "module_calls": {}}
    for resource in resources:
        if resource["config"] is None:
            continue
        node = config_root
        for call in re.findall(r"module\.([A-Za-z0-9_-]+)", resource["module"]):
            node = node["module_calls"].setdefault(call, {"module": {"resources": [], "module_calls": {}}})["module"]
        node["resources"].append({"address": f"{resource['type']}.{resource['name']}", "mode": "managed",
                                  "type": resource["type"], "name": resource["name"], "provider_config_key": "aws",
                                  "expressions": resource["config"]})
    document = {
        "format_version": "1.2",
        "planned_values": {"root_module": root},
        "resource_changes": [{"address": r["address"], "mode": "managed", "type": r["type"], "name": r["name"],
                              "change": {"actions": ["create"], "before": None, "after": r["values"],
                                         "after_unknown": r["unknown"]}} for r in resources],
        "configuration": {"provider_config": PROVIDERS if providers is None else providers,
                          "root_module": config_root},
    }
    return json.dumps(document, indent=2)

# Trail selectors of the wrong type (not what Terraform writes): read as absent.
_MALFORMED_TRAILS: list[dict[str, Any]] = [
    {"event_selector": [{"read_write_type": "All", "data_resource": 1}]},
    {"advanced_event_selector": [{"field_selector": 1}]},
    {"advanced_event_selector": [{"field_selector": [{"field": "resources.type", "equals": 1},
                                                     {"field": "resources.ARN", "equals": 1, "starts_with": 2}]}]},
]

# name -> (resources, provider configuration): one small plan each
SCENARIOS: dict[str, tuple[list[dict[str, Any]], dict[str, Any] | None]] = {
    "personal_data_tags": ([
        bucket("aws_s3_bucket.untagged", {"bucket": "u"}),
        bucket("aws_s3_bucket.program_only", {"bucket": "p", "tags": {"program": "p"}}),
        bucket("aws_s3_bucket.declared_not", {"bucket": "n", "tags": {"program": "p", "personal_data": "false"}}),
        bucket("aws_s3_bucket.defaults", {"bucket": "d", "tags": {"owner": "x"},
                                          "tags_all": {"owner": "x", "program": "p", "data_categories": "a; b,c"}}),
    ], None),
    "s3_public_access_block": ([
        bucket("aws_s3_bucket.a", {"bucket": "a", "tags": TAGS}),
        bucket("aws_s3_bucket_policy.a", {"bucket": "a", "policy": _PUBLIC}),
        bucket("aws_s3_bucket_acl.a", {"bucket": "a", "acl": "authenticated-read"}),
        bucket("aws_s3_bucket_public_access_block.a", {"bucket": "a", "restrict_public_buckets": True}),
        bucket("aws_s3_bucket.b", {"bucket": "b", "tags": TAGS}),
        bucket("aws_s3_bucket_policy.b", {"bucket": "b", "policy": _ORG_ONLY}),
    ], None),
    "s3_lifecycle_versioning": ([
        bucket("aws_s3_bucket.v", {"bucket": "v", "tags": TAGS}),
        bucket("aws_s3_bucket_versioning.v", {"bucket": "v", "versioning_configuration": [{"status": "Enabled"}]}),
        bucket("aws_s3_bucket_lifecycle_configuration.v", {"bucket": "v", "rule": [_RULE]}),
        bucket("aws_s3_bucket.w", {"bucket": "w", "tags": TAGS}),
        bucket("aws_s3_bucket_versioning.w", {"bucket": "w", "versioning_configuration": [{"status": "Enabled"}]}),
        bucket("aws_s3_bucket_lifecycle_configuration.w", {"bucket": "w", "rule": [
            {**_RULE, "noncurrent_version_expiration": [{"noncurrent_days": 7}]}]}),
        bucket("aws_s3_bucket.x", {"bucket": "x", "tags": TAGS}),
        bucket("aws_s3_bucket_lifecycle_configuration.x", {"bucket": "x", "rule": [
            {**_RULE, "filter": [{"prefix": "tmp/"}]}]}),
    ], None),
    "companion_not_joined": ([
        bucket("aws_s3_bucket.a", {"bucket": "a", "tags": TAGS}, config={}),
        bucket("aws_s3_bucket_server_side_encryption_configuration.a", {"rule": []}, unknown={"bucket": True},
               config={"bucket": {"references": ["var.bucket_id"]}}),
    ], None),
    "cloudtrail_data_events": ([
        bucket("aws_s3_bucket.a", {"bucket": "a", "tags": TAGS}),
        bucket("aws_s3_bucket.b", {"bucket": "b", "tags": TAGS}),
        bucket("aws_cloudtrail.t", {"event_selector": [{"read_write_type": "All", "data_resource": [
            {"type": "AWS::S3::Object", "values": ["arn:aws:s3:::a/"]}]}]}),
    ], None),
    "rds_dynamodb_glue": ([
        bucket("aws_db_instance.public", {"identifier": "p", "storage_encrypted": True, "publicly_accessible": True,
                                          "tags": TAGS}, unknown={"kms_key_id": True}, config={}),
        bucket("aws_db_instance.unknown", {"identifier": "u", "tags": TAGS},
               unknown={"storage_encrypted": True}, config={"storage_encrypted": {"references": ["local.enc"]}}),
        bucket("aws_dynamodb_table.t", {"name": "t", "tags": TAGS, "server_side_encryption": [
            {"enabled": True, "kms_key_arn": "arn:aws:kms:eu-west-1:111122223333:key/1"}],
            "ttl": [{"enabled": True, "attribute_name": "expires_at"}]}),
        bucket("aws_s3_bucket.lake", {"bucket": "lake", "tags": {"owner": "x"}}),
        bucket("aws_s3_bucket_lifecycle_configuration.lake", {"bucket": "lake", "rule": [
            {"status": "Enabled", "filter": [], "expiration": [{"days": 14}]}]}),
        bucket("aws_glue_catalog_table.events", {"name": "events", "parameters": TAGS,
                                                 "storage_descriptor": [{"location": "s3://lake/events/"}]}),
        bucket("aws_glue_catalog_table.elsewhere", {"name": "e", "parameters": TAGS,
                                                    "storage_descriptor": [{"location": "s3://other/e/"}]}),
    ], {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}}),
    "google_storage_bigquery": ([
        bucket("google_storage_bucket.closed", {"name": "c", "labels": TAGS, "location": "EU",
                                                "public_access_prevention": "enforced"}),
        bucket("google_storage_bucket_iam_binding.closed", {"bucket": "b/c", "role": "roles/storage.objectViewer",
                                                            "members": ["allUsers", "group:team@x.example"]}),
        bucket("google_storage_bucket.open", {"name": "o", "labels": TAGS, "location": "US",
                                              "encryption": [{"default_kms_key_name": "projects/p/keys/k"}]}),
        bucket("google_storage_bucket_iam_member.open", {"bucket": "o", "role": "roles/storage.objectCreator"},
               unknown={"member": True}),
        bucket("google_bigquery_dataset.defaults", {"dataset_id": "d", "labels": TAGS, "location": "EU"},
               unknown={"access": True}, config={}),
        bucket("google_bigquery_dataset_iam_member.defaults", {"dataset_id": "d", "role": "roles/bigquery.dataViewer",
                                                              "member": "allAuthenticatedUsers"}),
    ], None),
    "azure_storage_sql": ([
        bucket("azurerm_storage_account.sa", {"name": "sa", "location": "westeurope", "tags": TAGS,
                                              "https_traffic_only_enabled": True,
                                              "allow_nested_items_to_be_public": True}, unknown={"id": True},
               config={}),
        bucket("azurerm_storage_container.public", {"name": "c", "container_access_type": "blob"},
               unknown={"storage_account_id": True},
               config={"storage_account_id": {"references": ["azurerm_storage_account.sa.id",
                                                             "azurerm_storage_account.sa"]}}),
        bucket("azurerm_storage_account_customer_managed_key.sa", {"key_name": "k"},
               unknown={"storage_account_id": True, "key_vault_id": True},
               config={"storage_account_id": {"references": ["azurerm_storage_account.sa.id",
                                                             "azurerm_storage_account.sa"]},
                       "key_vault_id": {"references": ["azurerm_key_vault.kv.id", "azurerm_key_vault.kv"]}}),
        bucket("azurerm_mssql_server.s", {"name": "s", "location": "germanywestcentral", "tags": TAGS},
               unknown={"id": True}, config={}),
        bucket("azurerm_mssql_database.db", {"name": "db"}, unknown={"server_id": True},
               config={"server_id": {"references": ["azurerm_mssql_server.s.id", "azurerm_mssql_server.s"]}}),
        bucket("azurerm_mssql_firewall_rule.all", {"start_ip_address": "0.0.0.0", "end_ip_address": "255.255.255.255"},
               unknown={"server_id": True},
               config={"server_id": {"references": ["azurerm_mssql_server.s.id", "azurerm_mssql_server.s"]}}),
    ], None),
    # tags_all is unknown on create: without provider default_tags it equals tags (untagged stays untagged).
    "tags_all_unknown": ([
        bucket("aws_s3_bucket.untagged", {"bucket": "u", "tags": {"owner": "x"}}, unknown={"tags_all": True}),
        bucket("aws_s3_bucket.no_tags", {"bucket": "n", "tags": None}, unknown={"tags_all": True}),
        bucket("aws_s3_bucket.tagged", {"bucket": "t", "tags": TAGS}, unknown={"tags_all": True}),
    ], None),
    "default_tags_known": ([
        bucket("aws_s3_bucket.a", {"bucket": "a", "tags": {"sensitivity": "2"}}, unknown={"tags_all": True}),
    ], {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}, "default_tags": [
        {"tags": {"constant_value": {"program": "p", "data_categories": "a"}}}]}}}),
    "default_tags_unknown": ([
        bucket("aws_s3_bucket.a", {"bucket": "a", "tags": {"owner": "x"}}, unknown={"tags_all": True}),
    ], {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"},
                                               "default_tags": [{"tags": {"references": ["var.default_tags"]}}]}}}),
    # The data.aws_iam_policy_document pattern and a key through a variable: unknown until apply.
    "unknown_policy_and_key": ([
        bucket("aws_s3_bucket.a", {"bucket": "a", "tags": TAGS}),
        bucket("aws_s3_bucket_policy.a", {"bucket": "a"}, unknown={"policy": True},
               config={"bucket": {"references": ["aws_s3_bucket.a.id", "aws_s3_bucket.a"]},
                       "policy": {"references": ["data.aws_iam_policy_document.a.json",
                                                 "data.aws_iam_policy_document.a"]}}),
        bucket("aws_s3_bucket_server_side_encryption_configuration.a", {"bucket": "a", "rule": [
            {"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]},
               unknown={"rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": True}]}]},
               config={"rule": [{"apply_server_side_encryption_by_default": [
                   {"kms_master_key_id": {"references": ["var.kms_key_arn"]}}]}]}),
    ], None),
    # Aurora: storage_encrypted unset on a provisioned cluster is unencrypted (a 0.12-era plan writes null).
    "rds_cluster": ([
        bucket("aws_rds_cluster.plain", {"cluster_identifier": "plain", "engine": "aurora-mysql",
                                         "engine_mode": "provisioned", "storage_encrypted": None, "tags": TAGS,
                                         "enabled_cloudwatch_logs_exports": ["audit"]}),
        bucket("aws_rds_cluster_instance.plain", {"cluster_identifier": "plain", "publicly_accessible": True}),
        bucket("aws_rds_cluster.encrypted", {"cluster_identifier": "enc", "engine": "aurora-postgresql",
                                             "storage_encrypted": True, "tags": TAGS,
                                             "db_cluster_parameter_group_name": "tls"},
               unknown={"kms_key_id": True}, config={"kms_key_id": {"references": ["aws_kms_key.k.arn",
                                                                                  "aws_kms_key.k"]}}),
        bucket("aws_rds_cluster_parameter_group.tls", {"name": "tls", "parameter": [
            {"name": "rds.force_ssl", "value": "1"}]}),
        bucket("aws_rds_cluster.serverless", {"cluster_identifier": "sls", "engine_mode": "serverless",
                                              "storage_encrypted": None, "tags": TAGS}),
        bucket("aws_rds_cluster.later", {"cluster_identifier": "later", "tags": TAGS},
               unknown={"storage_encrypted": True}, config={"storage_encrypted": {"references": ["var.enc"]}}),
    ], None),
    "s3_public_listing": ([
        bucket("aws_s3_bucket.listed", {"bucket": "l", "tags": TAGS}),
        bucket("aws_s3_bucket_policy.listed", {"bucket": "l", "policy": json.dumps({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": ["s3:ListBucket"], "Resource": "arn:aws:s3:::l"}]})}),
    ], None),
    "gcp_cloud_sql": ([
        bucket("google_sql_database_instance.open", {"name": "open", "region": "europe-west3", "settings": [{
            "user_labels": {"program": "p", "sensitivity": "3"},
            "ip_configuration": [{"ipv4_enabled": True, "authorized_networks": [{"value": "0.0.0.0/0"}]}],
            "database_flags": []}]}),
        bucket("google_sql_database_instance.closed", {"name": "closed", "region": "us-central1",
                                                       "encryption_key_name": "projects/x/keys/k", "settings": [{
            "user_labels": {"program": "p"},
            "ip_configuration": [{"ipv4_enabled": False, "ssl_mode": "ENCRYPTED_ONLY"}],
            "database_flags": [{"name": "cloudsql.enable_pgaudit", "value": "on"}]}]}),
        bucket("google_sql_database_instance.untagged", {"name": "u", "region": "us-central1",
                                                         "settings": [{"user_labels": None}]}),
        # user_labels not set in the configuration, computed by the provider: its defaults (none) only.
        bucket("google_sql_database_instance.computed", {"name": "c", "region": "us-central1", "settings": [{}]},
               unknown={"settings": [{"user_labels": True}]}, config={"settings": [{}]}),
    ], None),
    "gcp_bigquery_table": ([
        bucket("google_bigquery_dataset.d", {"dataset_id": "d", "location": "EU", "labels": {"program": "p"},
                                             "default_table_expiration_ms": 86_400_000 * 30, "access": [
                                                 {"role": "READER", "special_group": "allAuthenticatedUsers"}]}),
        bucket("google_bigquery_table.t", {"dataset_id": "d", "table_id": "t", "labels": {"program": "p"},
                                           "encryption_configuration": [{"kms_key_name": "projects/x/keys/t"}],
                                           "time_partitioning": [{"expiration_ms": 86_400_000 * 7}]}),
        bucket("google_bigquery_table_iam_member.t", {"table_id": "t", "role": "roles/bigquery.dataViewer",
                                                      "member": "user:ann@example.com"}),
        bucket("google_bigquery_table.elsewhere", {"dataset_id": "other", "table_id": "e",
                                                   "labels": {"program": "p"}}),
    ], None),
    "azure_sql_legacy": ([
        bucket("azurerm_sql_server.s", {"name": "s", "location": "westeurope", "tags": {"program": "p"}}),
        bucket("azurerm_sql_firewall_rule.all", {"server_name": "s", "start_ip_address": "0.0.0.0",
                                                 "end_ip_address": "255.255.255.255"}),
        bucket("azurerm_sql_server.with_db", {"name": "w", "location": "westeurope"}),
        bucket("azurerm_sql_database.db", {"name": "db", "server_name": "w", "tags": {"program": "p"}}),
    ], None),
    "redshift": ([
        bucket("aws_redshift_cluster.open", {"cluster_identifier": "open", "encrypted": False,
                                             "publicly_accessible": True, "tags": TAGS}),
        bucket("aws_redshift_cluster.closed", {"cluster_identifier": "closed", "encrypted": True,
                                               "kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/k",
                                               "publicly_accessible": False, "tags": TAGS,
                                               "cluster_parameter_group_name": "tls"}),
        bucket("aws_redshift_parameter_group.tls", {"name": "tls", "parameter": [
            {"name": "require_ssl", "value": "true"}]}),
        bucket("aws_redshift_logging.closed", {"cluster_identifier": "closed", "log_destination_type": "s3"}),
        bucket("aws_redshift_cluster.unshown", {"cluster_identifier": "u", "encrypted": None,
                                                "publicly_accessible": False, "tags": TAGS}),
    ], None),
    "nested_modules": ([
        bucket(NESTED, {"bucket": "eu-0", "tags": TAGS}, unknown={"id": True}, config={}),
        bucket('module.region["eu"].aws_s3_bucket_logging.data[0]', {"target_bucket": "logs"},
               unknown={"bucket": True},
               config={"bucket": {"references": ["aws_s3_bucket.data[0].id", "aws_s3_bucket.data[0]",
                                                 "aws_s3_bucket.data"]}}),
    ], None),
    **{f"malformed_trail_{i}": ([bucket("aws_s3_bucket.a", {"bucket": "a", "tags": TAGS}),
                                  bucket("aws_cloudtrail.t", values)], None)
       for i, values in enumerate(_MALFORMED_TRAILS)},
}
