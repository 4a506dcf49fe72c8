package main

import (
	"flag"
	"io"
	"testing"
)

func TestReplicationFlags(t *testing.T) {
	for _, c := range []struct {
		args    []string
		enabled bool
		bad     bool
	}{
		{nil, false, false},
		{[]string{"--publish-to", "nats://a:4222"}, true, false},
		{[]string{"--follow", "nats://a:4222", "--replica-name", "r1"}, true, false},
		{[]string{"--publish-to", "nats://a:4222", "--follow", "nats://a:4222"}, true, true},
		{[]string{"--publish-to", "nats://a:4222", "--stream", "a.b"}, true, true},
		{[]string{"--publish-to", "nats://a:4222", "--replicas", "0"}, true, true},
		{[]string{"--follow", "nats://a:4222", "--replica-name", "r 1"}, true, true},
	} {
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		r := addReplicationFlags(fs)
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		if r.enabled() != c.enabled {
			t.Errorf("%v: enabled %v", c.args, r.enabled())
		}
		if err := r.check(); (err != nil) != c.bad {
			t.Errorf("%v: check %v", c.args, err)
		}
	}
}
