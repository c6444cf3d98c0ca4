"""Azure Storage: `azurerm_storage_account`, with its `azurerm_storage_container`,
`azurerm_storage_account_customer_managed_key`, `azurerm_storage_management_policy` and
`azurerm_monitor_diagnostic_setting`. Azure Storage encryption at rest cannot be turned off."""

from __future__ import annotations

from compliance.loaders.document import PathKey
from compliance.loaders.terraform.dataset import Dataset
from compliance.loaders.terraform.plan import Plan, Resource, as_int
from compliance.loaders.terraform.services import Service

_ACCOUNTS = ("azurerm_storage_account",)


def storage_account(plan: Plan, account: Resource, d: Dataset) -> None:
    d.labels(account, ("tags",))
    d.location(account, "location")
    d.put(("encryption", "at_rest"), True, account.at())  # Azure Storage encryption cannot be turned off
    cmk = plan.companion(account, "azurerm_storage_account_customer_managed_key")
    if account.elements("customer_managed_key"):
        d.key(account, ("customer_managed_key", 0, "key_vault_key_id"))
    elif cmk is None:
        d.put(("encryption", "key_ref"), None, account.at())
    elif isinstance(cmk.get("key_vault_id"), str) and isinstance(cmk.get("key_name"), str):
        key = f"{cmk.get('key_vault_id')}/keys/{cmk.get('key_name')}"
        d.put(("encryption", "key_ref"), key, cmk.at("key_name"))
    else:  # a customer-managed key whose id is only known after apply (or a reference to it)
        d.key(cmk, ("key_vault_key_id",) if "key_vault_key_id" in cmk.values or cmk.is_unknown("key_vault_key_id")
              else ("key_vault_id",))
    https = next((a for a in ("https_traffic_only_enabled", "enable_https_traffic_only")
                  if a in account.values or account.is_unknown(a)), None)
    if https and account.is_unknown(https):
        d.unknown_until_apply(("encryption", "in_transit"), account.at(https))
    else:
        d.put(("encryption", "in_transit"), account.get(https) is not False if https else True,
              account.at(https) if https else account.at())
    nested = next((a for a in ("allow_nested_items_to_be_public", "allow_blob_public_access")
                   if a in account.values), None)
    public_allowed = account.get(nested) is not False if nested else True
    readers: list[tuple[str, PathKey]] = []
    for container in plan.companions(account, "azurerm_storage_container"):
        if container.is_unknown("container_access_type"):
            d.unknown_until_apply(("access", "readers"), container.at("container_access_type"))
        elif container.get("container_access_type") in ("blob", "container") and public_allowed:
            readers.append(("*", container.at("container_access_type")))
    d.access(readers, [], account.at())
    _management_policy(plan, account, d)
    audited: PathKey | None = None
    for setting in plan.companions(account, "azurerm_monitor_diagnostic_setting"):
        for kind in ("enabled_log", "log"):
            for i, log in enumerate(setting.elements(kind)):
                if isinstance(log, dict) and log.get("enabled", True) is not False and (
                        log.get("category") == "StorageRead" or log.get("category_group") in ("audit", "allLogs")):
                    audited = audited or setting.at(kind, i)
    d.put(("audit_logging",), audited is not None, audited or account.at())


def _management_policy(plan: Plan, account: Resource, d: Dataset) -> None:
    policy = plan.companion(account, "azurerm_storage_management_policy")
    if policy is None:
        d.put(("retention", "ttl_days"), None, account.at())
        return
    if policy.is_unknown("rule"):
        d.unknown_until_apply(("retention", "ttl_days"), policy.at("rule"))
        return
    versioned = account.get("blob_properties", 0, "versioning_enabled") is True
    candidates: list[tuple[int, PathKey]] = []
    for i, rule in enumerate(policy.elements("rule")):
        if not isinstance(rule, dict) or rule.get("enabled") is False:
            continue
        filters = policy.get("rule", i, "filters", 0)
        if isinstance(filters, dict) and (filters.get("prefix_match") or filters.get("match_blob_index_tag")):
            continue
        actions = policy.get("rule", i, "actions", 0)
        base = as_int(policy.get("rule", i, "actions", 0, "base_blob", 0,
                               "delete_after_days_since_modification_greater_than"))
        if base is None or not isinstance(actions, dict):
            continue
        if versioned:
            keep = as_int(policy.get("rule", i, "actions", 0, "version", 0, "delete_after_days_since_creation"))
            if keep is None:
                continue
            base = max(base, keep)
        candidates.append((base, policy.at("rule", i, "actions", 0, "base_blob")))
    days, source = min(candidates) if candidates else (None, policy.at())
    d.put(("retention", "ttl_days"), days, source)


SERVICE = Service(
    datasets={"azurerm_storage_account": storage_account},
    joins={
        "azurerm_storage_container": (("storage_account_id", "storage_account_name"), _ACCOUNTS, ("id", "name")),
        "azurerm_storage_account_customer_managed_key": (("storage_account_id",), _ACCOUNTS, ("id",)),
        "azurerm_storage_management_policy": (("storage_account_id",), _ACCOUNTS, ("id",)),
        "azurerm_monitor_diagnostic_setting": (("target_resource_id",), _ACCOUNTS, ("id",)),
    },
)
