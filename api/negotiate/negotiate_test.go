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
