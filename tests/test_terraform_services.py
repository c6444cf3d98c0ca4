"""The provider services of the Terraform plan reader (compliance/loaders/terraform/<provider>_<service>.py),
each on small plans (tests/terraform_plans.py), and their registry."""

from __future__ import annotations

import pkgutil
from pathlib import Path
from typing import Any

import pytest

from compliance.loaders import terraform
from compliance.loaders.terraform import load_plan, services
from compliance.loaders.terraform.services import SERVICES, registry
from tests.terraform_plans import NESTED, SCENARIOS, TAGS, bucket, plan_text


def test_every_service_module_is_registered() -> None:
    """Adding a service is adding its module: one left out of SERVICES would never be read."""
    modules = {module.name for module in pkgutil.iter_modules(terraform.__path__)
               if module.name.startswith(("aws_", "gcp_", "azure_"))}
    assert modules == set(SERVICES)
    read = registry()
    assert "aws_s3_bucket" in read.builders and "azurerm_mssql_firewall_rule" in read.joins
    assert not set(read.builders) & set(read.joins)


def test_a_resource_type_read_by_two_services_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "SERVICES", ("aws_s3", "aws_glue", "aws_s3"))
    services.registry.cache_clear()
    try:
        with pytest.raises(ValueError, match="aws_s3_bucket is read by two services"):
            services.registry()
    finally:
        services.registry.cache_clear()


def datasets_of(tmp_path: Path, resources: list[dict[str, Any]],
                providers: dict[str, Any] | None = None) -> tuple[dict[str, dict[str, Any]], list[str]]:
    path = tmp_path / "small.tfplan.json"
    path.write_text(plan_text(resources, providers), encoding="utf-8")
    inventory = load_plan(path)
    return {d["id"]: d for d in inventory.document.value["datasets"]}, [str(n) for n in inventory.notes]


def test_personal_data_follows_the_tags(tmp_path: Path) -> None:
    datasets, _ = datasets_of(tmp_path, *SCENARIOS["personal_data_tags"])
    assert datasets["aws_s3_bucket.untagged"]["personal_data"] is False
    assert datasets["aws_s3_bucket.program_only"]["personal_data"] is True
    assert datasets["aws_s3_bucket.declared_not"]["personal_data"] is False
    assert datasets["aws_s3_bucket.defaults"]["program"] == "p"  # provider default_tags, via tags_all
    assert datasets["aws_s3_bucket.defaults"]["data_categories"] == ["a", "b", "c"]


def test_s3_public_access_block_neutralises_public_policy_and_acl(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, *SCENARIOS["s3_public_access_block"])
    assert datasets["aws_s3_bucket.a"]["access"]["readers"] == ["authenticated"]  # ACL not ignored, policy is
    assert datasets["aws_s3_bucket.b"]["access"] == {"readers": ["group:aws-org:o-abc"],
                                                     "writers": ["group:aws-org:o-abc"],
                                                     "listers": ["group:aws-org:o-abc"]}  # s3:* lists too
    assert notes == []


def test_s3_lifecycle_with_versioning_needs_noncurrent_expiry(tmp_path: Path) -> None:
    datasets, _ = datasets_of(tmp_path, *SCENARIOS["s3_lifecycle_versioning"])
    assert datasets["aws_s3_bucket.v"]["retention"] == {"ttl_days": None}  # old versions stay
    assert datasets["aws_s3_bucket.w"]["retention"] == {"ttl_days": 37}
    assert datasets["aws_s3_bucket.x"]["retention"] == {"ttl_days": None}  # only a prefix expires


def test_a_companion_that_cannot_be_joined_is_noted(tmp_path: Path) -> None:
    _, notes = datasets_of(tmp_path, *SCENARIOS["companion_not_joined"])
    assert len(notes) == 1
    assert "aws_s3_bucket_server_side_encryption_configuration.a bucket: unknown until apply and not a reference " \
           "to a aws_s3_bucket of this plan" in notes[0]


def test_cloudtrail_data_events_count_as_audit_logging(tmp_path: Path) -> None:
    datasets, _ = datasets_of(tmp_path, *SCENARIOS["cloudtrail_data_events"])
    assert datasets["aws_s3_bucket.a"]["audit_logging"] is True
    assert datasets["aws_s3_bucket.b"]["audit_logging"] is False


@pytest.mark.parametrize("scenario", [name for name in SCENARIOS if name.startswith("malformed_trail_")])
def test_malformed_trail_selectors_count_as_no_coverage(scenario: str, tmp_path: Path) -> None:
    """Attribute values of the wrong type (not what Terraform writes) are read as absent, never a crash."""
    datasets, _ = datasets_of(tmp_path, *SCENARIOS[scenario])
    assert datasets["aws_s3_bucket.a"]["audit_logging"] is False


