# The entrypoints: every rule's findings, gathered by package path.
package compliance.main

# findings holds each rule's raw findings on the whole input, tagged with the rule's package;
# Python joins the rule metadata (id, title, severity, legal references) by that package.
findings contains object.union(raw, {"package": sprintf("compliance.rules.%s.%s", [area, name])}) if {
	some area, name
	some raw in data.compliance.rules[area][name].deny
}

# At scale (docs/performance.md) the same findings come from three entrypoints, one per rule
# scope, which the metadata of each rule decides (custom.inputs, and custom.scope where given):
#
#   dataset_findings    rules whose inputs include StorageInventory. They judge each dataset on
#                       its own, reading the programs it names, so they run on chunks of about
#                       1,000 datasets with every program in each chunk. A dataset rule never
#                       looks across datasets (counts, duplicates, "the largest ten").
#   program_findings    rules whose inputs are [Program] only: once, with no datasets.
#   inventory_findings  rules declaring `scope: inventory` (they look across datasets): once, on
#                       the whole input.
#
# Their union equals `findings` on the whole input. They are defined in main.generated.rego,
# which compliance.engine.entrypoints_module writes from the metadata and adds to every bundle
# it evaluates or exports (`compliance bundle`). Each names its rules' packages literally:
# regorus evaluates every package under data.compliance.rules as soon as a rule path is built
# from variables, as `findings` does above, however few packages the variables then select.
