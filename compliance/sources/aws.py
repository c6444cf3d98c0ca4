"""AWS: Glue Data Catalog tables, Lake Formation permissions and LF-tags, and each table's S3
bucket (encryption, server access logging, lifecycle), read with boto3 (`pip install
'workplace-compliance[aws]'`).

    compliance discover aws [REGION]

Credentials, profile and endpoint come from boto3's usual chain (`AWS_PROFILE`,
`AWS_ACCESS_KEY_ID`, instance roles, `AWS_ENDPOINT_URL` ...); none of them is ever printed or written.

- Readers: Lake Formation grants of `SELECT` or `ALL` on the table, on all tables of its database
  (`TableWildcard`), on some of its columns (approximate), or through an LF-tag policy whose
  expression the table's LF-tags satisfy. `IAM_ALLOWED_PRINCIPALS` (the default for every new table
  unless the account opted out) means Lake Formation hands access back to IAM and the bucket policy,
  which are not evaluated here: the table is readable by every principal IAM lets in, written as
  the all-readers principal, and the dataset says so.
- Classification tags: LF-tags on the table (else on its database), then the Glue table's parameters.
- Encryption at rest and its key from the bucket's default encryption; audit logging from its server
  access logging; retention from the shortest enabled lifecycle expiration covering the table's prefix
  (none: kept indefinitely, which beats a declared TTL); location from the bucket's region.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from compliance.errors import Problem
from compliance.sources.interface import LiveRequest, SourceError, SourceResult
from compliance.sources.principals import EVERYONE, Principal, PrincipalGraph, access_of, render
from compliance.sources.snapshot import dataset_id, document, inventory, observed_now

IAM_ALLOWED = "IAM_ALLOWED_PRINCIPALS"
READS = {"SELECT", "ALL"}
# AWS regions by the country their data centres are in (for location.country).
REGION_COUNTRIES = {
    "us-east-1": "US", "us-east-2": "US", "us-west-1": "US", "us-west-2": "US", "ca-central-1": "CA",
    "ca-west-1": "CA", "eu-west-1": "IE", "eu-west-2": "GB", "eu-west-3": "FR", "eu-central-1": "DE",
    "eu-central-2": "CH", "eu-north-1": "SE", "eu-south-1": "IT", "eu-south-2": "ES", "ap-south-1": "IN",
    "ap-northeast-1": "JP", "ap-northeast-2": "KR", "ap-northeast-3": "JP", "ap-southeast-1": "SG",
    "ap-southeast-2": "AU", "ap-east-1": "HK", "sa-east-1": "BR", "me-south-1": "BH", "me-central-1": "AE",
    "af-south-1": "ZA", "il-central-1": "IL", "mx-central-1": "MX",
}
IAM_NOTE = ("IAMAllowedPrincipals: Lake Formation defers to IAM policies and the bucket policy, which "
            "are not evaluated here; every principal they let in can read")


class AwsSource:
    name: ClassVar[str] = "aws"

    def discover(self, request: LiveRequest) -> SourceResult:
        try:
            import boto3
            from botocore.exceptions import BotoCoreError, ClientError
        except ImportError:
            raise SourceError("aws: boto3 is not installed (pip install 'workplace-compliance[aws]')") from None
        try:
            session = boto3.session.Session(region_name=request.target or None)
            if not session.region_name:
                raise SourceError("aws: no region: give one (compliance discover aws eu-west-1) or set AWS_REGION")
            return _read(session, request)
        except (BotoCoreError, ClientError) as error:
            raise SourceError(f"aws: {error}") from None


def _pages(client: Any, operation: str, key: str, **arguments: Any) -> Iterator[dict[str, Any]]:
    if client.can_paginate(operation):
        for page in client.get_paginator(operation).paginate(**arguments):
            yield from page.get(key, [])
        return
    token: str | None = None
    while True:
        page = getattr(client, operation)(**arguments, **({"NextToken": token} if token else {}))
        yield from page.get(key, [])
        token = page.get("NextToken")
        if not token:
            return


def _principal(identifier: str) -> tuple[str, str, bool]:
    """(graph key, reader label, is a login) of a Lake Formation principal."""
    if identifier == IAM_ALLOWED:
        return EVERYONE, "", False
    name = identifier.rsplit(":", 1)[-1]
    if ":user/" in identifier:
        return identifier, f"user:{name.split('/', 1)[1]}", True
    if ":role/" in identifier:
        return identifier, f"svc:{name.split('/', 1)[1]}", False
    if identifier.isdigit():
        return identifier, f"group:aws-account/{identifier}", False
    return identifier, f"group:{name.replace('/', ':')}", False


def _tags(lakeformation: Any, database: str, table: str) -> dict[str, str]:
    answer = lakeformation.get_resource_lf_tags(Resource={"Table": {"DatabaseName": database, "Name": table}})
    tags: dict[str, str] = {}
    for entry in [*answer.get("LFTagOnDatabase", []), *answer.get("LFTagsOnTable", [])]:  # the table's win
        values = entry.get("TagValues") or []
        if entry.get("TagKey") and values:
            tags[str(entry["TagKey"])] = ",".join(values)
    return tags


def _satisfies(expression: list[dict[str, Any]], tags: Mapping[str, str]) -> bool:
    return all(set(str(tags.get(str(item.get("TagKey")), "")).split(",")) & set(item.get("TagValues") or [])
               for item in expression)


def _bucket(s3: Any, bucket: str, prefix: str, cache: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The observed facts of a bucket (cached: many tables share one)."""
    from botocore.exceptions import ClientError

    if bucket not in cache:
        facts: dict[str, Any] = {}
        try:
            rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
            default = rules[0]["ApplyServerSideEncryptionByDefault"] if rules else {}
            facts["at_rest"] = bool(default)
            facts["key_ref"] = default.get("KMSMasterKeyID") if "kms" in str(default.get("SSEAlgorithm")) else None
        except ClientError:
            facts["at_rest"], facts["key_ref"] = False, None
        facts["logging"] = "LoggingEnabled" in s3.get_bucket_logging(Bucket=bucket)
        try:
            facts["lifecycle"] = s3.get_bucket_lifecycle_configuration(Bucket=bucket).get("Rules", [])
        except ClientError:
            facts["lifecycle"] = []
        region = s3.get_bucket_location(Bucket=bucket).get("LocationConstraint") or "us-east-1"
        facts["region"] = region
        cache[bucket] = facts
    facts = dict(cache[bucket])
    days = [rule["Expiration"]["Days"] for rule in facts.pop("lifecycle")
            if rule.get("Status") == "Enabled" and isinstance(rule.get("Expiration", {}).get("Days"), int)
            and prefix.startswith(str((rule.get("Filter") or {}).get("Prefix", rule.get("Prefix", "")) or ""))]
    facts["ttl_days"] = min(days) if days else None
    return facts