def test_rds_dynamodb_and_glue(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, *SCENARIOS["rds_dynamodb_glue"])
    public = datasets["aws_db_instance.public"]
    assert public["encryption"]["at_rest"] is True and public["encryption"]["key_ref"] is None  # aws/rds default key
    assert public["access"]["readers"] == ["authenticated"]
    assert public["location"] == {"country": "IE", "region": "eu-west-1"}
    assert datasets["aws_db_instance.unknown"]["encryption"]["at_rest"] is None
    table = datasets["aws_dynamodb_table.t"]
    assert table["encryption"] == {"at_rest": True, "key_ref": "arn:aws:kms:eu-west-1:111122223333:key/1",
                                   "in_transit": False}
    assert table["retention"] == {"ttl_days": None} and "not visible in the plan: retention.ttl_days" in table[
        "description"]
    events = datasets["aws_glue_catalog_table.events"]
    assert events["retention"] == {"ttl_days": 14} and events["program"] == "p"
    assert "access" not in datasets["aws_glue_catalog_table.elsewhere"]
    assert any("aws_db_instance.unknown encryption.at_rest: unknown until apply" in note for note in notes)


def test_google_storage_and_bigquery(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, *SCENARIOS["google_storage_bigquery"])
    closed = datasets["google_storage_bucket.closed"]
    assert closed["access"]["readers"] == ["group:team@x.example"]  # public access prevention
    assert closed["encryption"] == {"at_rest": True, "key_ref": None, "in_transit": True}
    assert closed["location"] == {"region": "EU"}  # a multi-region: no one country
    opened = datasets["google_storage_bucket.open"]
    assert "access" not in opened and opened["encryption"]["key_ref"] == "projects/p/keys/k"
    assert any("google_storage_bucket.open access.readers: unknown until apply" in note for note in notes)
    bigquery = datasets["google_bigquery_dataset.defaults"]
    assert bigquery["access"]["readers"] == ["group:projectOwners", "group:projectWriters", "group:projectReaders",
                                             "authenticated"]
    assert bigquery["audit_logging"] is True


def test_azure_storage_and_sql(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, *SCENARIOS["azure_storage_sql"])
    account = datasets["azurerm_storage_account.sa"]
    assert account["access"]["readers"] == ["*"]
    assert account["encryption"] == {"at_rest": True, "key_ref": "azurerm_key_vault.kv.id", "in_transit": True}
    assert account["location"] == {"country": "NL", "region": "westeurope"}
    database = datasets["azurerm_mssql_database.db"]
    assert database["program"] == "p"  # the server's tags
    assert database["encryption"] == {"at_rest": True, "key_ref": None, "in_transit": True}  # TDE by default
    assert database["access"]["readers"] == ["authenticated"]
    assert database["location"] == {"country": "DE", "region": "germanywestcentral"}
    assert notes == []


def test_nested_module_instances(tmp_path: Path) -> None:
    datasets, _ = datasets_of(tmp_path, *SCENARIOS["nested_modules"])
    dataset = datasets["module.region/eu.aws_s3_bucket.data/0"]
    assert dataset["name"] == NESTED
    assert dataset["audit_logging"] is True


def test_untagged_is_untagged_when_tags_all_is_unknown(tmp_path: Path) -> None:
    """AWS writes tags_all as unknown on create; without provider default_tags it can only equal tags."""
    datasets, notes = datasets_of(tmp_path, *SCENARIOS["tags_all_unknown"])
    assert datasets["aws_s3_bucket.untagged"]["personal_data"] is False
    assert datasets["aws_s3_bucket.no_tags"]["personal_data"] is False
    assert datasets["aws_s3_bucket.tagged"]["program"] == "p"
    assert datasets["aws_s3_bucket.tagged"]["personal_data"] is True
    assert notes == []


def test_provider_default_tags_are_merged_under_the_tags(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, *SCENARIOS["default_tags_known"])
    bucket = datasets["aws_s3_bucket.a"]
    assert (bucket["program"], bucket["data_categories"], bucket["personal_data"], bucket["sensitivity"]) == (
        "p", ["a"], True, 2)
    assert notes == []


def test_default_tags_only_apply_knows_make_the_dataset_possibly_in_scope(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, *SCENARIOS["default_tags_unknown"])
    bucket = datasets["aws_s3_bucket.a"]
    assert bucket["personal_data"] is False and "program" not in bucket  # never a presumed finding
    assert bucket["description"] == "aws_s3_bucket; possibly in scope: tags_all is unknown until apply, not judged"
    assert len(notes) == 1
    assert notes[0].endswith("aws_s3_bucket.a tags_all: unknown until apply, so whether it names a program is not "
                             "known: the dataset is possibly in scope and not judged")


