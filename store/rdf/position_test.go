package rdf

import "testing"

func TestLineColumn(t *testing.T) {
	tests := []struct {
		src       string
		offset    int
		line, col int
	}{
		{"", 0, 1, 1},
		{"abc", 2, 1, 3},
		{"abc", 99, 1, 4},
		{"abc", -5, 1, 1},
		{"a\nbc", 2, 2, 1},
		{"a\nbc", 3, 2, 2},
		{"é\né€x", 8, 2, 3},
		{"é\né€x", 5, 2, 2},
		{"\xff\xffz", 2, 1, 3},
		{"\n\n", 2, 3, 1},
	}
	for _, tt := range tests {
		line, col := LineColumn(tt.src, tt.offset)
		if line != tt.line || col != tt.col {
			t.Errorf("LineColumn(%q, %d) = %d:%d, want %d:%d", tt.src, tt.offset, line, col, tt.line, tt.col)
		}
		bline, bcol := LineColumn([]byte(tt.src), tt.offset)
		if bline != line || bcol != col {
			t.Errorf("LineColumn([]byte %q, %d) = %d:%d, string gives %d:%d", tt.src, tt.offset, bline, bcol, line, col)
		}
	}
}
