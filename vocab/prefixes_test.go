package vocab

import "testing"

func TestPrefixes(t *testing.T) {
	p := Prefixes()
	if p["radn"] != RadnNS || p["schema"] != SchemaNS {
		t.Fatalf("radn = %q, schema = %q", p["radn"], p["schema"])
	}
	p["radn"] = "changed"
	if Prefixes()["radn"] != RadnNS {
		t.Error("Prefixes hands out its own table: a caller changed it")
	}
}