def test_a_policy_and_key_unknown_until_apply_are_listed_as_unknown(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, *SCENARIOS["unknown_policy_and_key"])
    bucket = datasets["aws_s3_bucket.a"]
    assert bucket["unknown"] == ["encryption.key_ref", "access.readers", "encryption.in_transit"]
    assert bucket["encryption"] == {"at_rest": True, "key_ref": None, "in_transit": None}
    assert "access" not in bucket
    assert [n.split(": ", 1)[1] for n in notes] == [
        "aws_s3_bucket.a encryption.key_ref: unknown until apply; left null, not guessed",
        "aws_s3_bucket.a access.readers: unknown until apply; left out, not guessed",
        "aws_s3_bucket.a encryption.in_transit: unknown until apply; left null, not guessed",
    ]


@pytest.mark.parametrize("version", ["0.1", "0.2", "1.0", "1.1", "1.2"])
def test_every_tested_format_version_is_read_without_a_warning(tmp_path: Path, version: str) -> None:
    text = plan_text(*SCENARIOS["personal_data_tags"]).replace('"format_version": "1.2"',
                                                               f'"format_version": "{version}"')
    path = tmp_path / "small.tfplan.json"
    path.write_text(text, encoding="utf-8")
    inventory = load_plan(path)
    assert len(inventory.document.value["datasets"]) == 4
    assert inventory.notes == ()


def test_a_newer_minor_format_is_read_with_one_warning(tmp_path: Path) -> None:
    text = plan_text(*SCENARIOS["personal_data_tags"]).replace('"format_version": "1.2"', '"format_version": "1.9"')
    path = tmp_path / "small.tfplan.json"
    path.write_text(text, encoding="utf-8")
    inventory = load_plan(path)
    assert len(inventory.document.value["datasets"]) == 4
    assert [n.message for n in inventory.notes] == [
        "Terraform JSON format_version '1.9' is newer than the formats this tool was tested on "
        "(0.1, 0.2, 1.0, 1.1, 1.2); it is read with the same layout"]


def test_aurora_clusters(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, *SCENARIOS["rds_cluster"])
    plain = datasets["aws_rds_cluster.plain"]
    assert plain["encryption"] == {"at_rest": False, "key_ref": None, "in_transit": None}
    assert plain["access"]["readers"] == ["authenticated"]  # a publicly accessible instance
    assert plain["audit_logging"] is True
    encrypted = datasets["aws_rds_cluster.encrypted"]
    assert encrypted["encryption"] == {"at_rest": True, "key_ref": "aws_kms_key.k.arn", "in_transit": True}
    assert encrypted["access"]["readers"] == []
    assert datasets["aws_rds_cluster.serverless"]["encryption"]["at_rest"] is True
    later = datasets["aws_rds_cluster.later"]
    assert later["encryption"]["at_rest"] is None and later["unknown"] == ["encryption.at_rest"]
    assert [n.split(": ", 1)[1] for n in notes] == [
        "aws_rds_cluster.later encryption.at_rest: unknown until apply; left null, not guessed"]
    assert "aws_rds_cluster_instance.plain" not in datasets


def test_s3_public_listing_is_exposure(tmp_path: Path) -> None:
    datasets, _ = datasets_of(tmp_path, *SCENARIOS["s3_public_listing"])
    assert datasets["aws_s3_bucket.listed"]["access"] == {"readers": [], "writers": [], "listers": ["*"]}


def test_unencrypted_aurora_and_public_listing_are_found(tmp_path: Path) -> None:
    import datetime

    from compliance.runner import RunOptions, run_check

    for name in ("rds_cluster", "s3_public_listing"):  # tagged with the sample Terraform program
        text = plan_text(*SCENARIOS[name]).replace('"program": "p"', '"program": "dock-analytics"')
        (tmp_path / f"{name}.tfplan.json").write_text(text, encoding="utf-8")
    program = Path(__file__).parent.parent / "samples" / "terraform" / "program.yaml"
    findings = run_check(RunOptions(paths=(str(tmp_path), str(program)),
                                    as_of=datetime.date(2026, 11, 22))).findings
    unencrypted = {f.resource for f in findings if f.rule == "GDPR-SEC-001"}
    assert unencrypted == {"dataset:aws_rds_cluster.plain"}  # not the encrypted, serverless or unknown ones
    listing = [f.message for f in findings if f.resource == "dataset:aws_s3_bucket.listed" and f.rule == "GDPR-PD-002"]
    assert listing == ["dataset aws_s3_bucket.listed (sensitivity 3) allows listing its object names by * "
                       "(object keys often carry names and e-mail addresses)"]


