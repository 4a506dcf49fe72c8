package store

import "testing"

// TestBlockCacheSize: Options.BlockCacheSize reaches Badger; zero keeps
// each profile's own size.
func TestBlockCacheSize(t *testing.T) {
	small := DefaultOptions().badger(t.TempDir()).BlockCacheSize
	large := Options{Profile: ProfileLarge}.badger(t.TempDir()).BlockCacheSize
	tests := []struct {
		name string
		opts Options
		want int64
	}{
		{"small profile default", DefaultOptions(), 128 << 20},
		{"small profile, 512 MiB", Options{BlockCacheSize: 512 << 20}, 512 << 20},
		{"large profile default", Options{Profile: ProfileLarge}, large},
		{"large profile, 64 MiB", Options{Profile: ProfileLarge, BlockCacheSize: 64 << 20}, 64 << 20},
	}
	if small != 128<<20 {
		t.Fatalf("small profile's block cache is %d", small)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.opts.badger(t.TempDir()).BlockCacheSize; got != tt.want {
				t.Fatalf("block cache %d, want %d", got, tt.want)
			}
		})
	}
}
