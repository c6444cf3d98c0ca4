# The one entrypoint: every rule's findings, gathered by package path.
package compliance.main

# findings holds each rule's raw findings tagged with the rule's package; Python joins the
# rule metadata (id, title, severity, legal references) by that package.
findings contains object.union(raw, {"package": sprintf("compliance.rules.%s.%s", [area, name])}) if {
	some area, name
	some raw in data.compliance.rules[area][name].deny
}