def test_google_cloud_sql(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, *SCENARIOS["gcp_cloud_sql"])
    open_ = datasets["google_sql_database_instance.open"]
    assert (open_["program"], open_["sensitivity"], open_["location"]) == ("p", 3, {"country": "DE",
                                                                                   "region": "europe-west3"})
    assert open_["encryption"] == {"at_rest": True, "key_ref": None, "in_transit": None}
    assert open_["access"]["readers"] == ["authenticated"]
    assert open_["audit_logging"] is False
    closed = datasets["google_sql_database_instance.closed"]
    assert closed["encryption"] == {"at_rest": True, "key_ref": "projects/x/keys/k", "in_transit": True}
    assert closed["access"]["readers"] == [] and closed["audit_logging"] is True
    assert datasets["google_sql_database_instance.untagged"]["personal_data"] is False
    assert datasets["google_sql_database_instance.computed"]["personal_data"] is False  # not "possibly in scope"
    assert notes == []


def test_google_bigquery_table(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, *SCENARIOS["gcp_bigquery_table"])
    table = datasets["google_bigquery_table.t"]
    assert table["encryption"] == {"at_rest": True, "key_ref": "projects/x/keys/t", "in_transit": True}
    assert table["access"]["readers"] == ["authenticated", "user:ann@example.com"]  # its dataset's, and its own
    assert table["retention"] == {"ttl_days": 7} and table["location"] == {"region": "EU"}
    elsewhere = datasets["google_bigquery_table.elsewhere"]  # its dataset is not in the plan
    assert "access" not in elsewhere and elsewhere["unknown"] == ["access.readers"]
    assert [n.split(": ", 1)[1] for n in notes] == [
        "google_bigquery_table.elsewhere access.readers: not visible in the plan: the table's dataset is not in "
        "it; left out, not guessed"]


def test_azure_legacy_sql_and_a_server_without_databases(tmp_path: Path) -> None:
    datasets, _ = datasets_of(tmp_path, *SCENARIOS["azure_sql_legacy"])
    assert set(datasets) == {"azurerm_sql_server.s", "azurerm_sql_database.db"}  # not the server of db
    server = datasets["azurerm_sql_server.s"]
    assert server["encryption"] == {"at_rest": True, "key_ref": None, "in_transit": True}  # TDE on by default
    assert server["access"]["readers"] == ["authenticated"]  # a firewall rule open to the internet
    database = datasets["azurerm_sql_database.db"]
    assert database["program"] == "p" and database["location"] == {"country": "NL", "region": "westeurope"}
    assert database["access"]["readers"] == []


def test_redshift_clusters(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, *SCENARIOS["redshift"])
    open_ = datasets["aws_redshift_cluster.open"]
    assert open_["encryption"] == {"at_rest": False, "key_ref": None, "in_transit": None}
    assert open_["access"]["readers"] == ["authenticated"] and open_["audit_logging"] is False
    closed = datasets["aws_redshift_cluster.closed"]
    assert closed["encryption"] == {"at_rest": True, "key_ref": "arn:aws:kms:eu-west-1:111122223333:key/k",
                                    "in_transit": True}
    assert closed["access"]["readers"] == [] and closed["audit_logging"] is True
    unshown = datasets["aws_redshift_cluster.unshown"]  # never the provider's default, which changed in 6.0
    assert unshown["encryption"]["at_rest"] is None and unshown["unknown"] == ["encryption.at_rest"]
    assert [n.split(": ", 1)[1] for n in notes] == [
        "aws_redshift_cluster.unshown encryption.at_rest: not visible in the plan: `encrypted` is not shown and its "
        "default depends on the AWS provider version; left null, not guessed"]


def test_a_region_not_in_the_plan_leaves_the_country_unknown(tmp_path: Path) -> None:
    """S3 computes `region` on apply and the provider's may come from a variable or the environment:
    the country is unknown (listed, noted for a judged dataset), never "declares no country"."""
    resources = [bucket("aws_s3_bucket.tagged", {"bucket": "t", "tags": TAGS}, unknown={"region": True}),
                 bucket("aws_s3_bucket.untagged", {"bucket": "u"}, unknown={"region": True})]
    datasets, notes = datasets_of(tmp_path, resources, {"aws": {"name": "aws", "expressions": {
        "region": {"references": ["var.region"]}}}})
    tagged = datasets["aws_s3_bucket.tagged"]
    assert "location" not in tagged and tagged["unknown"] == ["location.country"]
    assert [n.split(": ", 1)[1] for n in notes] == [
        "aws_s3_bucket.tagged location.country: unknown until apply (the region is not in the plan: computed, or "
        "from a variable or the environment); left out, not guessed"]
