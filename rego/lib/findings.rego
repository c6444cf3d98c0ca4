# Finding builders. A rule emits facts only; Python joins the rule's metadata.
package compliance.lib

# finding is one failed check on one resource. field is the dotted path of the decisive field,
# relative to the resource's node; evidence holds the decisive values (used for fingerprints).
finding(resource, field, msg, evidence) := {
	"resource": resource,
	"field": field,
	"msg": msg,
	"evidence": evidence,
}

# finding_severity is a finding whose severity depends on the data (the rule's METADATA `severity_rule` says when).
finding_severity(resource, field, msg, evidence, severity) := object.union(
	finding(resource, field, msg, evidence),
	{"severity": severity},
)

program_resource(program) := sprintf("program:%s", [program.metadata.id])

dataset_resource(dataset) := sprintf("dataset:%s", [dataset.id])

purpose_resource(program, purpose) := sprintf("purpose:%s/%s", [program.metadata.id, purpose.id])

data_category_resource(program, category) := sprintf("data_category:%s/%s", [program.metadata.id, category.id])