def _read(session: Any, request: LiveRequest) -> SourceResult:
    everyone_label = str(request.options.get("everyone") or "group:all-employees")
    classifier = request.options.get("classifier")
    account = session.client("sts").get_caller_identity()["Account"]
    glue, lakeformation, s3 = session.client("glue"), session.client("lakeformation"), session.client("s3")
    settings = lakeformation.get_data_lake_settings().get("DataLakeSettings", {})
    iam_default = any(entry.get("Principal", {}).get("DataLakePrincipalIdentifier") == IAM_ALLOWED
                      for entry in settings.get("CreateTableDefaultPermissions", []))
    permissions = list(_pages(lakeformation, "list_permissions", "PrincipalResourcePermissions"))
    tables = [table for database in _pages(glue, "get_databases", "DatabaseList")
              for table in _pages(glue, "get_tables", "TableList", DatabaseName=database["Name"])]
    graph = PrincipalGraph()
    warnings: list[str] = []
    if iam_default:
        warnings.append("Lake Formation's default for new tables is IAM_ALLOWED_PRINCIPALS (Use only IAM access "
                        "control): their access is decided by IAM and bucket policies, which are not evaluated")
    buckets: dict[str, dict[str, Any]] = {}
    datasets = []
    for done, table in enumerate(tables, start=1):
        database, name = table["DatabaseName"], table["Name"]
        tags = _tags(lakeformation, database, name)
        grantees: dict[str, str] = {}
        reasons: list[str] = []
        for grant in permissions:
            resource = grant.get("Resource", {})
            if not READS & set(grant.get("Permissions", [])):
                continue
            target = resource.get("Table") or resource.get("TableWithColumns")
            policy = resource.get("LFTagPolicy")
            if target and target.get("DatabaseName") == database and (
                    target.get("Name") == name or "TableWildcard" in target):
                how = "all tables of the database" if "TableWildcard" in target else "the table"
                if "TableWithColumns" in resource:
                    how = "some columns"
                    reasons.append("Lake Formation grants some columns only")
            elif policy and policy.get("ResourceType") == "TABLE" and _satisfies(policy.get("Expression", []), tags):
                how = "an LF-tag policy"
            else:
                continue
            identifier = grant.get("Principal", {}).get("DataLakePrincipalIdentifier", "")
            key, label, login = _principal(identifier)
            if key != EVERYONE:
                graph.add(Principal(key, label, login))
            else:
                reasons.append(IAM_NOTE)
            grantees.setdefault(key, f"Lake Formation {'/'.join(sorted(READS & set(grant['Permissions'])))} on {how}")
        holders = graph.holders(grantees)
        unknown_members = any(not graph.principals[key].login for key in holders.paths)
        readers = render(graph, holders, everyone_label, grantees, None)
        access = access_of(readers, reasons, counted=not holders.everyone and not unknown_members)
        qualified = f"{database}.{name}"
        dataset: dict[str, Any] = {"id": dataset_id(qualified), "name": qualified,
                                   "table_type": str(table.get("TableType") or "table").lower(), "access": access}
        provenance = {"access.readers": "observed"}
        location = str((table.get("StorageDescriptor") or {}).get("Location") or "")
        if location.startswith(("s3://", "s3a://")):
            bucket, _, prefix = location.split("://", 1)[1].partition("/")
            facts = _bucket(s3, bucket, prefix, buckets)
            dataset["encryption"] = {"at_rest": facts["at_rest"], "key_ref": facts["key_ref"]}
            dataset["audit_logging"] = facts["logging"]
            dataset["retention"] = {"ttl_days": facts["ttl_days"]}
            dataset["location"] = {"region": facts["region"], **({"country": REGION_COUNTRIES[facts["region"]]}
                                                                  if facts["region"] in REGION_COUNTRIES else {})}
            provenance.update(dict.fromkeys(("encryption.at_rest", "encryption.key_ref", "audit_logging",
                                             "retention.ttl_days", "location.region"), f"observed: s3://{bucket}"))
        dataset["provenance"] = provenance
        parameters = {str(k): str(v) for k, v in (table.get("Parameters") or {}).items()}
        if classifier is not None:
            classifier.classify(dataset, [qualified, f"{account}.{qualified}"], tags={**parameters, **tags},
                                comment=table.get("Description"))
        else:
            dataset["personal_data"] = None
        datasets.append(dataset)
        if request.progress is not None and (done % 100 == 0 or done == len(tables)):
            request.progress(done, len(tables))
    source = f"aws:{account}/{session.region_name}"
    name = str(request.options.get("inventory_id") or f"aws-{account}-{session.region_name}")
    value = inventory(name, f"AWS Glue Data Catalog {account} {session.region_name}", "glue", source,
                      observed_now(), datasets)
    return SourceResult(documents=(document(value, source),),
                        warnings=tuple(Problem(source, None, None, "", line) for line in warnings))
