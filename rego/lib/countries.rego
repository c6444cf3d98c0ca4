# Country lists (ISO 3166-1 alpha-2) used by applicability and transfer rules.
package compliance.lib

# EU member states plus Iceland, Liechtenstein and Norway.
eea_countries := {
	"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
	"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
	"IS", "LI", "NO",
}

# Countries with a Commission adequacy decision under GDPR Art. 45 (the US only through the
# EU-US Data Privacy Framework, which is checked separately as a transfer mechanism).
adequate_countries := {
	"AD", "AR", "CA", "CH", "FO", "GB", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "UY",
}

# country_of returns the ISO 3166-1 part of a code such as "US-NY".
country_of(code) := upper(split(code, "-")[0])

in_eea(code) if country_of(code) in eea_countries
