package compliance.rules.processors.processor_contract_test

import data.compliance.rules.processors.processor_contract

_good := {
	"name": "Lakeshore Labeling LLC",
	"country": "US",
	"dpa_signed": true,
	"art28_clauses": ["a", "b", "c", "d", "e", "f", "g", "h"],
	"subprocessor_authorisation": "general",
}

_program(processors) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "IE"}]},
	"processors": processors,
}

_findings(program) := findings if {
	findings := processor_contract.deny with input as {"programs": [program], "datasets": []}
}

test_processor_contract_fires if {
	processor := object.union(_good, {"art28_clauses": ["a", "b", "c", "d", "e", "h"]})
	_findings(_program([_good, processor])) == {{
		"resource": "program:mci",
		"field": "processors.1.art28_clauses",
		"msg": "processor Lakeshore Labeling LLC of program mci lacks Art. 28(3) terms f (assistance with Arts. 32-36), g (deletion or return at the end)",
		"evidence": {"dpa_signed": true, "missing_clauses": ["f", "g"], "subprocessor_authorisation": "general"},
	}}
}

test_processor_contract_fires_on_every_problem if {
	processor := object.union(_good, {"dpa_signed": false, "subprocessor_authorisation": "none", "art28_clauses": ["a", "b", "c", "d", "e", "f", "g"]})
	_findings(_program([processor])) == {{
		"resource": "program:mci",
		"field": "processors.0.dpa_signed",
		"msg": `processor Lakeshore Labeling LLC of program mci has no signed Art. 28 contract (dpa_signed is false); lacks Art. 28(3) terms h (compliance information and audits); lets sub-processors in without written authorisation (subprocessor_authorisation is "none")`,
		"evidence": {"dpa_signed": false, "missing_clauses": ["h"], "subprocessor_authorisation": "none"},
	}}
}

test_processor_contract_quiet if {
	count(_findings(_program([_good, object.union(_good, {"subprocessor_authorisation": "specific"})]))) == 0
	count(_findings(object.remove(_program([]), ["processors"]))) == 0
}

test_processor_contract_missing_field if {
	_findings(_program([{"country": "US"}])) == {{
		"resource": "program:mci",
		"field": "processors.0.dpa_signed",
		"msg": "processor #0 of program mci has no signed Art. 28 contract (dpa_signed is missing); lacks Art. 28(3) terms a (acting only on documented instructions), b (staff confidentiality), c (Art. 32 security), d (sub-processor conditions), e (assistance with data-subject rights), f (assistance with Arts. 32-36), g (deletion or return at the end), h (compliance information and audits); lets sub-processors in without written authorisation (subprocessor_authorisation is missing)",
		"evidence": {"dpa_signed": null, "missing_clauses": ["a", "b", "c", "d", "e", "f", "g", "h"], "subprocessor_authorisation": null},
	}}
}

test_processor_contract_outside_gdpr_quiet if {
	program := object.union(_program([{"name": "x"}]), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
