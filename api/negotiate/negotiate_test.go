package negotiate

import "testing"

var rdfOffers = []string{"application/ld+json", "text/turtle", "application/n-triples", "text/html"}

func TestBest(t *testing.T) {
	tests := []struct {
		name, accept string
		want         string
		ok           bool
	}{
		{"empty accepts first", "", "application/ld+json", true},
		{"exact", "text/turtle", "text/turtle", true},
		{"q-values win over header order", "text/turtle;q=0.1, application/ld+json;q=0.9", "application/ld+json", true},
		{"q=0 excludes", "text/turtle;q=0, application/ld+json", "application/ld+json", true},
		{"only q=0", "text/turtle;q=0", "", false},
		{"wildcard low, specific high", "*/*;q=0.1, text/turtle", "text/turtle", true},
		{"wildcard alone gives server order", "*/*", "application/ld+json", true},
		{"type wildcard", "text/*", "text/turtle", true},
		{"specific q=0 beats wildcard", "*/*, application/ld+json;q=0", "text/turtle", true},
		{"browser", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", true},
		{"no match", "image/png", "", false},
		{"malformed ignored", "garbage;;, text/turtle", "text/turtle", true},
		{"bad q ignored", "text/turtle;q=abc, application/n-triples", "application/n-triples", true},
		{"lone star", "*", "application/ld+json", true},
		{"case insensitive", "Text/Turtle", "text/turtle", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Best(tt.accept, rdfOffers)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Best(%q) = %q, %v; want %q, %v", tt.accept, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestLanguage(t *testing.T) {
	offers := []string{"fr", "en"}
	tests := []struct{ header, want string }{
		{"", "fr"},
		{"en", "en"},
		{"en-CA,en;q=0.9,fr;q=0.8", "en"},
		{"fr-CA", "fr"},
		{"de", "fr"},
		{"de, en;q=0.5", "en"},
		{"en;q=0, fr", "fr"},
		{"*", "fr"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := Language(tt.header, offers); got != tt.want {
				t.Errorf("Language(%q) = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

func TestChoose(t *testing.T) {
	offers := [][]string{
		{"application/rdf+xml"},
		{"text/turtle", "text/n3", "text/rdf+n3"},
		{"text/html", "application/xhtml+xml"},
	}
	tests := []struct {
		name, accept string
		want         int
		ok           bool
	}{
		{"empty accepts first", "", 0, true},
		{"alias", "text/rdf+n3", 1, true},
		{"best alias counts", "text/turtle;q=0.1, text/n3;q=0.9, application/rdf+xml;q=0.5", 1, true},
		{"q=0 on one alias, another accepted", "text/n3;q=0, text/turtle", 1, true},
		{"xhtml names the page", "application/xhtml+xml", 2, true},
		{"nothing", "image/png", -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Choose(tt.accept, offers)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Choose(%q) = %d, %v; want %d, %v", tt.accept, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestNames(t *testing.T) {
	rdf := []string{"application/rdf+xml", "text/turtle"}
	tests := []struct {
		accept string
		want   bool
	}{
		{"application/rdf+xml,text/rdf+n3;q=0.9,application/xhtml+xml;q=0.5,*/*;q=0.1", true},
		{"text/html,application/xhtml+xml,*/*;q=0.8", false},
		{"text/*", false},
		{"text/turtle;q=0", false},
		{"Text/Turtle", true},
	}
	for _, tt := range tests {
		if got := Names(tt.accept, rdf); got != tt.want {
			t.Errorf("Names(%q) = %v, want %v", tt.accept, got, tt.want)
		}
	}
}
