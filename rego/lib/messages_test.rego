package compliance.lib.messages_test

import data.compliance.lib

test_shown_writes_json_or_missing if {
	lib.shown(true) == "true"
	lib.shown("a") == "\"a\""
	lib.shown(["x", 1]) == "[\"x\",1]"
	lib.shown(null) == "missing"
	lib.shown(false) == "false"
}

test_state_reads_a_path_or_says_missing if {
	lib.state({"a": {"b": 0}}, ["a", "b"]) == "0"
	lib.state({"a": {"b": false}}, ["a", "b"]) == "false"
	lib.state({"a": {}}, ["a", "b"]) == "missing"
	lib.state({}, ["a", "b"]) == "missing"
}

test_label_prefers_the_id if {
	lib.label(3, {"id": "train"}, "id") == "train"
	lib.label(3, {"name": "no id"}, "id") == "#3"
	lib.label(3, {"name": "acme"}, "name") == "acme"
	lib.label(0, {"id": 7}, "id") == "#0"
}
