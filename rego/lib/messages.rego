# How rules show input values in their messages, one way for every rule.
package compliance.lib

# shown is a value as a message shows it: its JSON, or "missing" when it is not declared (the
# loader leaves out null, so null only reaches a rule from a default such as object.get's).
shown(value) := json.marshal(value) if value != null

else := "missing"

# state is the value at path in node as a message shows it: its JSON, or "missing" when absent
# (two different defaults agree only when the value is there).
state(node, path) := json.marshal(object.get(node, path, null)) if {
	object.get(node, path, 0) == object.get(node, path, 1)
} else := "missing"

# label names the i-th entry of a list in a message: its key (e.g. "id", "name") where it has one,
# else "#i".
label(i, entry, key) := entry[key] if is_string(entry[key])

else := sprintf("#%d", [i])
